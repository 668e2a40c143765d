"""Services queue tasks by name (aalco.queue): every name they use is registered, and a
name that is not refuses at once rather than after the commit, where it would only be logged."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aalco.celery import app
from aalco.queue import enqueue_on_commit

ROOT = Path(__file__).resolve().parents[2]


def _queued_names() -> set[str]:
    names = set()
    for path in ROOT.glob("*/services/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None))
                == "enqueue_on_commit"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def test_every_task_a_service_queues_is_registered():
    names = _queued_names()
    assert "resolutions.tasks.send_reminder_task" in names
    assert names <= set(app.tasks), names - set(app.tasks)


def test_an_unknown_task_name_is_refused_before_the_commit(db):
    with pytest.raises(KeyError):
        enqueue_on_commit("resolutions.tasks.no_such_task", reminder_id=1)


def test_a_task_is_queued_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit("resolutions.tasks.plan_reminders_task", today="2014-07-20")
    assert [c.__qualname__ for c in callbacks] == ["enqueue resolutions.tasks.plan_reminders_task"]
