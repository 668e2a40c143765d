"""When reminders fall due: the configured steps counted back from the next session's opening.

Plain functions of the settings and a reporting cycle, read by the reminders page (selectors)
and the planner (services) alike; dates are computed, never stored as truth.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from .models import ReportingCycle


def reminder_steps() -> list[int]:
    """The configured steps, earliest first (90, 60, 30, 14)."""
    return sorted({int(s) for s in settings.REMINDER_STEPS_DAYS if int(s) > 0}, reverse=True)


def step_dates(cycle: ReportingCycle) -> dict[int, datetime.date]:
    """Step → the day it is due; empty while the next session has no opening day."""
    if cycle.closing is None or cycle.closing.start_date is None:
        return {}
    opening = cycle.closing.start_date
    return {step: opening - datetime.timedelta(days=step) for step in reminder_steps()}


def due_steps(cycle: ReportingCycle, today: datetime.date) -> list[int]:
    """Steps whose day has come while the next session has not opened, earliest first."""
    if cycle.is_closed(today):
        return []
    return [step for step, day in step_dates(cycle).items() if day <= today]


def latest_due_step(cycle: ReportingCycle, today: datetime.date) -> int | None:
    steps = due_steps(cycle, today)
    return steps[-1] if steps else None


def step_for_today(cycle: ReportingCycle, today: datetime.date) -> int | None:
    """The step a reminder sent today belongs to: the latest due one, else the first one."""
    if cycle.is_closed(today) or not step_dates(cycle):
        return None
    return latest_due_step(cycle, today) or reminder_steps()[0]
