"""Queue a Celery task once the transaction commits, naming the task rather than importing it.

Tasks call services; a service that queues work names the task, so the two never import each
other. Every app's tasks module is imported when Django starts (its AppConfig.ready), so the
name is registered in web processes too; an unknown name raises at once, before the commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .celery import app


def enqueue_on_commit(task_name: str, **kwargs: Any) -> None:
    """Queue the task once the transaction commits. A broker that is away is logged, not
    raised: the row the task would work on (reminder, export job) stays and is picked up again.

    A named function rather than a partial: Django's robust on_commit names the callback in
    its log line and a partial has no __qualname__ (the log call itself would raise)."""
    task = app.tasks[task_name]

    def enqueue() -> None:
        task.delay(**kwargs)

    enqueue.__qualname__ = f"enqueue {task.name}"
    transaction.on_commit(enqueue, robust=True)
