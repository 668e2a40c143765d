"""Celery tasks: thin adapters — ids in, one service call, JSON out.

Delivery guarantees live in the ledger (resolutions.services.reminders), not here: a task
that runs twice finds its row already claimed and does nothing.
"""

from __future__ import annotations

import datetime
import smtplib
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from .services import reminder_mail
from .services.exports import request_agenda_pdf_for_session, run_export_job
from .services.reminders import plan_reminders

#: The send task is killed after this; the planner re-queues rows still "sending" only after
#: REMINDER_STALE_AFTER_SECONDS, which must be longer (settings make it limit + 60 s).
SEND_TIME_LIMIT = settings.REMINDER_SEND_TIME_LIMIT_SECONDS
SEND_SOFT_TIME_LIMIT = max(SEND_TIME_LIMIT - 10, 1)


class SendReminderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Called once the task has failed for good: retries exhausted, or an error that is
        # not worth retrying (a template bug, the hard time limit).
        reminder_id = kwargs.get("reminder_id") or (args[0] if args else None)
        if reminder_id is not None:
            reminder_mail.give_up_reminder(
                reminder_id=int(reminder_id), error=f"{type(exc).__name__}: {exc}"
            )


@shared_task(
    bind=True,
    base=SendReminderTask,
    name="resolutions.tasks.send_reminder_task",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SEND_SOFT_TIME_LIMIT,
    time_limit=SEND_TIME_LIMIT,
    # Connection refused and timeouts are OSError; a 4xx/5xx answer is an SMTPException.
    autoretry_for=(smtplib.SMTPException, OSError),
    max_retries=settings.REMINDER_MAX_RETRIES,
    retry_backoff=settings.REMINDER_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
)
def send_reminder_task(self: Task, *, reminder_id: int) -> dict[str, Any]:
    outcome = reminder_mail.send_reminder(reminder_id=reminder_id)
    return {"reminder": outcome.reminder_id, "status": outcome.status, "detail": outcome.detail}


@shared_task(
    name="resolutions.tasks.plan_reminders_task",
    acks_late=True,
    soft_time_limit=240,
    time_limit=300,
)
def plan_reminders_task(today: str | None = None) -> dict[str, Any]:
    """Beat's entry point, every REMINDER_PLANNER_MINUTES; `today` (ISO) only for replays."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    result = plan_reminders(today=day)
    return {
        "today": day.isoformat(),
        "scheduled": len(result.scheduled),
        "missed": len(result.missed),
        "requeued": len(result.requeued),
        "enqueued": len(result.enqueued),
    }


@shared_task(
    name="resolutions.tasks.render_export_task",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.EXPORT_TIME_LIMIT_SECONDS + 30,
    time_limit=settings.EXPORT_TIME_LIMIT_SECONDS + 60,
)
def render_export_task(*, job_id: str) -> dict[str, Any]:
    """Render an ExportJob's file (the agenda PDF); a second delivery finds it claimed."""
    job = run_export_job(job_id=job_id)
    return {"job": job_id, "status": job.status if job else "already taken"}


@shared_task(name="resolutions.tasks.prepare_agenda_pdf_task", soft_time_limit=240, time_limit=300)
def prepare_agenda_pdf_task(*, session_id: int) -> dict[str, Any]:
    """Have the agenda's PDF ready ahead of the click: requests a render job (one at a time
    per session; unchanged data hits the exporter's cache by HTML hash)."""
    job = request_agenda_pdf_for_session(session_id=session_id)
    if job is None:
        return {"session": session_id, "status": "gone"}
    return {"session": session_id, "job": str(job.pk), "status": job.status}
