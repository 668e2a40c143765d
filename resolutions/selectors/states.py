"""Reads for the member-state list and a member state's page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field, Prefetch
from django.http import QueryDict
from django.utils.translation import gettext as _

from memberstates.models import FocalPoint, MemberState, Treaty, TreatyStatus

from ..figures_cache import cached_value, ids_key
from ..filters import MemberStateFilter
from ..followup import (
    Cell,
    build_follow_up,
    cell_rows,
    current_cycle,
    paragraphs_of_cycle,
    reporting_cycles,
    reporting_paragraphs,
    state_cell_counts,
)
from ..models import Reminder, ReportingCycle
from .dashboard import (
    ReminderSummary,
    int_or_none,
    pick_cycle,
    reminder_summary,
    treaties_of_paragraphs,
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
        points = self.state.active_focal_points  # type: ignore[attr-defined]  # Prefetch(to_attr)
        main = [p for p in points if p.role == FocalPoint.Role.MAIN]
        return (main or points or [None])[0]


@dataclass
class StateBrowse:
    filterset: MemberStateFilter
    rows: list[StateRow]
    sort: str
    cycle: ReportingCycle | None  # None: counted over every open and overdue cycle
    valid: bool = True
    #: The treaty whose status the list shows, filters and sorts by (None: no treaty at all).
    treaty: Treaty | None = None


def browse_states(*, data: QueryDict, today: datetime.date) -> StateBrowse:
    """Member states with a treaty's status, main focal point and reports outstanding.

    Outstanding counts every open and overdue cycle (what a state still owes, whenever it
    was asked), unless ``?cycle=`` picks one. The treaty is the one chosen (?treaty=), else
    the first that the current cycle's paragraphs name, else the first treaty.

    Queries: sessions (cycles, and the current one), the treaties, the states with their
    active focal points (2), the treaties the cycle's paragraphs name, the treaty's statuses,
    reports outstanding per state counted in SQL.
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
    sort = _state_sort(data.get("sort", DEFAULT_STATE_SORT))
    cycles = reporting_cycles()
    number = int_or_none(data.get("cycle"))
    cycle = pick_cycle(cycles, number=number, today=today) if number is not None else None
    if filterset.is_bound and not filterset.is_valid():
        return StateBrowse(filterset, [], sort, cycle, valid=False)

    states = list(filterset.qs.order_by("name"))
    outstanding = _outstanding(states, cycle, today)
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    treaty = next((t for t in treaties if t.short_name == cleaned.get("treaty")), None)
    treaty = treaty or _first_named_treaty(cycle or current_cycle(today, cycles=cycles), treaties)
    participation = next(
        iter(
            treaty_participations(
                treaties=[treaty] if treaty else [], states=states, on=today, since=today
            )
        ),
        None,
    )
    rows = [
        StateRow(
            s,
            participation.category(s.pk) if participation else "no_action",
            participation.statuses.get(s.pk) if participation else None,
            outstanding.get(s.pk, 0),
        )
        for s in states
    ]
    rows = _filter_rows(rows, cleaned)
    rows.sort(key=_state_sort_key(sort.removeprefix("-")), reverse=sort.startswith("-"))
    return StateBrowse(filterset, rows, sort, cycle, treaty=treaty)


def _state_sort(sort: str) -> str:
    """The ?sort= asked for, under its current name; the default when unknown."""
    if sort.removeprefix("-") in _LEGACY_SORTS:
        sort = sort.replace(sort.removeprefix("-"), _LEGACY_SORTS[sort.removeprefix("-")])
    return sort if sort.removeprefix("-") in STATE_SORTS else DEFAULT_STATE_SORT


def _outstanding(
    states: list[MemberState], cycle: ReportingCycle | None, today: datetime.date
) -> dict[int, int]:
    """Reports each state owes: in the chosen cycle, else over every cycle so far (each one
    open or overdue). Counted in SQL from the obligations and the responses' status."""
    if not states:
        return {}
    ids = [s.pk for s in states]
    cycle_id = cycle.opening.pk if cycle is not None else None
    # Over every cycle this reads all the obligations (150,000 at UN size): kept until the
    # figures change.
    counts = cached_value(
        "state-cell-counts",
        [cycle_id, today, ids_key(ids)],
        lambda: state_cell_counts(state_ids=ids, cycle_id=cycle_id, on=today),
    )
    return {pk: addressed - settled for pk, (addressed, settled) in counts.items()}


def _first_named_treaty(naming: ReportingCycle | None, treaties: list[Treaty]) -> Treaty | None:
    """The first treaty the cycle's paragraphs name, else the first treaty, else none."""
    named = (
        treaties_of_paragraphs(paragraphs_of_cycle(naming.opening).values("pk"))
        if naming is not None
        else []
    )
    return next(iter(named or treaties), None)


def _filter_rows(rows: list[StateRow], cleaned: dict[str, Any]) -> list[StateRow]:
    """The choices applied after the follow-up: treaty status, reports outstanding."""
    if cleaned.get("treaty_status"):
        rows = [r for r in rows if r.category == cleaned["treaty_status"]]
    if cleaned.get("outstanding") == "yes":
        rows = [r for r in rows if r.outstanding]
    elif cleaned.get("outstanding") == "no":
        rows = [r for r in rows if not r.outstanding]
    return rows


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
class CycleSummary:
    """One cycle in the state page's cycle navigation: counted from tuples, not cells."""

    cycle: ReportingCycle | None
    addressed: int = 0
    outstanding: int = 0
    shown: bool = False


@dataclass
class StatePage:
    state: MemberState
    focal_points: list[FocalPoint]
    treaties: list[TreatyRow]
    reports: list[CycleReports]
    reminders: list[Reminder]
    cycle: ReportingCycle | None
    schedule: ReminderSummary | None
    #: Every cycle that asked this state to report, newest first; `reports` holds the shown one.
    cycles: list[CycleSummary] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        """Reports outstanding in the current cycle (whichever cycle is shown)."""
        current = self.cycle.opening.pk if self.cycle else None
        return next(
            (c.outstanding for c in self.cycles if c.cycle and c.cycle.opening.pk == current), 0
        )


_HISTORY_FIELDS = ("signature_date", "consent_date", "consent_type", "source")


def _history_entries(records: Iterable[Any]) -> list[HistoryEntry]:
    """Newest first, each with what it changed against the record before it."""
    records = list(records)  # oldest first
    labels = {
        name: str(cast(Field, TreatyStatus._meta.get_field(name)).verbose_name)
        for name in _HISTORY_FIELDS
    }
    entries = []
    # A treaty with no status row for this state has no history: "no action", nothing to show.
    for previous, record in zip([None, *records], records, strict=False):
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


def _treaty_rows(state: MemberState) -> list[TreatyRow]:
    """Every treaty with the state's status and its history, oldest change last."""
    treaties = list(Treaty.objects.order_by("short_name"))
    statuses = {s.treaty_id: s for s in TreatyStatus.objects.filter(member_state=state)}
    history: dict[int, list[Any]] = {}
    for record in (
        TreatyStatus.history.filter(member_state_id=state.pk)
        .select_related("history_user")
        .order_by("history_id")  # insertion order: dates can go back (a corrected clock)
    ):
        history.setdefault(record.treaty_id, []).append(record)
    return [
        TreatyRow(t, statuses.get(t.pk), _history_entries(history.get(t.pk, []))) for t in treaties
    ]


def _cycle_summaries(
    state: MemberState, cycles: dict[int, ReportingCycle], today: datetime.date
) -> tuple[dict[int, CycleSummary], dict[int, list[int]]]:
    """Each cycle's counts for the state, and the paragraphs addressed to it in each."""
    summaries: dict[int, CycleSummary] = {}
    paragraphs_by_cycle: dict[int, list[int]] = {}
    for row in cell_rows(state_ids=[state.pk], on=today):
        summary = summaries.setdefault(row.cycle_id, CycleSummary(cycles.get(row.cycle_id)))
        summary.addressed += 1
        summary.outstanding += not row.settled
        paragraphs_by_cycle.setdefault(row.cycle_id, []).append(row.paragraph_id)
    return summaries, paragraphs_by_cycle


def _shown_cycle(
    ordered: list[tuple[int, CycleSummary]],
    summaries: dict[int, CycleSummary],
    cycle_number: int | None,
    *,
    current: ReportingCycle | None,
) -> int | None:
    """The cycle whose reports are shown (``ordered``: latest first): the one asked for, else
    the current, else the latest the state was asked in."""
    wanted = next(
        (pk for pk, s in ordered if s.cycle and s.cycle.opening.number == cycle_number), None
    )
    if wanted is None and current is not None and current.opening.pk in summaries:
        wanted = current.opening.pk
    if wanted is None and ordered:
        wanted = ordered[0][0]
    return wanted


def state_page(
    *, state: MemberState, today: datetime.date, cycle_number: int | None = None
) -> StatePage:
    """Everything about one state, in a fixed number of queries.

    Reports are shown one cycle at a time (`cycle_number`, else the current one): every
    cycle is counted from tuples, cells are built for the shown cycle only.

    Queries: focal points with users, treaties, treaty statuses, their history with users,
    sessions (cycles, and the current one), the state's cells as tuples (1), build_follow_up
    over the shown cycle's paragraphs for this state (paragraphs, treaties, states,
    obligations, responses), its reminders, and the current cycle's reminders by step.
    """
    focal_points = list(
        FocalPoint.objects.filter(member_state=state, is_active=True)
        .select_related("user")
        .order_by("role", "user__name")
    )
    treaty_rows = _treaty_rows(state)
    cycles = reporting_cycles()
    cycle = pick_cycle(cycles, number=None, today=today)
    summaries, paragraphs_by_cycle = _cycle_summaries(state, cycles, today)
    ordered = sorted(
        summaries.items(), key=lambda kv: -(kv[1].cycle.opening.number if kv[1].cycle else 0)
    )
    wanted = _shown_cycle(ordered, summaries, cycle_number, current=cycle)
    follow_up = build_follow_up(
        reporting_paragraphs()
        .filter(pk__in=paragraphs_by_cycle.get(wanted, []) if wanted is not None else [])
        .order_by("resolution__symbol", "order"),
        [state],  # already read: no query
        cycles=cycles,
        on=today,
    )
    reports = []
    if wanted is not None:
        summaries[wanted].shown = True
        reports = [CycleReports(cycles.get(wanted), follow_up.for_state(state.pk))]
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
        reminders=reminders,
        cycle=cycle,
        schedule=reminder_summary(cycle=cycle, state=state) if cycle else None,
        cycles=[s for _pk, s in ordered],
    )
