"""Deliver the emails that are due, without beat (a cron line where there is no broker).

Through the broker when REDIS_URL is set (a worker delivers), in-process otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aalco.tasks import deliver_due_emails_task


class Command(BaseCommand):
    help = "Deliver the outbox's due emails: never dispatched, or due for a retry."

    def handle(self, *args, **options) -> None:
        result = deliver_due_emails_task.apply().get()
        self.stdout.write(f"{result['dispatched']} email(s) dispatched.")
