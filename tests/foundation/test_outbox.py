"""The outbox: written with the change, sent once, retried with backoff, swept when lost."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import Client
from django.urls import reverse

from aalco import outbox
from aalco.models import OutboundEmail
from aalco.tasks import deliver_due_emails_task, deliver_email_task

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)
Status = OutboundEmail.Status


class DownBackend(EmailBackend):
    """A mail server that refuses connections while ``down`` is set."""

    down = True
    attempts = 0

    def send_messages(self, messages):
        DownBackend.attempts += 1
        if DownBackend.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


@pytest.fixture
def server_down(settings):
    settings.EMAIL_BACKEND = "tests.foundation.test_outbox.DownBackend"
    DownBackend.down, DownBackend.attempts = True, 0
    return DownBackend


def _enqueue(**extra) -> OutboundEmail:
    email = outbox.enqueue_email(
        kind=OutboundEmail.Kind.NOTICE,
        to=["someone@example.org"],
        subject="A notice\n on two lines",
        text="Plain text",
        html="<p>HTML</p>",
        **extra,
    )
    assert email is not None
    return email


def test_a_row_is_delivered_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = _enqueue(reply_to=["desk@aalco.example"])
        assert mail.outbox == []  # nothing leaves before the change is committed
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert email.sent_at is not None
    [message] = mail.outbox
    assert message.subject == "A notice on two lines"
    assert message.reply_to == ["desk@aalco.example"]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Message-ID"].startswith(f"<aalco-email-{email.pk}@")


def test_a_row_written_in_a_transaction_that_rolls_back_is_never_sent(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _enqueue()
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert deliver_due_emails_task.apply().get() == {"dispatched": 0}
    assert mail.outbox == []


def test_two_deliveries_of_the_same_row_send_it_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = _enqueue()
    assert deliver_email_task.apply(kwargs={"email_id": email.pk}).get()["status"] == "sent"
    # A retried task, the sweeper and a second worker all find it taken.
    assert deliver_email_task.apply(kwargs={"email_id": email.pk}).get()["status"] == "skipped"
    assert outbox.deliver_email(email_id=email.pk).status == "skipped"
    assert deliver_due_emails_task.apply().get() == {"dispatched": 0}
    assert len(mail.outbox) == 1


def test_a_second_worker_arriving_while_the_first_sends_does_nothing(
    settings, django_capture_on_commit_callbacks
):
    seen: list[str] = []

    class RacingBackend(EmailBackend):
        def send_messages(self, messages):
            # Another worker picks the same id while this one talks to the server.
            seen.append(outbox.deliver_email(email_id=email.pk).status)
            return super().send_messages(messages)

    settings.EMAIL_BACKEND = f"{__name__}.RacingBackend"
    globals()["RacingBackend"] = RacingBackend
    with django_capture_on_commit_callbacks(execute=False):
        email = _enqueue()
    assert outbox.deliver_email(email_id=email.pk).status == "sent"
    assert seen == ["skipped"]
    assert len(mail.outbox) == 1


@time_machine.travel(START, tick=False)
def test_a_server_that_is_down_is_retried_with_backoff_then_the_row_is_sent(
    server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _enqueue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.RETRYING, 1)
    assert email.next_attempt_at == START + datetime.timedelta(seconds=60)
    assert "ConnectionRefusedError" in email.last_error
    # Not due yet: the sweeper leaves it, and a stray task cannot jump the backoff.
    assert deliver_due_emails_task.apply().get() == {"dispatched": 0}
    assert outbox.deliver_email(email_id=email.pk).status == "skipped"
    assert server_down.attempts == 1

    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        assert deliver_due_emails_task.apply().get() == {"dispatched": 1}
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.RETRYING, 2)
    # Twice as long after the second failure.
    assert email.next_attempt_at == START + datetime.timedelta(seconds=60 + 120)

    server_down.down = False
    with time_machine.travel(START + datetime.timedelta(seconds=180), tick=False):
        assert deliver_due_emails_task.apply().get() == {"dispatched": 1}
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_the_backoff_is_capped(settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 60
    settings.OUTBOX_RETRY_BACKOFF_MAX_SECONDS = 600
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_after_the_last_attempt_the_row_fails_and_can_be_sent_again(
    server_down, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        email = _enqueue()
    email.refresh_from_db()
    assert (email.status, email.next_attempt_at) == (Status.FAILED, None)
    assert deliver_due_emails_task.apply().get() == {"dispatched": 0}

    server_down.down = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.send_again(email=email) is not None
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert outbox.send_again(email=email) is None  # nothing left to send
    assert len(mail.outbox) == 1


def test_a_row_whose_dispatch_was_lost_is_swept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was away
        email = _enqueue()
    assert deliver_due_emails_task.apply().get() == {"dispatched": 1}
    email.refresh_from_db()
    assert email.status == Status.SENT


def test_a_row_left_sending_by_a_lost_worker_is_sent_again(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _enqueue()
    claimed = START - datetime.timedelta(seconds=settings.OUTBOX_STALE_AFTER_SECONDS + 1)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=claimed, attempts=1
    )
    with time_machine.travel(START, tick=False):
        assert outbox.requeue_due_emails() == [email.pk]
    email.refresh_from_db()
    assert email.status == Status.RETRYING and "lost" in email.last_error
    assert outbox.deliver_email(email_id=email.pk).status == "sent"


def test_an_email_with_a_key_in_it_keeps_no_copy_once_delivered(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _enqueue(sensitive=True)
    email.refresh_from_db()
    assert email.status == Status.SENT and (email.text, email.html) == ("", "")
    assert mail.outbox[0].body == "Plain text"


def test_password_reset_goes_through_the_outbox(observer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": observer.email})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert (email.kind, email.to, email.status) == (
        OutboundEmail.Kind.PASSWORD_RESET,
        [observer.email],
        Status.SENT,
    )
    assert email.sensitive and email.text == ""  # the reset link is not kept
    [message] = mail.outbox
    assert "/accounts/reset/" in message.body


def test_a_password_reset_while_the_server_is_down_is_retried(
    observer, server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": observer.email})
    assert response["Location"] == reverse("password_reset_done")
    email = OutboundEmail.objects.get()
    assert email.status == Status.RETRYING and "/accounts/reset/" in email.text


def test_the_admin_lists_the_outbox_and_sends_again(
    reference_data, server_down, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        email = _enqueue()
    client = Client()
    client.force_login(UserFactory(email="root@aalco.example", is_staff=True, is_superuser=True))
    changelist = reverse("admin:aalco_outboundemail_changelist")
    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert "someone@example.org" in page.content.decode()
    assert client.get(reverse("admin:aalco_outboundemail_add")).status_code == 403
    server_down.down = False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "send_again", "_selected_action": [email.pk]})
    email.refresh_from_db()
    assert email.status == Status.SENT


def test_the_new_device_notice_is_written_with_the_device(
    officer, django_capture_on_commit_callbacks
):
    from django_otp.oath import totp

    from memberstates.services.two_factor import confirm_device, enrolment_device

    device = enrolment_device(user=officer, device_id=None)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm_device(device=device, token=code) is not None
    email = OutboundEmail.objects.get()
    assert (email.kind, email.to, email.status) == ("device-added", [officer.email], "sent")
    assert len(mail.outbox) == 1


def test_no_code_sends_mail_around_the_outbox():
    """One road: only aalco/outbox.py hands messages to the mail backend."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # A call, not a definition: the reset form overrides Django's send_mail hook to enqueue.
    sending = re.compile(
        r"(?<!def )\b(EmailMultiAlternatives|EmailMessage|send_mail|send_mass_mail)\(|\.send\(\)"
    )
    offenders = [
        str(path.relative_to(root))
        for package in ("aalco", "memberstates", "resolutions")
        for path in (root / package).rglob("*.py")
        if path != root / "aalco" / "outbox.py" and sending.search(path.read_text())
    ]
    assert offenders == []
