"""Follow-up across the years: reporting rate per cycle, per item and per state."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memberstates.models import MemberState
from resolutions.models import Response

from ..factories import ParagraphFactory, ResolutionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def report(paragraph, iso3, status=Response.Status.SUBMITTED):
    return Response.objects.create(
        member_state=MemberState.objects.get(iso3=iso3),
        paragraph=paragraph,
        cycle=paragraph.resolution.session,
        status=status,
        submitted_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )


def test_rate_per_cycle_item_and_state(client_for, observer, seed_resolution):
    para1 = seed_resolution.paragraphs.get(number=1)
    report(para1, "IND")
    page = client_for(observer).get("/history/")
    assert page.status_code == 200
    data = page.context["data"]
    ((cycle, rate),) = data.cycles
    assert cycle.opening.number == 52
    assert rate.settled >= 1 and rate.addressed > 47  # para 1 asks all 47, para 3 the non-parties
    india = next(r for r in data.states if r.state.iso3 == "IND")
    assert india.overall.settled == 1
    one_state = client_for(observer).get("/history/?state=IND")
    assert [r.state.iso3 for r in one_state.context["data"].states] == ["IND"]


def test_constant_queries_over_sessions_and_states(client_for, observer, seed_resolution):
    client = client_for(observer)
    with CaptureQueriesContext(connection) as small:
        client.get("/history/")
    for number in range(60, 64):
        session = SessionFactory(number=number, year=2000 + number - 40)
        resolution = ResolutionFactory(session=session)
        for n in range(1, 4):
            ParagraphFactory(
                resolution=resolution, number=n, order=n, requests_report=True, addressees="all"
            )
    with CaptureQueriesContext(connection) as large:
        page = client.get("/history/")
    assert len(large) == len(small)
    assert len(page.context["data"].cycles) >= 2


def test_focal_points_do_not_see_it(client_for, focal_a):
    assert client_for(focal_a).get("/history/").status_code == 403
