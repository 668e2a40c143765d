"""Reads for the reminder pages: the log with its filters, and the schedule per state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from memberstates.models import FocalPoint, MemberState

from ..figures_cache import cached_value, ids_key
from ..followup import reporting_cycles, state_cell_counts
from ..models import Reminder, ReminderPause, ReportingCycle, Session
from ..reminder_steps import latest_due_step, reminder_steps, step_dates
from .dashboard import int_or_none, pick_cycle

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ReminderLogFilter(django_filters.FilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("Member state"),
        field_name="member_state",
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        empty_label=_("All states"),
    )
    cycle = django_filters.ModelChoiceFilter(
        label=_("Reporting cycle opened by session"),
        field_name="cycle",
        queryset=Session.objects.order_by("-number"),
        to_field_name="number",
        empty_label=_("All cycles"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Reminder.Status.choices, empty_label=_("Any status")
    )
    step = django_filters.ChoiceFilter(label=_("Step"), choices=[], empty_label=_("Any step"))
    late = django_filters.ChoiceFilter(
        label=_("Sent late"), choices=YES_NO, method="filter_late", empty_label=_("Either")
    )

    class Meta:
        model = Reminder
        fields: list[str] = []
        form = AppForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        steps = sorted(set(reminder_steps()) | set(self._stored_steps()), reverse=True)
        self.filters["step"].extra["choices"] = [
            (str(s), _("%(days)s days before") % {"days": s}) for s in steps
        ]

    @staticmethod
    def _stored_steps() -> list[int]:
        return list(Reminder.objects.values_list("step", flat=True).distinct().order_by())

    def filter_late(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(late=value == "yes") if value else queryset


@dataclass
class ReminderLog:
    filterset: ReminderLogFilter
    rows: QuerySet[Reminder]
    failed: int

    @property
    def valid(self) -> bool:
        return self.filterset.is_valid()


def reminder_log(*, data: QueryDict) -> ReminderLog:
    base = Reminder.objects.select_related("member_state", "cycle", "requested_by").order_by(
        "-due_on", "member_state__name", "-step"
    )
    # Bound even without a filter: an empty form is valid and lists the latest reminders.
    filterset = ReminderLogFilter(data=data, queryset=base)
    rows = filterset.qs if filterset.is_valid() else base.none()
    return ReminderLog(
        filterset=filterset,
        rows=rows,
        failed=Reminder.objects.filter(status=Reminder.Status.FAILED).count(),
    )


@dataclass
class ScheduleRow:
    state: MemberState
    focal_points: list[FocalPoint]
    #: Reports the state still owes in the cycle (counted in SQL).
    owed: int
    pause: ReminderPause | None
    dates: dict[int, datetime.date] = field(default_factory=dict)  # step → its day
    reminders: dict[int, Reminder] = field(default_factory=dict)  # by step

    @property
    def main_focal_point(self) -> FocalPoint | None:
        return next((fp for fp in self.focal_points if fp.role == FocalPoint.Role.MAIN), None)

    @property
    def alternates(self) -> list[FocalPoint]:
        return [fp for fp in self.focal_points if fp.role == FocalPoint.Role.ALTERNATE]

    @property
    def owes(self) -> bool:
        return self.owed > 0

    @property
    def steps(self) -> list[tuple[int, datetime.date, Reminder | None]]:
        return [(s, d, self.reminders.get(s)) for s, d in self.dates.items()]


@dataclass
class Schedule:
    today: datetime.date
    cycle: ReportingCycle | None
    cycles: list[ReportingCycle]
    dates: dict[int, datetime.date]
    latest_due_step: int | None
    rows: list[ScheduleRow]

    @property
    def owing(self) -> list[ScheduleRow]:
        return [r for r in self.rows if r.owes]

    @property
    def no_focal_point(self) -> list[ScheduleRow]:
        return [r for r in self.rows if r.owes and r.main_focal_point is None]

    @property
    def remindable(self) -> list[ScheduleRow]:
        """The rows of the main table: states someone can be written to (or owing nothing)."""
        return [r for r in self.rows if not (r.owes and r.main_focal_point is None)]

    @property
    def skipped_steps(self) -> set[int]:
        """Past steps nobody could be reminded at: their day had gone when the first plan
        was made (the session's dates were set later). The planner then writes them as
        "missed" after their day, or not at all; no row of theirs was ever waiting."""
        skipped = set()
        for step, day in self.dates.items():
            if day >= self.today or step == self.latest_due_step:
                continue
            rows = [row.reminders[step] for row in self.rows if step in row.reminders]
            if all(
                r.status == Reminder.Status.MISSED
                and timezone.localtime(r.created_at).date() > r.due_on
                for r in rows
            ):
                skipped.add(step)
        return skipped

    @property
    def closed(self) -> bool:
        return self.cycle is not None and self.cycle.is_closed(self.today)


def cycles_with_next_session() -> tuple[dict[int, ReportingCycle], list[ReportingCycle]]:
    cycles = reporting_cycles()
    ordered = sorted(
        (c for c in cycles.values() if c.closing is not None), key=lambda c: -c.opening.number
    )
    return cycles, ordered


def reminder_schedule(
    *,
    today: datetime.date,
    cycle_number: object = None,
    member_state: MemberState | None = None,
) -> Schedule:
    """Every active state's position in one cycle: what it owes, who gets the mail, each step.

    A constant number of queries: sessions, the states, reports owed per state (counted in
    SQL), focal points, pauses and the cycle's reminder rows.
    """
    cycles, ordered = cycles_with_next_session()
    cycle = pick_cycle(cycles, number=int_or_none(cycle_number), today=today)
    if cycle is None:
        return Schedule(today, None, ordered, {}, None, [])
    states = MemberState.objects.active()
    if member_state is not None:
        states = states.filter(pk=member_state.pk)
    by_state = {s.pk: s for s in states}
    # Who owes how much, counted in SQL: no follow-up cell is built.
    ids = list(by_state)
    counts = cached_value(
        "state-cell-counts",
        [cycle.opening.pk, today, ids_key(ids)],
        lambda: state_cell_counts(state_ids=ids, cycle_id=cycle.opening.pk, on=today),
    )
    owed = {pk: addressed - settled for pk, (addressed, settled) in counts.items()}
    seen = {pk: by_state[pk] for pk in by_state if pk in counts}  # states in name order
    if member_state is not None:
        seen.setdefault(member_state.pk, member_state)
    focal: dict[int, list[FocalPoint]] = {}
    for fp in (
        FocalPoint.objects.filter(member_state_id__in=list(seen), is_active=True)
        .select_related("user")
        .order_by("role", "user__email")
    ):
        focal.setdefault(fp.member_state_id, []).append(fp)
    pauses = {
        p.member_state_id: p
        for p in ReminderPause.objects.filter(cycle=cycle.opening, member_state_id__in=list(seen))
    }
    dates = step_dates(cycle)
    rows = {
        pk: ScheduleRow(state, focal.get(pk, []), owed.get(pk, 0), pauses.get(pk), dates)
        for pk, state in seen.items()
    }
    for reminder in Reminder.objects.filter(cycle=cycle.opening, member_state_id__in=list(seen)):
        if reminder.member_state_id in rows:
            rows[reminder.member_state_id].reminders[reminder.step] = reminder
    return Schedule(
        today=today,
        cycle=cycle,
        cycles=ordered,
        dates=dates,
        latest_due_step=latest_due_step(cycle, today),
        rows=sorted(rows.values(), key=lambda r: (not r.owes, r.state.name)),
    )
