"""The secretariat's dashboard for one reporting cycle: every figure in a constant number of
queries, whatever the number of states and resolutions."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Count

from memberstates.models import MemberState, Treaty, TreatyStatus

from ..followup import (
    FollowUp,
    ParagraphFollowUp,
    build_follow_up,
    cell_counts,
    current_cycle,
    paragraphs_of_cycle,
    reporting_cycles,
    reporting_paragraphs,
)
from ..models import Paragraph, Reminder, ReportingCycle, Resolution, Response

#: Reminder statuses the dashboard counts, in the order it shows them.
REMINDER_STATUSES = (
    Reminder.Status.SENT,
    Reminder.Status.FAILED,
    Reminder.Status.SCHEDULED,
    Reminder.Status.MISSED,
)


@dataclass
class ResolutionProgress:
    """How far the states asked to act on one resolution have reported."""

    resolution: Resolution
    paragraphs: list[ParagraphFollowUp]
    addressed: list[MemberState]
    #: States that have done everything the resolution asked of them in this cycle.
    settled: list[MemberState]

    @property
    def outstanding(self) -> list[MemberState]:
        done = {s.pk for s in self.settled}
        return [s for s in self.addressed if s.pk not in done]


def progress_by_resolution(follow_up: FollowUp) -> list[ResolutionProgress]:
    """Group a follow-up by resolution: a state counts as settled when every cell is."""
    grouped: dict[int, list[ParagraphFollowUp]] = defaultdict(list)
    resolutions: dict[int, Resolution] = {}
    for pf in follow_up.paragraphs:
        grouped[pf.paragraph.resolution_id].append(pf)
        resolutions[pf.paragraph.resolution_id] = pf.paragraph.resolution
    result = []
    for resolution_id, pfs in grouped.items():
        states: dict[int, MemberState] = {}
        unsettled: set[int] = set()
        for pf in pfs:
            for state_id, cell in pf.cells.items():
                states.setdefault(state_id, cell.state)
                if not cell.settled:
                    unsettled.add(state_id)
        addressed = sorted(states.values(), key=lambda s: s.name)
        result.append(
            ResolutionProgress(
                resolution=resolutions[resolution_id],
                paragraphs=pfs,
                addressed=addressed,
                settled=[s for s in addressed if s.pk not in unsettled],
            )
        )
    return sorted(result, key=lambda p: p.resolution.symbol)


@dataclass
class TreatyParticipation:
    """A treaty among the member states at one date (each treaty of the cycle on the dashboard)."""

    treaty: Treaty | None
    statuses: dict[int, TreatyStatus]  # by state id
    members: int
    on: datetime.date
    #: The window in which "joined" is counted: the cycle's session to today, or to the
    #: next session for a closed cycle.
    since: datetime.date
    until: datetime.date

    def category(self, state_id: int) -> str:
        """party / signatory / no_action on `on`: a later consent does not count yet."""
        status = self.statuses.get(state_id)
        if status is None:
            return "no_action"
        if status.consent_date is not None and status.consent_date <= self.on:
            return "party"
        if status.signature_date is not None and status.signature_date <= self.on:
            return "signatory"
        return "no_action"

    @property
    def parties(self) -> list[TreatyStatus]:
        return sorted(
            (s for s in self.statuses.values() if self.category(s.member_state_id) == "party"),
            key=lambda s: s.member_state.name,
        )

    @property
    def signatories(self) -> list[TreatyStatus]:
        return sorted(
            (s for s in self.statuses.values() if self.category(s.member_state_id) == "signatory"),
            key=lambda s: s.member_state.name,
        )

    @property
    def joined_since(self) -> list[TreatyStatus]:
        """Consent given between `since` (the cycle's session) and `until`."""
        return sorted(
            (
                s
                for s in self.statuses.values()
                if s.consent_date is not None and self.since <= s.consent_date <= self.until
            ),
            key=lambda s: s.consent_date or datetime.date.min,  # all set: filtered above
        )

    def parties_by_year(self) -> list[tuple[int, int]]:
        """(year, parties among today's members at the end of that year), a step series."""
        years = Counter(
            s.consent_date.year
            for s in self.statuses.values()
            if s.consent_date is not None and s.consent_date <= self.on
        )
        points, total = [], 0
        start = self.treaty.adopted_on.year if self.treaty and self.treaty.adopted_on else None
        if start is not None and (not years or start < min(years)):
            points.append((start, 0))
        for year in sorted(years):
            total += years[year]
            points.append((year, total))
        return points


def treaty_participation(
    *,
    states: list[MemberState],
    on: datetime.date,
    since: datetime.date,
    until: datetime.date | None = None,
    short_name: str | None = None,
) -> TreatyParticipation:
    """Two queries: the treaty (by short name, else the first), and its statuses."""
    treaties = Treaty.objects.all()
    treaty = (treaties.filter(short_name=short_name) if short_name else treaties).first()
    by_id = {s.pk: s for s in states}
    statuses: dict[int, TreatyStatus] = {}
    if treaty is not None and by_id:
        for status in TreatyStatus.objects.filter(treaty=treaty, member_state_id__in=list(by_id)):
            status.member_state = by_id[status.member_state_id]  # no query per state
            statuses[status.member_state_id] = status
    return TreatyParticipation(treaty, statuses, len(states), on, since, until or on)


def treaties_named(follow_up: FollowUp) -> list[Treaty]:
    """The treaties the follow-up's paragraphs name, in the order they first appear (no query:
    build_follow_up prefetches them)."""
    seen: dict[int, Treaty] = {}
    for pf in follow_up.paragraphs:
        for treaty in pf.paragraph.treaties.all():
            seen.setdefault(treaty.pk, treaty)
    return list(seen.values())


def treaties_of_paragraphs(paragraph_ids) -> list[Treaty]:
    """The treaties these paragraphs (ids, or a queryset of them) name, in the order they
    first appear: one query (none for an empty list)."""
    if isinstance(paragraph_ids, list) and not paragraph_ids:
        return []
    links = (
        Paragraph.treaties.through.objects.filter(paragraph_id__in=paragraph_ids)
        .select_related("treaty")
        .order_by("paragraph__resolution__symbol", "paragraph__order")
    )
    seen: dict[int, Treaty] = {}
    for link in links:
        seen.setdefault(link.treaty_id, link.treaty)
    return list(seen.values())


def treaty_participations(
    *,
    treaties: list[Treaty],
    states: list[MemberState],
    on: datetime.date,
    since: datetime.date,
    until: datetime.date | None = None,
) -> list[TreatyParticipation]:
    """Each treaty among the given states: one query for all their statuses (none if no treaty)."""
    by_id = {s.pk: s for s in states}
    statuses: dict[int, dict[int, TreatyStatus]] = {t.pk: {} for t in treaties}
    if treaties and by_id:
        for status in TreatyStatus.objects.filter(
            treaty__in=[t.pk for t in treaties], member_state_id__in=list(by_id)
        ):
            status.member_state = by_id[status.member_state_id]  # no query per state
            statuses[status.treaty_id][status.member_state_id] = status
    return [
        TreatyParticipation(t, statuses[t.pk], len(states), on, since, until or on)
        for t in treaties
    ]


@dataclass
class ReminderStep:
    days: int
    due_on: datetime.date | None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ReminderSummary:
    steps: list[ReminderStep]
    totals: dict[str, int]


def reminder_summary(*, cycle: ReportingCycle, state: MemberState | None = None) -> ReminderSummary:
    """Reminders of a cycle by step and status (one query), with each step's planned date.

    Step dates come from settings.REMINDER_STEPS_DAYS counted back from the next session's
    opening day; unknown while that day is.
    """
    opens = cycle.closing.start_date if cycle.closing else None
    steps = {
        days: ReminderStep(days, opens - datetime.timedelta(days=days) if opens else None)
        for days in sorted({int(d) for d in settings.REMINDER_STEPS_DAYS}, reverse=True)
    }
    rows = Reminder.objects.filter(cycle=cycle.opening)
    if state is not None:
        rows = rows.filter(member_state=state)
    totals: Counter[str] = Counter()
    for row in rows.values("step", "status").annotate(n=Count("pk")).order_by():
        step = steps.setdefault(row["step"], ReminderStep(row["step"], None))
        step.counts[row["status"]] = step.counts.get(row["status"], 0) + row["n"]
        totals[row["status"]] += row["n"]
    ordered = sorted(steps.values(), key=lambda s: -s.days)
    return ReminderSummary(steps=ordered, totals={s: totals.get(s, 0) for s in REMINDER_STATUSES})


def int_or_none(value: object) -> int | None:
    """A number from a query parameter, or None when it is missing or not a number."""
    try:
        return int(value)  # type: ignore[call-overload]  # what int() refuses is caught below
    except (TypeError, ValueError):
        return None


def pick_cycle(
    cycles: dict[int, ReportingCycle], *, number: int | None, today: datetime.date
) -> ReportingCycle | None:
    """The cycle opened by session `number`, else the open (or latest) one."""
    if number is not None:
        for cycle in cycles.values():
            if cycle.opening.number == number:
                return cycle
    return current_cycle(today, cycles=cycles)


@dataclass
class Dashboard:
    today: datetime.date
    cycle: ReportingCycle
    cycles: list[ReportingCycle]
    states: list[MemberState]
    resolutions: list[ResolutionProgress]
    #: One per treaty that a reporting paragraph of the cycle names, in order of appearance.
    treaties: list[TreatyParticipation]
    reminders: ReminderSummary
    #: Submitted reports, in any cycle, that wait for the secretariat's review.
    awaiting_review: int
    #: When no resolution of this cycle asks states to report: the latest earlier session
    #: whose resolutions do (its cycle is the one worth showing), else None.
    latest_with_reports: int | None = None
    #: (cells addressed, cells settled) per state id in this cycle, counted from tuples.
    state_counts: dict[int, tuple[int, int]] = field(default_factory=dict)

    @cached_property
    def follow_up(self) -> FollowUp:
        """Every cell of the cycle, built only when asked for (the page shows counts)."""
        return build_follow_up(
            paragraphs_of_cycle(self.cycle.opening),
            self.states,
            cycles={c.opening.pk: c for c in self.cycles},
            on=self.today,
            responses=False,
        )

    @property
    def icmw(self) -> TreatyParticipation | None:
        """The first treaty of the cycle (kept for callers written before treaties were data)."""
        return self.treaties[0] if self.treaties else None

    def treaty(self, short_name: str | None) -> TreatyParticipation | None:
        """The cycle's treaty of that short name, else its first treaty (None: no treaty)."""
        for participation in self.treaties:
            if participation.treaty is not None and participation.treaty.short_name == short_name:
                return participation
        return self.icmw

    @property
    def closed(self) -> bool:
        return self.cycle.is_closed(self.today)

    @property
    def days_left(self) -> int | None:
        return self.cycle.days_left(self.today)

    @property
    def days_to_deadline(self) -> int | None:
        deadline = self.cycle.deadline
        if deadline is None or self.closed:
            return None
        return (deadline - self.today).days

    @cached_property
    def states_not_reported(self) -> list[MemberState]:
        """States that still owe at least one report in this cycle, by name."""
        return [s for s in self.states if (c := self.state_counts.get(s.pk)) and c[1] < c[0]]

    @property
    def can_set_next_session(self) -> bool:
        """Only an open cycle's closing session may be added or moved from the dashboard."""
        return not self.closed

    def reporting_category(self, state_id: int) -> str:
        """done / partial / none / not_asked: the reporting map's legend keys."""
        addressed, settled = self.state_counts.get(state_id, (0, 0))
        if not addressed:
            return "not_asked"
        if settled == addressed:
            return "done"
        return "partial" if settled else "none"


def dashboard_for(*, today: datetime.date, cycle_number: int | None = None) -> Dashboard | None:
    """Everything the dashboard shows, in a fixed number of queries (None: no session yet).

    Counted in SQL per resolution and state (obligations joined to the responses' status):
    no follow-up cell is built unless `Dashboard.follow_up` is asked for.

    Queries: sessions (the cycles), active states, the cycle's resolutions, their reporting
    paragraphs (tuples), the counts, the treaties those paragraphs name and their statuses
    (none without a treaty), reminders by step and status, reports awaiting review.
    """
    cycles = reporting_cycles()
    cycle = pick_cycle(cycles, number=cycle_number, today=today)
    if cycle is None:
        return None
    states = list(MemberState.objects.active())
    by_state = {s.pk: s for s in states}
    resolutions = {r.pk: r for r in Resolution.objects.filter(session=cycle.opening)}
    paragraph_resolution = dict(
        paragraphs_of_cycle(cycle.opening).values_list("pk", "resolution_id")
    )
    state_counts, per_resolution = _cell_totals(list(paragraph_resolution), by_state, today)
    progress = _progress(per_resolution, by_state, resolutions)
    until = cycle.closing.start_date if cycle.is_closed(today) and cycle.closing else today
    latest_with_reports = None
    if not paragraph_resolution:
        # One more query, only for a cycle with nothing to follow up.
        latest_with_reports = (
            reporting_paragraphs()
            .filter(resolution__session__number__lt=cycle.opening.number)
            .order_by("-resolution__session__number")
            .values_list("resolution__session__number", flat=True)
            .first()
        )
    treaties = treaty_participations(
        treaties=treaties_of_paragraphs(list(paragraph_resolution)),
        states=states,
        on=today,
        since=cycle.opening.opens_on,
        until=until,
    )
    return Dashboard(
        today=today,
        cycle=cycle,
        cycles=sorted(cycles.values(), key=lambda c: -c.opening.number),
        states=states,
        resolutions=progress,
        treaties=treaties,
        reminders=reminder_summary(cycle=cycle),
        awaiting_review=Response.objects.filter(status=Response.Status.SUBMITTED).count(),
        latest_with_reports=latest_with_reports,
        state_counts={pk: (a, s) for pk, (a, s) in state_counts.items()},
    )


def _cell_totals(
    paragraph_ids: list[int], by_state: dict[int, MemberState], today: datetime.date
) -> tuple[dict[int, list[int]], dict[int, dict[int, bool]]]:
    """[addressed, settled] by state; and by resolution, whether each state settled it all."""
    state_counts: dict[int, list[int]] = {}
    per_resolution: dict[int, dict[int, bool]] = defaultdict(dict)  # state -> all settled
    for count in cell_counts(paragraph_ids=paragraph_ids, state_ids=list(by_state), on=today):
        counts = state_counts.setdefault(count.state_id, [0, 0])
        counts[0] += count.addressed
        counts[1] += count.settled
        per_resolution[count.resolution_id][count.state_id] = count.settled == count.addressed
    return state_counts, per_resolution


def _progress(
    per_resolution: dict[int, dict[int, bool]],
    by_state: dict[int, MemberState],
    resolutions: dict[int, Resolution],
) -> list[ResolutionProgress]:
    progress = []
    for resolution_id, settled_by_state in per_resolution.items():
        addressed = sorted((by_state[pk] for pk in settled_by_state), key=lambda s: s.name)
        progress.append(
            ResolutionProgress(
                resolution=resolutions[resolution_id],
                paragraphs=[],  # counted from tuples: Dashboard.follow_up has the cells
                addressed=addressed,
                settled=[s for s in addressed if settled_by_state[s.pk]],
            )
        )
    progress.sort(key=lambda p: p.resolution.symbol)
    return progress
