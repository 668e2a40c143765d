"""Plan and send the reminders that are due, without beat.

Sends through the broker when REDIS_URL is set (a worker delivers), in-process otherwise.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from resolutions.models import Reminder
from resolutions.reminder_steps import step_dates
from resolutions.services.reminders import PlanResult, plan_reminders
from resolutions.tasks import send_reminder_task


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD (got {value!r}).") from None


class Command(BaseCommand):
    help = "Plan the reminders due today and send them (--dry-run: say who would get what)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=str, help="Plan as if today were YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Write nothing, send nothing; print the plan."
        )

    def handle(self, *args, **options) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        dry_run = options["dry_run"]
        result = plan_reminders(today=today, dry_run=dry_run)
        self._print_plan(result)
        if dry_run:
            self.stdout.write("Dry run: nothing written, nothing sent.")
            return
        if send_reminder_task.app.conf.task_always_eager:  # no broker: sent in-process
            self._print_outcomes(result)
        else:
            queued = len(set(result.enqueued) | set(result.requeued))
            self.stdout.write(
                f"{queued} send task(s) queued on the broker; a worker delivers them."
            )

    def _print_plan(self, result: PlanResult) -> None:
        out = self.stdout.write
        out(f"Today: {result.today.isoformat()}")
        if not result.cycles:
            out("No reporting cycle has a reminder due today.")
        for cycle in result.cycles:
            closing = cycle.closing
            assert closing is not None  # a cycle with steps due has its next session
            dates = ", ".join(f"{s} days: {d.isoformat()}" for s, d in step_dates(cycle).items())
            out(
                f"Cycle {cycle}: session {closing.number} opens {closing.start_date}, "
                f"reports due {cycle.deadline}; steps {dates}"
            )
        verb = "would send" if result.dry_run else "scheduled"
        for planned in sorted(result.scheduled, key=lambda p: p.member_state.name):
            email = planned.render()
            late = " (late)" if planned.late else ""
            cc = f", cc {', '.join(email.cc)}" if email.cc else ""
            out(
                f"  {verb}: {planned.member_state.name}, {planned.step}-day step{late} "
                f"→ {', '.join(email.to)}{cc} [{email.language}]"
            )
            out(f"    subject: {email.subject}")
            for paragraph in email.paragraphs:
                out(f"    - {paragraph.label}")
        for state, _cycle, step in sorted(result.missed, key=lambda m: (m[0].name, -m[2])):
            out(f"  missed: {state.name}, {step}-day step (a later step is due)")
        for state, _cycle in sorted(result.no_focal_point, key=lambda m: m[0].name):
            out(f"  no focal point: {state.name} owes reports but has nobody to write to")
        for state, _cycle in sorted(result.paused, key=lambda m: m[0].name):
            out(f"  paused: {state.name}")
        if result.rescheduled:
            out(f"  {result.rescheduled} scheduled reminder(s) moved to new dates")
        if result.requeued:
            out(f"  {len(result.requeued)} reminder(s) left by a lost worker queued again")
        if not result.scheduled and not result.requeued:
            out("Nothing new to send.")

    def _print_outcomes(self, result: PlanResult) -> None:
        ids = set(result.enqueued) | set(result.requeued)
        rows = Reminder.objects.filter(pk__in=ids).select_related("member_state")
        for row in sorted(rows, key=lambda r: r.member_state.name):
            detail = f" ({row.note or row.last_error})" if row.note or row.last_error else ""
            self.stdout.write(f"  {row.get_status_display()}: {row.member_state.name}{detail}")
        sent = sum(1 for r in rows if r.status == Reminder.Status.SENT)
        self.stdout.write(f"{sent} reminder(s) sent.")
