"""`make run` demo data: the seed arrives through the import service, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from resolutions.models import Resolution
from resolutions.services.demo import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_data_imports_the_seed_once(reference_data):
    first = load_demo_data(password="demo-password-123")
    assert first.imported == ["AALCO/RES/52/S 5"]
    resolution = Resolution.objects.get()
    assert resolution.imported_by.email == "secretariat@aalco.example"
    assert resolution.paragraphs.count() == 9

    resolution.title = "Edited by the secretariat"
    resolution.save()
    second = load_demo_data(password="demo-password-123")
    assert second.imported == [] and second.already_there == ["AALCO/RES/52/S 5"]
    assert Resolution.objects.get().title == "Edited by the secretariat"


def test_load_demo_data_command(reference_data, capsys):
    call_command("load_demo_data", "--password", "demo-password-123")
    assert "Imported the demo resolution AALCO/RES/52/S 5" in capsys.readouterr().out
