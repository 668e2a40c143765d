"""Emails through the outbox, delivered by real workers on Redis to a real SMTP server."""

from __future__ import annotations

from aalco.models import OutboundEmail
from aalco.outbox import enqueue_email
from aalco.tasks import deliver_email_task
from memberstates.models import FocalPoint, MemberState
from memberstates.services.invitations import invite_focal_point

from .conftest import queue_empty, wait_for


def test_an_invitation_whose_mail_server_is_down_is_retried_then_delivered_once(
    officer, smtp_sink, start_workers, broker
):
    # The SMTP server is not running yet; the worker retries after 1 s, 2 s, 2 s …
    start_workers("patient", OUTBOX_RETRY_BACKOFF_SECONDS="1", OUTBOX_RETRY_BACKOFF_MAX_SECONDS="2")
    invitation = invite_focal_point(
        member_state=MemberState.objects.get(iso3="THA"),
        email="new.fp@mofa.example",
        name="Somchai Example",
        role=FocalPoint.Role.MAIN,
        invited_by=officer,
    )
    email = OutboundEmail.objects.get(invitation=invitation)
    wait_for(
        lambda: OutboundEmail.objects.filter(
            pk=email.pk, status="retrying", attempts__gte=2
        ).exists(),
        what="failed attempts while the server is down",
    )
    email.refresh_from_db()
    assert "Connection refused" in email.last_error

    smtp_sink.start()
    wait_for(
        lambda: OutboundEmail.objects.filter(pk=email.pk, status="sent").exists(),
        timeout=30,
        what="delivery once the server is back",
    )
    wait_for(lambda: queue_empty(broker), what="the queue to drain")
    assert smtp_sink.count_to() == {"new.fp@mofa.example": 1}


def test_two_workers_and_repeated_tasks_send_each_email_once(
    reference_data, smtp_sink, start_workers, broker
):
    smtp_sink.start()
    start_workers("one", "two")
    emails = [
        enqueue_email(
            kind=OutboundEmail.Kind.NOTICE,
            to=[f"person{i}@example.org"],
            subject=f"Notice {i}",
            text="Text",
        )
        for i in range(6)
    ]
    # And each task three more times, as a broker's redelivery or the sweeper would.
    for email in emails:
        for _ in range(3):
            deliver_email_task.delay(email_id=email.pk)
    wait_for(
        lambda: OutboundEmail.objects.filter(status="sent").count() == len(emails),
        what="every email sent",
    )
    wait_for(lambda: queue_empty(broker), what="the queue to drain")
    assert smtp_sink.count_to() == {f"person{i}@example.org": 1 for i in range(6)}
