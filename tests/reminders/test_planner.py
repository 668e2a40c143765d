"""The planner and the ledger, through the services (Celery eager, mail in locmem)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from memberstates.models import MemberState, Treaty
from memberstates.services.parties import update_treaty_status
from resolutions.models import Reminder, ReportingCycle, Response, Session
from resolutions.reminder_steps import step_dates
from resolutions.services.reminder_mail import send_reminder
from resolutions.services.reminders import plan_reminders

from ..factories import MemberStateFactory, ParagraphFactory, ResolutionFactory
from .conftest import STEP_30, STEP_60, STEP_90

pytestmark = pytest.mark.django_db


def report(iso3: str, paragraph_number: int, resolution) -> Response:
    return Response.objects.create(
        member_state=MemberState.objects.get(iso3=iso3),
        paragraph=resolution.paragraphs.get(number=paragraph_number),
        cycle=resolution.session,
        status=Response.Status.SUBMITTED,
        narrative="Done.",
        submitted_at=timezone.now(),
    )


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def sent_to(outbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_dates_come_from_the_next_session(session52):
    cycle = ReportingCycle.starting_at(session52)
    assert step_dates(cycle) == {
        90: datetime.date(2014, 6, 17),
        60: datetime.date(2014, 7, 17),
        30: datetime.date(2014, 8, 16),
        14: datetime.date(2014, 9, 1),
    }
    assert cycle.deadline == datetime.date(2014, 8, 16)


def test_plan_sends_one_digest_per_state_and_a_second_run_sends_nothing(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    make_focal_point("IND", role="alternate")
    make_focal_point("PHL")  # an ICMW party: addressed by paragraph 1 only
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_60)
    assert sorted(p.member_state.iso3 for p in result.scheduled) == ["IND", "PHL"]
    assert sent_to(mail.outbox) == {"main.ind@example.org": 1, "main.phl@example.org": 1}
    india = next(m for m in mail.outbox if m.to == ["main.ind@example.org"])
    assert india.cc == ["alternate.ind@example.org"]
    body = india.body
    # The ICMW paragraph first, then paragraph 1; the deadline and the link to answer.
    assert body.index("AALCO/RES/52/S 5 ¶3") < body.index("AALCO/RES/52/S 5 ¶1")
    assert "ICMW 1990" in body
    assert "16 August 2014" in body
    assert "http://" in body and "/my/" in body
    philippines = next(m for m in mail.outbox if m.to == ["main.phl@example.org"])
    assert "¶3" not in philippines.body and "¶1" in philippines.body

    rows = Reminder.objects.filter(member_state__iso3="IND").order_by("-step")
    assert [(r.step, r.status) for r in rows] == [(90, "missed"), (60, "sent")]
    sent = rows.get(step=60)
    assert sent.recipients == ["main.ind@example.org"]
    assert sent.cc == ["alternate.ind@example.org"]
    assert sent.attempts == 1 and sent.sent_at is not None and not sent.late
    assert sent.due_on == STEP_60

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = plan_reminders(today=STEP_60)
    assert again.scheduled == [] and again.missed == [] and callbacks == []
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 4


def test_a_state_that_reported_everything_gets_nothing(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    report("IND", 1, res52)
    report("IND", 3, res52)
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_60)
    assert result.scheduled == []
    assert mail.outbox == []


def test_reporting_after_planning_cancels_the_row_at_send_time(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_reminders(today=STEP_60)
    assert len(callbacks) == 1
    report("IND", 1, res52)
    report("IND", 3, res52)
    callbacks[0]()
    row = Reminder.objects.get(member_state__iso3="IND", step=60)
    assert row.status == Reminder.Status.CANCELLED
    assert "Nothing is missing" in row.note
    assert mail.outbox == []


def test_ratifying_after_planning_drops_the_icmw_paragraph(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_reminders(today=STEP_60)
    update_treaty_status(
        member_state=MemberState.objects.get(iso3="IND"),
        treaty=Treaty.objects.get(short_name="ICMW"),
        signature_date=None,
        consent_date=datetime.date(2014, 7, 1),
        consent_type="accession",
        source="UNTC IV-13",
    )
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert "¶3" not in mail.outbox[0].body and "¶1" in mail.outbox[0].body
    row = Reminder.objects.get(member_state__iso3="IND", step=60)
    assert row.paragraphs == [res52.paragraphs.get(number=1).pk]


def test_after_an_outage_only_the_latest_step_goes_out_marked_late(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    # The 90-day row was written but never sent (the system went down after planning).
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_90)
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_30 + datetime.timedelta(days=2))
    rows = {r.step: r for r in Reminder.objects.filter(member_state__iso3="IND")}
    assert {s: r.status for s, r in rows.items()} == {90: "missed", 60: "missed", 30: "sent"}
    assert rows[30].late and not rows[60].late
    assert len(mail.outbox) == 1
    assert {m[2] for m in result.missed} == {90, 60}
    assert mail.outbox[0].subject.startswith("[Late]")


def test_states_without_a_main_focal_point_are_listed_not_written(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("CHN", role="alternate")  # an alternate alone is not enough
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_60)
    no_fp = {s.iso3 for s, _cycle in result.no_focal_point}
    assert "CHN" in no_fp and "IND" in no_fp
    assert len(no_fp) == MemberState.objects.active().count()
    assert not Reminder.objects.exists()


def test_nothing_is_due_before_the_first_step_or_after_the_session_opens(res52, make_focal_point):
    make_focal_point("IND")
    assert plan_reminders(today=STEP_90 - datetime.timedelta(days=1)).cycles == []
    assert plan_reminders(today=datetime.date(2014, 9, 15)).cycles == []


def test_moving_the_session_moves_every_date(
    res52, make_focal_point, django_capture_on_commit_callbacks, settings
):
    make_focal_point("IND")
    with time_machine.travel(at_noon(STEP_90), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=False):
            plan_reminders(today=STEP_90)
        row = Reminder.objects.get(member_state__iso3="IND", step=90)
        assert row.due_on == STEP_90

        Session.objects.filter(number=53).update(
            start_date=datetime.date(2014, 10, 15), end_date=datetime.date(2014, 10, 18)
        )
        # Re-planning the same day: the 90-day step is now a month away, so nothing is due.
        result = plan_reminders(today=STEP_90)
        assert result.rescheduled == 1 and result.cycles == []
        row.refresh_from_db()
        assert row.due_on == datetime.date(2014, 7, 17)
        assert row.status == Reminder.Status.SCHEDULED
        # Its task, already queued, leaves it for its new day.
        assert send_reminder(reminder_id=row.pk).status == "skipped"
        assert ReportingCycle.starting_at(Session.objects.get(number=52)).deadline == (
            datetime.date(2014, 9, 15)
        )

        # On its new day the idle row is queued again by the planner and sent once.
        clock.move_to(at_noon(datetime.date(2014, 7, 17)))
        with django_capture_on_commit_callbacks(execute=True):
            again = plan_reminders(today=timezone.localdate())
    assert again.requeued == [row.pk]
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1
    assert "15 September 2014" in mail.outbox[0].body  # the new deadline


def test_a_row_left_sending_by_a_lost_worker_is_sent_by_the_next_run(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(member_state__iso3="IND", step=60)
    # A worker claimed it and died.
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(minutes=10),
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_60)
    assert result.requeued == [row.pk]
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT and row.attempts == 2
    assert len(mail.outbox) == 1


def test_a_row_being_sent_now_is_not_requeued(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    Reminder.objects.update(status=Reminder.Status.SENDING, claimed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = plan_reminders(today=STEP_60)
    assert result.requeued == [] and callbacks == []


def test_the_claim_lets_one_send_through(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    assert send_reminder(reminder_id=row.pk).status == "sent"
    assert send_reminder(reminder_id=row.pk).status == "skipped"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<aalco-reminder-{row.pk}@")


def test_the_sessions_next_to_a_closed_cycle_mark_unsent_rows_missed(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    plan_reminders(today=datetime.date(2014, 9, 16))
    row = Reminder.objects.get(step=60)
    assert row.status == Reminder.Status.MISSED
    assert "session opened" in row.note


def _scale(states: int, paragraphs: int) -> None:
    resolution = ResolutionFactory(session=Session.objects.get(number=52))
    for n in range(paragraphs):
        ParagraphFactory(resolution=resolution, number=n + 1)
    for _ in range(states):
        MemberStateFactory()


def _planning_queries(today: datetime.date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        plan_reminders(today=today, dry_run=True)
    return len(ctx.captured_queries)


def test_planning_costs_a_constant_number_of_queries(
    reference_data, make_focal_point, django_assert_max_num_queries
):
    _scale(states=2, paragraphs=2)
    make_focal_point("IND")
    small = _planning_queries(STEP_60)
    _scale(states=30, paragraphs=10)
    make_focal_point("PHL")
    make_focal_point("CHN")
    assert _planning_queries(STEP_60) == small
    # Queries: sessions (cycles); follow-up: paragraphs, their treaties, states, treaty
    # statuses, responses; focal points; pauses; existing reminder rows.
    with django_assert_max_num_queries(9):
        plan_reminders(today=STEP_60, dry_run=True)
