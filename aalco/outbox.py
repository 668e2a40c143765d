"""The outbox: every email the application sends takes this one road.

1. ``enqueue_email`` writes an ``OutboundEmail`` row in the caller's transaction and asks
   for its delivery once that transaction commits: a change that rolls back sends nothing.
2. ``deliver_email`` (run by ``aalco.tasks.deliver_email_task``, in-process when there is
   no broker) claims the row with a conditional UPDATE whose row count must be 1, sends it,
   and marks it sent. A failure is written on the row with the time of the next attempt,
   exponential backoff up to ``OUTBOX_MAX_ATTEMPTS``; then the row is ``failed`` for good.
3. ``requeue_due_emails`` (beat, every ``OUTBOX_SWEEP_SECONDS``, or ``manage.py
   deliver_outbox``) finds rows that are due: never dispatched (the broker was away when the
   transaction committed), due for a retry, or left ``sending`` by a worker that died.

Lifecycle::

    pending ─claim─▶ sending ─▶ sent
                        └─error─▶ retrying ─(next_attempt_at)─claim─▶ sending …
                                    └─ attempts exhausted ─▶ failed ─"send again"─▶ pending

Rows tied to a reminder are delivered by the reminder ledger itself, one attempt per row
(``resolutions.services.reminder_mail.send_reminder``): the ledger re-checks what a state
still owes before each attempt, so the sweeper leaves them alone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboundEmail
from .queue import enqueue_on_commit

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status


def enqueue_email(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
    sensitive: bool = False,
    invitation=None,
    response=None,
    reminder=None,
    max_attempts: int | None = None,
    dispatch: bool = True,
) -> OutboundEmail | None:
    """Write the email to send in the current transaction; None when it has no recipient.

    ``dispatch=False`` leaves the delivery to the caller (the reminder ledger delivers its
    own rows at once with ``deliver_email``).
    """
    recipients = [address for address in to if address]
    if not recipients:
        return None
    email = OutboundEmail.objects.create(
        kind=kind,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        cc=[address for address in cc if address],
        reply_to=list(reply_to),
        headers=dict(headers or {}),
        subject=" ".join(subject.split())[:255],  # a header is one line
        text=text,
        html=html,
        sensitive=sensitive,
        invitation=invitation,
        response=response,
        reminder=reminder,
        max_attempts=max_attempts or settings.OUTBOX_MAX_ATTEMPTS,
        next_attempt_at=timezone.now(),
    )
    if dispatch:
        dispatch_on_commit(email.pk)
    return email


def dispatch_on_commit(email_id: int) -> None:
    """Queue the delivery task once the transaction commits (at once outside one).

    A broker that is away is logged, not raised: the row stays pending and the sweeper
    dispatches it later. The task is named, not imported (tasks import this module).
    """
    enqueue_on_commit("aalco.tasks.deliver_email_task", email_id=email_id)


@dataclass(frozen=True)
class Delivery:
    email_id: int
    status: str  # sent, retrying, failed, or skipped (not claimable: done, taken, not due)
    retry_at: datetime.datetime | None = None
    error: str = ""


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait after the ``attempts``-th failure: base, 2×base, 4×base … up to the cap."""
    base = settings.OUTBOX_RETRY_BACKOFF_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_BACKOFF_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def deliver_email(*, email_id: int, raise_errors: bool = False) -> Delivery:
    """Claim the row, send it once, record the outcome.

    Safe to call any number of times, from any number of workers: only the call whose
    conditional UPDATE moves the row to ``sending`` sends. ``raise_errors`` re-raises the
    mail backend's error after recording it (for a caller that retries on its own).
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id,
        status__in=(Status.PENDING, Status.RETRYING),
        next_attempt_at__lte=now,
        attempts__lt=F("max_attempts"),
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    if claimed != 1:
        return Delivery(email_id, "skipped")
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        as_message(email).send()
    except Exception as exc:
        delivery = _record_failure(email, exc)
        if raise_errors:
            raise
        return delivery
    # RESIDUAL DUPLICATE RISK: a process that dies here — the mail server has accepted the
    # message, the row still says "sending" — leaves a row the sweeper sends once more after
    # OUTBOX_STALE_AFTER_SECONDS. SMTP has no two-phase commit; the window is one round trip
    # and one UPDATE wide, and the fixed Message-ID lets mail clients fold the copies.
    changes: dict = {"status": Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.sensitive:
        # The link in it is a key: it stays in the person's mailbox, not in our table.
        changes.update(text="", html="")
    OutboundEmail.objects.filter(pk=email_id, status=Status.SENDING).update(
        **changes, updated_at=timezone.now()
    )
    return Delivery(email_id, "sent")


def as_message(email: OutboundEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": f"<aalco-email-{email.pk}@{mail_domain()}>", **email.headers}
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc or None,
        reply_to=email.reply_to or None,
        headers=headers,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def mail_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "aalco.example"


def _record_failure(email: OutboundEmail, exc: BaseException) -> Delivery:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    if email.attempts >= email.max_attempts:
        status, retry_at = Status.FAILED, None
        logger.error(
            "Giving up on email %s (%s) after %s attempts: %s",
            email.pk,
            email.kind,
            email.attempts,
            error,
        )
    else:
        status, retry_at = Status.RETRYING, now + retry_delay(email.attempts)
        logger.warning(
            "Email %s (%s) failed, next attempt at %s: %s",
            email.pk,
            email.kind,
            retry_at.isoformat(),
            error,
        )
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=status, last_error=error, next_attempt_at=retry_at, updated_at=now
    )
    return Delivery(email.pk, status, retry_at, error)


def requeue_due_emails(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of the rows to deliver now; rows a lost worker left ``sending`` are put back first.

    Reminder rows are the ledger's (see the module docstring). A row is dispatched again
    even if a task for it is still queued: the claim lets one through.
    """
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_STALE_AFTER_SECONDS)
    lost = OutboundEmail.objects.filter(
        status=Status.SENDING, claimed_at__lt=stale, reminder__isnull=True
    )
    # RESIDUAL DUPLICATE RISK: see deliver_email — the lost worker may have sent it.
    lost.filter(attempts__lt=F("max_attempts")).update(
        status=Status.RETRYING,
        last_error="The worker sending it was lost; queued again.",
        next_attempt_at=now,
        updated_at=now,
    )
    lost.update(
        status=Status.FAILED,
        last_error="The worker sending it was lost after the last attempt.",
        updated_at=now,
    )
    return list(
        OutboundEmail.objects.filter(
            status__in=(Status.PENDING, Status.RETRYING),
            next_attempt_at__lte=now,
            reminder__isnull=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def send_again(*, email: OutboundEmail) -> OutboundEmail | None:
    """Try a failed (or waiting) email at once, with a fresh set of attempts.

    Returns None when there is nothing to send again: it was sent, or is being sent.
    """
    now = timezone.now()
    updated = (
        OutboundEmail.objects.filter(pk=email.pk, reminder__isnull=True)
        .filter(Q(status=Status.FAILED) | Q(status=Status.RETRYING))
        .update(
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=now,
            updated_at=now,
        )
    )
    if updated != 1:
        return None
    dispatch_on_commit(email.pk)
    email.refresh_from_db()
    return email
