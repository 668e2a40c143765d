"""Sending: retries then failure, the secretariat's actions, languages, the clock."""

from __future__ import annotations

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from memberstates.models import MemberState
from resolutions.models import Reminder, ReminderPause
from resolutions.services.reminders import (
    ReminderError,
    pause_reminders,
    plan_reminders,
    preview_reminder,
    resume_reminders,
    send_reminder_now,
)
from resolutions.tasks import plan_reminders_task, send_reminder_task

from .conftest import STEP_30, STEP_60

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """A mail server that refuses reminders (and still takes the secretariat's notices)."""

    attempts = 0

    def send_messages(self, messages):
        if any("X-AALCO-Reminder" in m.extra_headers for m in messages):
            RefusingBackend.attempts += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_smtp_errors_are_retried_then_the_row_fails_and_the_secretariat_is_told(
    res52, make_focal_point, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.RefusingBackend"
    settings.SECRETARIAT_INBOX = "desk@aalco.example"
    RefusingBackend.attempts = 0
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    # Eager retries run at once instead of after the backoff; errors are kept in the result
    # (as on a worker) rather than raised to the caller.
    monkeypatch.setattr(send_reminder_task.app.conf, "task_eager_propagates", False)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminder_task.apply(kwargs={"reminder_id": row.pk})
    assert result.failed()
    row.refresh_from_db()
    retries = send_reminder_task.max_retries
    assert RefusingBackend.attempts == retries + 1
    assert row.status == Reminder.Status.FAILED
    assert row.attempts == retries + 1
    assert "SMTPServerDisconnected" in row.last_error
    notices = [m for m in mail.outbox if m.to == ["desk@aalco.example"]]
    assert len(notices) == 1
    assert "India" in notices[0].subject
    assert "/reminders/?status=failed" in notices[0].body


def test_a_failed_row_is_sent_by_its_retry_once_the_server_is_back(
    res52, make_focal_point, django_capture_on_commit_callbacks, settings
):
    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.RefusingBackend"
    with pytest.raises(smtplib.SMTPException):
        from resolutions.services.reminder_mail import send_reminder

        send_reminder(reminder_id=row.pk)
    row.refresh_from_db()
    assert row.status == Reminder.Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_reminder_task.delay(reminder_id=row.pk).get()["status"] == "sent"
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT and row.attempts == 2 and not row.last_error


def test_send_now_goes_through_the_ledger_and_cannot_send_twice(
    res52, make_focal_point, officer, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    india = MemberState.objects.get(iso3="IND")
    with time_machine.travel(datetime.datetime(2014, 7, 20, 6, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminder = send_reminder_now(member_state=india, cycle=res52.session, by=officer)
        reminder.refresh_from_db()
        assert (reminder.step, reminder.status) == (60, Reminder.Status.SENT)
        assert reminder.requested_by == officer
        with pytest.raises(ReminderError, match="already been sent"):
            send_reminder_now(member_state=india, cycle=res52.session, by=officer)
        # The planner finds the row and writes nothing more.
        with django_capture_on_commit_callbacks(execute=True):
            plan_reminders(today=timezone.localdate())
    assert len(mail.outbox) == 1


def test_send_now_before_the_first_step_uses_the_first_step(
    res52, make_focal_point, officer, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    india = MemberState.objects.get(iso3="IND")
    march = datetime.datetime(2014, 3, 1, 6, tzinfo=datetime.UTC)
    with time_machine.travel(march, tick=False), django_capture_on_commit_callbacks(execute=True):
        reminder = send_reminder_now(member_state=india, cycle=res52.session, by=officer)
    reminder.refresh_from_db()
    assert reminder.step == 90 and reminder.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1


def test_send_now_refuses_what_it_should_not_send(res52, make_focal_point, officer):
    india = MemberState.objects.get(iso3="IND")
    today = datetime.date(2014, 7, 20)
    with pytest.raises(ReminderError, match="focal point"):
        send_reminder_now(member_state=india, cycle=res52.session, by=officer, today=today)
    make_focal_point("IND")
    pause_reminders(member_state=india, cycle=res52.session, by=officer)
    with pytest.raises(ReminderError, match="paused"):
        send_reminder_now(member_state=india, cycle=res52.session, by=officer, today=today)
    with pytest.raises(ReminderError, match="opened"):
        send_reminder_now(
            member_state=india, cycle=res52.session, by=officer, today=datetime.date(2014, 9, 20)
        )


def test_a_paused_state_gets_nothing_until_resumed(
    res52, make_focal_point, officer, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    make_focal_point("CMR")
    india = MemberState.objects.get(iso3="IND")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        plan_reminders(today=STEP_60)
    pause_reminders(member_state=india, cycle=res52.session, by=officer, reason="Talks")
    for callback in queued:
        callback()
    assert [m.to for m in mail.outbox] == [["main.cmr@example.org"]]
    row = Reminder.objects.get(member_state=india, step=60)
    assert row.status == Reminder.Status.SCHEDULED  # held, not sent, not cancelled

    with django_capture_on_commit_callbacks(execute=True):
        result = plan_reminders(today=STEP_30)
    assert [s.iso3 for s, _c in result.paused] == ["IND"]
    assert len(mail.outbox) == 2  # Cameroon's 30-day step only

    with django_capture_on_commit_callbacks(execute=True):
        resume_reminders(member_state=india, cycle=res52.session, by=officer, today=STEP_30)
    assert not ReminderPause.objects.exists()
    statuses = dict(Reminder.objects.filter(member_state=india).values_list("step", "status"))
    assert statuses == {90: "missed", 60: "missed", 30: "sent"}
    assert [m.to for m in mail.outbox][-1] == ["main.ind@example.org"]
    assert len(mail.outbox) == 3


def test_the_email_speaks_the_focal_points_language(res52, make_focal_point):
    make_focal_point("CMR", language="fr")
    email = preview_reminder(
        member_state=MemberState.objects.get(iso3="CMR"), cycle=res52.session, step=60
    )
    assert email.language == "fr"
    assert "16 août 2014" in email.text  # dates through Django's French catalogue
    assert 'lang="fr"' in email.html
    assert email.to == ["main.cmr@example.org"]


def test_preview_without_a_focal_point_has_no_recipient(res52):
    email = preview_reminder(
        member_state=MemberState.objects.get(iso3="CHN"), cycle=res52.session, step=60
    )
    assert not email.has_recipient and email.has_content
    assert [p.number for p in email.paragraphs] == [3, 1]


@pytest.mark.parametrize(
    ("utc_moment", "expected_steps"),
    [
        # 23:30 on 16 July in Kolkata: the 60-day step is not due yet.
        (datetime.datetime(2014, 7, 16, 18, 0, tzinfo=datetime.UTC), [90]),
        # 01:30 on 17 July in Kolkata while the server's UTC clock still says 16 July.
        (datetime.datetime(2014, 7, 16, 20, 0, tzinfo=datetime.UTC), [60, 90]),
    ],
)
def test_the_day_is_kolkatas_not_the_servers(
    res52, make_focal_point, utc_moment, expected_steps, django_capture_on_commit_callbacks
):
    make_focal_point("IND")
    with time_machine.travel(utc_moment, tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == datetime.date(2014, 7, 16)
        with django_capture_on_commit_callbacks(execute=True):
            summary = plan_reminders_task.delay().get()
    assert summary["today"] == ("2014-07-17" if 60 in expected_steps else "2014-07-16")
    assert sorted(Reminder.objects.values_list("step", flat=True)) == expected_steps
    sent = Reminder.objects.get(status=Reminder.Status.SENT)
    assert sent.step == min(expected_steps)
    assert sent.late == (sent.step == 90)  # the 90-day step was due a month before
    assert len(mail.outbox) == 1


def test_command_dry_run_says_who_would_get_what_and_writes_nothing(
    res52, make_focal_point, capsys
):
    make_focal_point("IND")
    make_focal_point("IND", role="alternate")
    call_command("send_reminders", today="2014-07-17", dry_run=True)
    out = capsys.readouterr().out
    assert "would send: India, 60-day step → main.ind@example.org, cc alternate.ind@" in out
    assert "AALCO/RES/52/S 5 ¶3" in out
    assert "missed: India, 90-day step" in out
    assert "no focal point: China" in out
    assert "Dry run" in out
    assert not Reminder.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)  # the rows commit, then the in-process sends run
def test_command_sends_in_process_without_a_broker(res52, make_focal_point, capsys):
    make_focal_point("IND")
    call_command("send_reminders", today="2014-07-17")
    out = capsys.readouterr().out
    assert "scheduled: India, 60-day step" in out
    assert "Sent: India" in out and "1 reminder(s) sent." in out
    assert len(mail.outbox) == 1
    call_command("send_reminders", today="2014-07-17")
    assert "Nothing new to send." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_command_rejects_a_bad_date(reference_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="17/07/2014")


# --- Through the outbox -----------------------------------------------------------------------


def test_a_reminder_is_delivered_through_one_outbox_row(
    res52, make_focal_point, django_capture_on_commit_callbacks
):
    from aalco.models import OutboundEmail

    make_focal_point("IND")
    make_focal_point("IND", role="alternate")
    with django_capture_on_commit_callbacks(execute=True):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    email = OutboundEmail.objects.get(reminder=row)
    assert (email.kind, email.status, email.attempts) == ("reminder", "sent", 1)
    assert email.to == ["main.ind@example.org"] and email.cc == ["alternate.ind@example.org"]
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"].startswith(f"<aalco-reminder-{row.pk}@")
    assert message.reply_to == ["secretariat@aalco.example"]


def test_a_worker_lost_after_the_outbox_sent_the_reminder_does_not_send_it_twice(
    res52, make_focal_point, django_capture_on_commit_callbacks, settings
):
    from resolutions.services.reminder_mail import send_reminder
    from resolutions.services.reminders import requeue_stale

    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=True):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    assert len(mail.outbox) == 1
    # The worker died between the outbox marking the email sent and the ledger doing so.
    stale = timezone.now() - datetime.timedelta(seconds=settings.REMINDER_STALE_AFTER_SECONDS + 5)
    Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.SENDING, claimed_at=stale)
    assert requeue_stale(today=STEP_60) == [row.pk]
    assert send_reminder(reminder_id=row.pk).status == "sent"
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1


def test_the_outbox_sweeper_leaves_failed_reminders_to_the_ledger(
    res52, make_focal_point, django_capture_on_commit_callbacks, settings
):
    from aalco.models import OutboundEmail
    from aalco.tasks import deliver_due_emails_task
    from resolutions.services.reminder_mail import send_reminder

    make_focal_point("IND")
    with django_capture_on_commit_callbacks(execute=False):
        plan_reminders(today=STEP_60)
    row = Reminder.objects.get(step=60)
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.RefusingBackend"
    with pytest.raises(smtplib.SMTPException):
        send_reminder(reminder_id=row.pk)
    assert OutboundEmail.objects.get(reminder=row).status == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due_emails_task.apply().get() == {"dispatched": 0}
    assert mail.outbox == []
