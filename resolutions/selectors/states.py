"""Reads for the member-state list and a member state's page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.translation import gettext as _

from memberstates.models import FocalPoint, MemberState, Treaty, TreatyStatus

from ..filters import MemberStateFilter
from ..followup import (
    Cell,
    build_follow_up,
    paragraphs_of_cycle,
    reporting_cycles,
    reporting_paragraphs,
)
from ..models import Reminder, ReportingCycle, Response
from .dashboard import (
    ReminderSummary,
    int_or_none,
    pick_cycle,
    reminder_summary,
    treaties_named,
    treaty_participations,
)

STATE_SORTS = ("name", "region", "treaty", "outstanding")
DEFAULT_STATE_SORT = "name"
_TREATY_ORDER = {"party": 0, "signatory": 1, "no_action": 2}
#: Parameters of links made before treaties were data (?icmw=party, ?sort=icmw).
_LEGACY_PARAMS = {"icmw": "treaty_status"}
_LEGACY_SORTS = {"icmw": "treaty"}


def _active_focal_points() -> Prefetch:
    return Prefetch(
        "focal_points",
        queryset=FocalPoint.objects.filter(is_active=True).select_related("user"),
        to_attr="active_focal_points",
    )


@dataclass
class StateRow:
    state: MemberState
    #: In the treaty the list shows (StateBrowse.treaty): party / signatory / no_action.
    category: str
    status: TreatyStatus | None
    outstanding: int

    @property
    def icmw(self) -> str:  # the name callers used before treaties were data
        return self.category

    @property
    def icmw_status(self) -> TreatyStatus | None:
        return self.status

    @property
    def main_focal_point(self) -> FocalPoint | None:
        points = self.state.active_focal_points  # type: ignore[attr-defined]
        main = [p for p in points if p.role == FocalPoint.Role.MAIN]
        return (main or points or [None])[0]


@dataclass
class StateBrowse:
    filterset: MemberStateFilter
    rows: list[StateRow]
    sort: str
    cycle: ReportingCycle | None
    valid: bool = True
    #: The treaty whose status the list shows, filters and sorts by (None: no treaty at all).
    treaty: Treaty | None = None


def browse_states(*, data: QueryDict, today: datetime.date) -> StateBrowse:
    """Member states with a treaty's status, main focal point and reports outstanding in a cycle.

    The treaty is the one chosen (?treaty=), else the first that the cycle's paragraphs name,
    else the first treaty. Queries: sessions (cycles, and the current one), the treaties, the
    states with their active focal points (2), the treaty's statuses, build_follow_up for the
    cycle (paragraphs, treaties, treaty statuses, responses).
    """
    data = _without_legacy_params(data)
    filterset = MemberStateFilter(
        data or None,
        queryset=MemberState.objects.active().prefetch_related(_active_focal_points()),
    )
    treaties = list(Treaty.objects.order_by("short_name"))
    filterset.form.fields["treaty"].choices = [("", _("The cycle's first treaty"))] + [
        (t.short_name, t.short_name) for t in treaties
    ]
    sort = data.get("sort", DEFAULT_STATE_SORT)
    if sort.removeprefix("-") in _LEGACY_SORTS:
        sort = sort.replace(sort.removeprefix("-"), _LEGACY_SORTS[sort.removeprefix("-")])
    if sort.removeprefix("-") not in STATE_SORTS:
        sort = DEFAULT_STATE_SORT
    cycles = reporting_cycles()
    cycle = pick_cycle(cycles, number=int_or_none(data.get("cycle")), today=today)
    if filterset.is_bound and not filterset.is_valid():
        return StateBrowse(filterset, [], sort, cycle, valid=False)

    states_qs = filterset.qs.order_by("name")
    states = list(states_qs)
    outstanding: dict[int, int] = {}
    named: list[Treaty] = []
    if cycle is not None and states:
        follow_up = build_follow_up(paragraphs_of_cycle(cycle.opening), states_qs, cycles=cycles)
        named = treaties_named(follow_up)
        for state in states:
            outstanding[state.pk] = len(follow_up.outstanding_for_state(state.pk))
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    treaty = next((t for t in treaties if t.short_name == cleaned.get("treaty")), None)
    treaty = treaty or (named or treaties or [None])[0]
    [participation] = treaty_participations(
        treaties=[treaty] if treaty else [], states=states, on=today, since=today
    ) or [None]
    rows = [
        StateRow(
            s,
            participation.category(s.pk) if participation else "no_action",
            participation.statuses.get(s.pk) if participation else None,
            outstanding.get(s.pk, 0),
        )
        for s in states
    ]
    if cleaned.get("treaty_status"):
        rows = [r for r in rows if r.category == cleaned["treaty_status"]]
    choice = filterset.form.cleaned_data.get("outstanding") if filterset.is_bound else ""
    if choice == "yes":
        rows = [r for r in rows if r.outstanding]
    elif choice == "no":
        rows = [r for r in rows if not r.outstanding]
    rows.sort(key=_state_sort_key(sort.removeprefix("-")), reverse=sort.startswith("-"))
    return StateBrowse(filterset, rows, sort, cycle, treaty=treaty)


def _without_legacy_params(data: QueryDict) -> QueryDict:
    """?icmw=party, from links made before treaties were data, means ?treaty_status=party."""
    if not any(old in data and new not in data for old, new in _LEGACY_PARAMS.items()):
        return data
    data = data.copy()
    for old, new in _LEGACY_PARAMS.items():
        if old in data and new not in data:
            data.setlist(new, data.getlist(old))
        data.pop(old, None)
    return data


def _state_sort_key(name: str):
    if name == "region":
        return lambda r: (r.state.region, r.state.name)
    if name == "treaty":
        return lambda r: (_TREATY_ORDER[r.category], r.state.name)
    if name == "outstanding":
        return lambda r: (r.outstanding, r.state.name)
    return lambda r: r.state.name


# --- A member state's page -----------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    changes: list[tuple[str, Any, Any]]  # (field label, old, new)
    source: str
    reason: str
    created: bool


@dataclass
class TreatyRow:
    treaty: Treaty
    status: TreatyStatus | None
    history: list[HistoryEntry]

    @property
    def category(self) -> str:
        return self.status.category.replace("none", "no_action") if self.status else "no_action"


@dataclass
class CycleReports:
    cycle: ReportingCycle | None
    cells: list[Cell]


@dataclass
class StatePage:
    state: MemberState
    focal_points: list[FocalPoint]
    treaties: list[TreatyRow]
    reports: list[CycleReports]
    other_responses: list[Response]
    reminders: list[Reminder]
    cycle: ReportingCycle | None
    schedule: ReminderSummary | None

    @property
    def outstanding(self) -> int:
        if not self.reports or self.reports[0].cycle != self.cycle:
            return 0
        return sum(1 for c in self.reports[0].cells if not c.settled)


_HISTORY_FIELDS = ("signature_date", "consent_date", "consent_type", "source")


def _history_entries(records: Iterable[Any]) -> list[HistoryEntry]:
    """Newest first, each with what it changed against the record before it."""
    records = list(records)  # oldest first
    labels = {name: TreatyStatus._meta.get_field(name).verbose_name for name in _HISTORY_FIELDS}
    entries = []
    for previous, record in zip([None, *records[:-1]], records, strict=True):
        if previous is None:
            changes = [
                (labels[name], None, getattr(record, name))
                for name in _HISTORY_FIELDS
                if getattr(record, name) not in (None, "")
            ]
        else:
            delta = record.diff_against(previous, included_fields=list(_HISTORY_FIELDS))
            changes = [(labels[c.field], c.old, c.new) for c in delta.changes]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                changes=changes,
                source=record.source,
                reason=record.history_change_reason or "",
                created=previous is None,
            )
        )
    return entries[::-1]


def state_page(*, state: MemberState, today: datetime.date) -> StatePage:
    """Everything about one state, in a fixed number of queries.

    Queries: focal points with users, treaties, treaty statuses, their history with users,
    sessions (cycles, and the current one), build_follow_up over every reporting paragraph
    for this state (paragraphs, treaties, states, treaty statuses, responses), all its
    responses (for any outside a resolution's own cycle), its reminders, and the current
    cycle's reminders by step.
    """
    focal_points = list(
        FocalPoint.objects.filter(member_state=state, is_active=True)
        .select_related("user")
        .order_by("role", "user__name")
    )
    treaties = list(Treaty.objects.order_by("short_name"))
    statuses = {s.treaty_id: s for s in TreatyStatus.objects.filter(member_state=state)}
    history: dict[int, list[Any]] = {}
    for record in (
        TreatyStatus.history.filter(member_state_id=state.pk)
        .select_related("history_user")
        .order_by("history_id")  # insertion order: dates can go back (a corrected clock)
    ):
        history.setdefault(record.treaty_id, []).append(record)
    treaty_rows = [
        TreatyRow(t, statuses.get(t.pk), _history_entries(history.get(t.pk, []))) for t in treaties
    ]

    cycles = reporting_cycles()
    cycle = pick_cycle(cycles, number=None, today=today)
    follow_up = build_follow_up(
        reporting_paragraphs().order_by("resolution__symbol", "order"),
        MemberState.objects.filter(pk=state.pk),
        cycles=cycles,
    )
    by_cycle: dict[int, CycleReports] = {}
    for cell in follow_up.for_state(state.pk):
        session_id = cell.paragraph.resolution.session_id
        by_cycle.setdefault(session_id, CycleReports(cycles.get(session_id), [])).cells.append(cell)
    reports = sorted(by_cycle.values(), key=lambda r: -(r.cycle.opening.number if r.cycle else 0))
    for group in reports:
        group.cells.sort(key=lambda c: (c.paragraph.resolution.symbol, c.paragraph.order))
    shown = {c.response.pk for g in reports for c in g.cells if c.response is not None}
    other_responses = [
        r
        for r in Response.objects.filter(member_state=state)
        .select_related("paragraph__resolution", "cycle")
        .order_by("-cycle__number")
        if r.pk not in shown
    ]
    reminders = list(
        Reminder.objects.filter(member_state=state)
        .select_related("cycle")
        .order_by("-due_on", "-step")
    )
    return StatePage(
        state=state,
        focal_points=focal_points,
        treaties=treaty_rows,
        reports=reports,
        other_responses=other_responses,
        reminders=reminders,
        cycle=cycle,
        schedule=reminder_summary(cycle=cycle, state=state) if cycle else None,
    )
