"""Pages at a generated size show a page of what they list, not everything ever adopted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from resolutions.models import Resolution, Session
from resolutions.services.bench_data import generate_bench_data


@pytest.fixture
def grown(reference_data):
    generate_bench_data(states=120, sessions=3, resolutions_per_session=12, seed=21)
    User = get_user_model()
    officer, focal = Client(), Client()
    officer.force_login(User.objects.get(email="secretariat@aalco.example"))
    focal.force_login(User.objects.get(email="focal.ind@aalco.example"))
    return officer, focal


@pytest.mark.django_db
def test_lists_are_paginated_and_one_cycle_or_item_is_shown(grown):
    officer, focal = grown
    html = officer.get("/resolutions/").content.decode()
    assert html.count('href="/resolutions/') >= 25 and "Showing 1 to 25 of 36" in html
    second = officer.get("/resolutions/?page=2").content.decode()
    assert "Showing 26 to 36 of 36" in second

    states = officer.get("/states/").content.decode()
    assert "Showing 1 to 50 of 120" in states

    latest = Session.objects.filter(resolutions__isnull=False).order_by("-number").first()
    earlier = Session.objects.filter(resolutions__isnull=False).order_by("number").first()
    page = officer.get("/states/IND/").context["page"]
    assert [r.cycle.opening.number for r in page.reports] == [latest.number]
    assert len(page.cycles) == 3
    page = officer.get(f"/states/IND/?cycle={earlier.number}").context["page"]
    assert [r.cycle.opening.number for r in page.reports] == [earlier.number]

    overview = focal.get("/my/").context["overview"]
    assert len(overview.due) <= 10 and overview.pages["due"].count > 10
    later = focal.get("/my/?due=2").context["overview"]
    assert later.pages["due"].number == 2
    assert {i.paragraph.pk for i in later.due}.isdisjoint({i.paragraph.pk for i in overview.due})

    agenda = officer.get(f"/sessions/{latest.number}/agenda/?item=2")
    assert agenda.context["annex_preview"].shown.number == 2
    body = agenda.content.decode()
    assert 'id="annex-item-2"' in body and 'id="annex-item-3"' not in body
    assert Resolution.objects.count() == 36
