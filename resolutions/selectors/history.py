"""Follow-up across the years: the reporting rate per cycle, per work programme item and per
state, over every session. One build_follow_up over every reporting paragraph: a constant
number of queries, whatever the number of sessions, resolutions and states."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from memberstates.models import MemberState

from ..followup import build_follow_up, reporting_cycles, reporting_paragraphs
from ..models import ReportingCycle


@dataclass
class Rate:
    settled: int = 0
    addressed: int = 0

    def add(self, settled: bool) -> None:
        self.addressed += 1
        self.settled += int(settled)

    @property
    def percent(self) -> int | None:
        return round(100 * self.settled / self.addressed) if self.addressed else None


@dataclass
class StateRecord:
    state: MemberState
    overall: Rate = field(default_factory=Rate)
    by_cycle: dict[int, Rate] = field(default_factory=dict)  # opening session number -> rate
    row: list[Rate | None] = field(default_factory=list)  # by_cycle in the table's order


@dataclass
class TopicRecord:
    name: str
    overall: Rate = field(default_factory=Rate)
    by_cycle: dict[int, Rate] = field(default_factory=dict)
    row: list[Rate | None] = field(default_factory=list)


@dataclass
class ReportingHistory:
    cycles: list[tuple[ReportingCycle, Rate]]
    topics: list[TopicRecord]
    states: list[StateRecord]

    @property
    def cycle_numbers(self) -> list[int]:
        return [cycle.opening.number for cycle, _rate in self.cycles]


def reporting_history(*, state: MemberState | None = None) -> ReportingHistory:
    """Queries: build_follow_up's six (paragraphs, treaties, states, statuses, responses,
    sessions) and the topics ride on the paragraphs' resolutions."""
    cycles = reporting_cycles()
    states = (
        MemberState.objects.active() if state is None else MemberState.objects.filter(pk=state.pk)
    )
    follow_up = build_follow_up(
        reporting_paragraphs().select_related("resolution__topic"), states, cycles=cycles
    )
    by_cycle: dict[int, Rate] = defaultdict(Rate)
    topics: dict[str, TopicRecord] = {}
    records: dict[int, StateRecord] = {}
    for pf in follow_up.paragraphs:
        number = pf.paragraph.resolution.session.number
        topic = pf.paragraph.resolution.topic
        topic_record = topics.setdefault(
            topic.name if topic else "", TopicRecord(topic.name if topic else "")
        )
        for cell in pf.cells.values():
            by_cycle[number].add(cell.settled)
            topic_record.overall.add(cell.settled)
            topic_record.by_cycle.setdefault(number, Rate()).add(cell.settled)
            record = records.setdefault(cell.state.pk, StateRecord(cell.state))
            record.overall.add(cell.settled)
            record.by_cycle.setdefault(number, Rate()).add(cell.settled)
    ordered = sorted(cycles.values(), key=lambda c: c.opening.number)
    numbers = [c.opening.number for c in ordered if c.opening.number in by_cycle]
    items: list[TopicRecord | StateRecord] = [*topics.values(), *records.values()]
    for item in items:
        item.row = [item.by_cycle.get(n) for n in numbers]
    return ReportingHistory(
        cycles=[(c, by_cycle[c.opening.number]) for c in ordered if c.opening.number in by_cycle],
        topics=sorted(topics.values(), key=lambda t: (t.name == "", t.name)),
        states=sorted(records.values(), key=lambda r: r.state.name),
    )
