"""Fixtures of the secretariat workspace: a frozen day inside the 52 → 53 cycle, a submitted
report, and the same pages at UN scale (193 states, 20 resolutions)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from memberstates.models import MemberState, Treaty
from resolutions.models import Paragraph, Reminder, Response, Session
from resolutions.services.responses import ResponseContent, submit_response

from ..factories import (
    FocalPointFactory,
    MemberStateFactory,
    ParagraphFactory,
    ResolutionFactory,
    TreatyStatusFactory,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
#: Six months into the cycle opened by the 52nd session (9 September 2013); the 53rd opens
#: on 15 September 2014.
IN_CYCLE_52 = datetime.datetime(2014, 3, 3, 11, 0, tzinfo=KOLKATA)


@pytest.fixture
def in_cycle_52():
    with time_machine.travel(IN_CYCLE_52, tick=False):
        yield IN_CYCLE_52.date()


@pytest.fixture
def paragraph_1(seed_resolution) -> Paragraph:
    return seed_resolution.paragraphs.get(number=1)


@pytest.fixture
def paragraph_3(seed_resolution) -> Paragraph:
    return seed_resolution.paragraphs.get(number=3)


@pytest.fixture
def india_report(in_cycle_52, focal_a, paragraph_1) -> Response:
    """India's focal point reports on ¶1 through the portal's service."""
    return submit_response(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=paragraph_1,
        content=ResponseContent(narrative="A new law protects migrant workers' wages."),
        user=focal_a,
        expected_version=None,
    )


def add_reminders(session: Session, states, *, steps=(90, 60)) -> None:
    start = session.next_session().start_date
    Reminder.objects.bulk_create(
        Reminder(
            member_state=state,
            cycle=session,
            step=step,
            due_on=start - datetime.timedelta(days=step),
            status=Reminder.Status.SENT if i % 3 else Reminder.Status.FAILED,
            sent_at=timezone.now() if i % 3 else None,
        )
        for i, state in enumerate(states)
        for step in steps
    )


@pytest.fixture
def un_scale(seed_resolution, in_cycle_52):
    """193 states and 20 resolutions of the 52nd session, with reports, focal points,
    treaty statuses and reminders: every page must cost the same queries as with 47."""
    session = seed_resolution.session
    icmw = Treaty.objects.get(short_name="ICMW")
    extra = MemberStateFactory.create_batch(193 - MemberState.objects.count())
    for i, state in enumerate(extra):
        FocalPointFactory(member_state=state)
        if i % 4 == 0:
            TreatyStatusFactory(
                member_state=state,
                treaty=icmw,
                consent_date=datetime.date(2000 + i % 20, 1, 1),
                consent_type="accession",
            )
    states = list(MemberState.objects.all())
    for n in range(19):
        resolution = ResolutionFactory(session=session, symbol=f"AALCO/RES/52/S {10 + n}")
        everyone = ParagraphFactory(resolution=resolution, number=1, order=1)
        ParagraphFactory(
            resolution=resolution,
            number=2,
            order=2,
            addressees=Paragraph.Addressees.NON_PARTIES,
            treaties=[icmw],
        )
        ParagraphFactory(
            resolution=resolution,
            number=3,
            order=3,
            requests_report=False,
            addressees=Paragraph.Addressees.NONE,
            verb="Decides",
        )
        Response.objects.bulk_create(
            Response(
                member_state=state,
                paragraph=everyone,
                cycle=session,
                status=Response.Status.SUBMITTED,
                narrative="Done.",
                submitted_at=timezone.now(),
            )
            for state in states[n % 3 :: 3]
        )
    add_reminders(session, states)
    assert MemberState.objects.count() == 193
    return session
