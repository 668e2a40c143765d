"""Celery tasks of the outbox: thin adapters — ids in, one service call, JSON out.

Retries are data, not Celery state: a failed delivery writes ``next_attempt_at`` on its row,
this task schedules itself for that moment, and the sweeper finds the row again should that
message be lost (a broker restart, a worker killed). The claim in ``deliver_email`` makes a
second delivery of the same id a no-op.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from . import outbox


@shared_task(
    bind=True,
    name="aalco.tasks.deliver_email_task",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=max(settings.OUTBOX_SEND_TIME_LIMIT_SECONDS - 10, 1),
    time_limit=settings.OUTBOX_SEND_TIME_LIMIT_SECONDS,
)
def deliver_email_task(self: Task, *, email_id: int) -> dict[str, Any]:
    delivery = outbox.deliver_email(email_id=email_id)
    # In-process (no broker) there is nobody to wait for the backoff: the next sweep, or
    # `manage.py deliver_outbox`, picks the row up when it is due.
    if delivery.retry_at is not None and not self.request.is_eager:
        deliver_email_task.apply_async(kwargs={"email_id": email_id}, eta=delivery.retry_at)
    return {
        "email": email_id,
        "status": delivery.status,
        "retry_at": delivery.retry_at.isoformat() if delivery.retry_at else None,
    }


@shared_task(name="aalco.tasks.deliver_due_emails_task", soft_time_limit=50, time_limit=60)
def deliver_due_emails_task() -> dict[str, Any]:
    """Beat's entry point: dispatch every row that is due (one task each)."""
    due = outbox.requeue_due_emails()
    for email_id in due:
        deliver_email_task.delay(email_id=email_id)
    return {"dispatched": len(due)}
