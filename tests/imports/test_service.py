"""import_resolution and preview_import against the reference data."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from memberstates.models import MemberState
from resolutions.models import Paragraph, Resolution, Topic
from resolutions.services.imports import (
    ImportEdits,
    ImportRefused,
    import_resolution,
    preview_import,
)

pytestmark = pytest.mark.django_db


def test_seed_is_saved_with_its_paragraphs_and_treaty_links(seed_resolution):
    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    assert resolution == seed_resolution
    assert resolution.session.number == 52
    assert resolution.adopted_on == datetime.date(2013, 9, 12)
    assert resolution.deliberated is False
    assert resolution.secretariat_document == "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5"
    assert resolution.topic.name == "Legal Protection of Migrant Workers"
    paragraphs = list(resolution.paragraphs.order_by("order"))
    assert [p.verb for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR] == [
        "Having considered",
        "Recognizing",
        "Acknowledging",
        "Acknowledging further",
        "Welcoming",
    ]
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    assert [(p.number, p.verb) for p in operative] == [
        (1, "Requests"),
        (2, "Reaffirms"),
        (3, "Encourages"),
        (4, "Decides"),
    ]
    assert [p.order for p in paragraphs] == list(range(1, 10))
    third = operative[2]
    assert third.requests_report and third.addressees == "non_parties"
    assert [t.short_name for t in third.treaties.all()] == ["ICMW"]
    assert operative[3].carries_to_session == 53
    assert resolution.source_text.startswith("\n")
