"""Who must report on what, and where each state stands: the rules every page shares.

Everything here works from a paragraph queryset and a state queryset and costs a constant
number of SQL queries, whatever the number of states and paragraphs.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState

from .models import Obligation, Paragraph, ReportingCycle, Response, Session


class CellStatus:
    """Where one state stands on one paragraph. Keys double as CSS tag suffixes."""

    NOT_REPORTED = "not-reported"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CLARIFICATION = "clarification"
    ACCEPTED = "accepted"
    BECAME_PARTY = "party"

    LABELS = {
        NOT_REPORTED: _("Not reported"),
        DRAFT: _("Draft, not submitted"),
        SUBMITTED: _("Submitted"),
        CLARIFICATION: _("Clarification requested"),
        ACCEPTED: _("Accepted"),
        BECAME_PARTY: _("Became a party"),
    }
    FROM_RESPONSE: dict[str, str] = {
        Response.Status.DRAFT: DRAFT,
        Response.Status.SUBMITTED: SUBMITTED,
        Response.Status.CLARIFICATION_REQUESTED: CLARIFICATION,
        Response.Status.ACCEPTED: ACCEPTED,
    }
    #: The state has done what was asked of it in this cycle: no reminder is due.
    SETTLED = frozenset({SUBMITTED, CLARIFICATION, ACCEPTED, BECAME_PARTY})


_LABELS: dict[tuple[str | None, str], str] = {}


def status_label(status: str) -> str:
    """A cell status's label in the active language, translated once per language (pages
    show thousands of cells; a lazy string is translated again on every use)."""
    key = (get_language(), status)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(CellStatus.LABELS[status])
    return label


def reporting_cycles() -> dict[int, ReportingCycle]:
    """Every session's reporting cycle, keyed by session id, in one query."""
    sessions = list(Session.objects.order_by("number"))
    return {
        s.pk: ReportingCycle(opening=s, closing=sessions[i + 1] if i + 1 < len(sessions) else None)
        for i, s in enumerate(sessions)
    }


def current_cycle(
    today: datetime.date, *, cycles: dict[int, ReportingCycle] | None = None
) -> ReportingCycle | None:
    """The open cycle (its closing session has not opened yet), else the latest one.

    Pass the `cycles` a page already read to spare the sessions query.
    """
    ordered = sorted(
        (reporting_cycles() if cycles is None else cycles).values(),
        key=lambda c: c.opening.number,
    )
    started = [c for c in ordered if c.opening.opens_on <= today]
    for cycle in reversed(started):
        if not cycle.is_closed(today):
            return cycle
    return started[-1] if started else (ordered[0] if ordered else None)


@dataclass
class Cell:
    state: MemberState
    paragraph: Paragraph
    status: str
    response: Response | None = None
    consent_date: datetime.date | None = None
    #: The response's id even when `build_follow_up(responses=False)` did not load it.
    response_id: Any = None

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def settled(self) -> bool:
        return self.status in CellStatus.SETTLED


@dataclass
class ParagraphFollowUp:
    paragraph: Paragraph
    cycle: ReportingCycle | None
    cells: dict[int, Cell] = field(default_factory=dict)  # by state id, addressed states only

    @property
    def addressed(self) -> list[MemberState]:
        return [c.state for c in self.cells.values()]

    @property
    def total(self) -> int:
        return len(self.cells)

    @property
    def settled_count(self) -> int:
        return sum(1 for c in self.cells.values() if c.settled)

    def count(self, status: str) -> int:
        return sum(1 for c in self.cells.values() if c.status == status)

    def outstanding(self) -> list[Cell]:
        return [c for c in self.cells.values() if not c.settled]


@dataclass
class FollowUp:
    paragraphs: list[ParagraphFollowUp]

    def for_state(self, state_id: int) -> list[Cell]:
        return [pf.cells[state_id] for pf in self.paragraphs if state_id in pf.cells]

    def outstanding_for_state(self, state_id: int) -> list[Cell]:
        return [c for c in self.for_state(state_id) if not c.settled]

    def states_not_settled(self) -> list[MemberState]:
        """States that still owe at least one report, by name."""
        seen: dict[int, MemberState] = {}
        for pf in self.paragraphs:
            for cell in pf.outstanding():
                seen.setdefault(cell.state.pk, cell.state)
        return sorted(seen.values(), key=lambda s: s.name)


def reporting_paragraphs() -> QuerySet[Paragraph]:
    """Operative paragraphs that ask member states to act and report (a withdrawn
    resolution asks nothing)."""
    return Paragraph.objects.filter(
        kind=Paragraph.Kind.OPERATIVE,
        requests_report=True,
        resolution__withdrawn_at__isnull=True,
    ).exclude(addressees=Paragraph.Addressees.NONE)


def build_follow_up(
    paragraphs: QuerySet[Paragraph],
    states: QuerySet[MemberState] | Iterable[MemberState] | None = None,
    *,
    cycles: dict[int, ReportingCycle] | None = None,
    on: datetime.date | None = None,
    responses: bool = True,
    response_fields: Sequence[str] = (),
) -> FollowUp:
    """Status of every addressed state on every paragraph, as known `on` a day (today).

    Who is addressed comes from the obligations table (the rules' kept result), each cell's
    status from its response's status read as a tuple. Pass only what the page shows: the
    work is proportional to paragraphs × states.

    Six queries in all: paragraphs (+ resolution, session), their treaties, states,
    obligations with their responses' status, the responses themselves (only with
    `responses=True`, for pages that link to or show them), and sessions (for the cycles)
    unless `cycles` is given. ``response_fields``: what the page reads of the responses
    beyond ``RESPONSE_FIELDS`` (loaded with them, not one query per response).
    """
    on = on or timezone.localdate()
    read = list(paragraphs.select_related("resolution__session").prefetch_related("treaties"))
    states = list(states if states is not None else MemberState.objects.active())
    if cycles is None:
        cycles = reporting_cycles()
    by_state = {s.pk: s for s in states}
    rows = (
        cell_rows(paragraph_ids=[p.pk for p in read], state_ids=list(by_state), on=on)
        if read and by_state
        else []
    )
    instances: dict[tuple[int, int, int], Response] = {}
    if responses and read and by_state:
        for r in Response.objects.filter(
            paragraph_id__in=[p.pk for p in read], member_state_id__in=list(by_state)
        ).only(*RESPONSE_FIELDS, *response_fields):
            instances[(r.paragraph_id, r.member_state_id, r.cycle_id)] = r
    position = {pk: i for i, pk in enumerate(by_state)}
    by_paragraph: dict[int, list[CellRow]] = {}
    for row in rows:
        by_paragraph.setdefault(row.paragraph_id, []).append(row)
    result = []
    for p in read:
        cycle_id = p.resolution.session_id
        pf = ParagraphFollowUp(paragraph=p, cycle=cycles.get(cycle_id))
        # Cells keep the order of the states given (callers pass them sorted by name).
        for row in sorted(by_paragraph.get(p.pk, []), key=lambda r: position[r.state_id]):
            pf.cells[row.state_id] = Cell(
                by_state[row.state_id],
                p,
                row.status,
                instances.get((p.pk, row.state_id, cycle_id)),
                row.consent_date,
                row.response_id,
            )
        result.append(pf)
    return FollowUp(paragraphs=result)


#: What pages read of a response in a follow-up cell (narratives stay in the database).
RESPONSE_FIELDS = (
    "id",
    "member_state_id",
    "paragraph_id",
    "cycle_id",
    "status",
    "submitted_at",
    "review_comment",
    "updated_at",
    "version",
)


#: Paragraphs in scope up to which cell_rows probes the responses' index per obligation.
_PROBE_UP_TO = 12


class CellRow(NamedTuple):
    """One addressed (paragraph, state) pair as a tuple: what counts and aggregates need."""

    paragraph_id: int
    state_id: int
    cycle_id: int
    status: str
    response_id: Any
    consent_date: datetime.date | None

    @property
    def settled(self) -> bool:
        return self.status in CellStatus.SETTLED


def cell_rows(
    *,
    paragraph_ids: Iterable[int] | None = None,
    state_ids: Iterable[int] | None = None,
    cycle_id: int | None = None,
    on: datetime.date | None = None,
) -> list[CellRow]:
    """Every addressed (paragraph, state) pair in the scope with its status: one query.

    The obligations table LEFT JOINed to the cell's response (same state, paragraph and the
    resolution's cycle: at most one, by the unique constraint), read as tuples — no model
    instance, no Python rule per treaty. A state party when the resolution was adopted is
    not addressed, unless looked at on a day before it joined (a historical view).
    """
    on = on or timezone.localdate()
    params: list[Any]
    where, params = ["(o.addressed = %s OR o.party_since > %s)"], [True, on]
    # The same scope on the response side lets the planner read both sides by index and
    # hash-join them, instead of one index probe per obligation. Not for a few paragraphs:
    # PostgreSQL then merge-joins on the paragraph alone and reads every response of a
    # paragraph again for each of its states (34 ms for 4 paragraphs × 193 states, where the
    # probes take 2 ms).
    join: list[str] = []
    join_params: list[Any] = []
    for column, values in (("paragraph_id", paragraph_ids), ("member_state_id", state_ids)):
        if values is not None:
            values = list(values)
            if not values:
                return []
            marks = ", ".join(["%s"] * len(values))
            where.append(f"o.{column} IN ({marks})")
            params += values
            if column == "paragraph_id" and len(values) <= _PROBE_UP_TO:
                continue
            join.append(f" AND r.{column} IN ({marks})")
            join_params += values
    if cycle_id is not None:
        where.append("o.cycle_id = %s")
        join.append(" AND r.cycle_id = %s")
        params.append(cycle_id)
        join_params.append(cycle_id)
    sql = f"""
        SELECT o.paragraph_id, o.member_state_id, o.cycle_id, o.party_since, r.status, r.id
        FROM {Obligation._meta.db_table} o
        LEFT JOIN {Response._meta.db_table} r ON r.paragraph_id = o.paragraph_id
          AND r.member_state_id = o.member_state_id AND r.cycle_id = o.cycle_id{"".join(join)}
        WHERE {" AND ".join(where)}"""  # noqa: S608 — table names from models, values bound
    params = join_params + params
    result = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for p_id, s_id, c_id, since, status, r_id in cursor.fetchall():
            since = _as_date(since)
            consent = since if since is not None and since <= on else None
            if r_id is not None and not isinstance(r_id, uuid.UUID):
                r_id = uuid.UUID(str(r_id))  # SQLite stores it as 32 hex digits
            result.append(CellRow(p_id, s_id, c_id, cell_status(status, consent), r_id, consent))
    return result


class CellCount(NamedTuple):
    resolution_id: int
    state_id: int
    addressed: int  # cells (reporting paragraphs of the resolution addressing the state)
    settled: int


def cell_counts(
    *,
    paragraph_ids: Iterable[int],
    state_ids: Iterable[int],
    on: datetime.date | None = None,
) -> list[CellCount]:
    """Cells addressed and settled per resolution and state, counted in SQL: one query.

    The rules of `cell_status` in SQL: a cell is settled by a submitted, accepted or
    clarification-requested report, or by a consent after adoption up to `on`.
    """
    on = on or timezone.localdate()
    paragraph_ids, state_ids = list(paragraph_ids), list(state_ids)
    if not paragraph_ids or not state_ids:
        return []
    settled = [s for s, cell in CellStatus.FROM_RESPONSE.items() if cell in CellStatus.SETTLED]
    p_marks = ", ".join(["%s"] * len(paragraph_ids))
    s_marks = ", ".join(["%s"] * len(state_ids))
    sql = f"""
        SELECT p.resolution_id, o.member_state_id, COUNT(*),
          SUM(CASE WHEN r.status IN ({", ".join(["%s"] * len(settled))})
              OR o.party_since <= %s THEN 1 ELSE 0 END)
        FROM {Obligation._meta.db_table} o
        JOIN {Paragraph._meta.db_table} p ON p.id = o.paragraph_id
        LEFT JOIN {Response._meta.db_table} r ON r.paragraph_id = o.paragraph_id
          AND r.member_state_id = o.member_state_id AND r.cycle_id = o.cycle_id
          AND r.paragraph_id IN ({p_marks}) AND r.member_state_id IN ({s_marks})
        WHERE o.paragraph_id IN ({p_marks}) AND o.member_state_id IN ({s_marks})
          AND (o.addressed = %s OR o.party_since > %s)
        GROUP BY p.resolution_id, o.member_state_id"""  # noqa: S608 — names from models
    params: list[Any] = [*settled, on, *paragraph_ids, *state_ids, *paragraph_ids, *state_ids]
    params += [True, on]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [CellCount(r, s, int(a), int(n or 0)) for r, s, a, n in cursor.fetchall()]


def state_cell_counts(
    *, state_ids: Iterable[int], cycle_id: int | None, on: datetime.date | None = None
) -> dict[int, tuple[int, int]]:
    """(cells addressed, cells settled) per state, counted in SQL: in one reporting cycle, or
    over every cycle (all adopted so far: open or overdue) when `cycle_id` is None."""
    on = on or timezone.localdate()
    state_ids = list(state_ids)
    if not state_ids:
        return {}
    settled = [s for s, cell in CellStatus.FROM_RESPONSE.items() if cell in CellStatus.SETTLED]
    s_marks = ", ".join(["%s"] * len(state_ids))
    one_cycle = cycle_id is not None
    sql = f"""
        SELECT o.member_state_id, COUNT(*),
          SUM(CASE WHEN r.status IN ({", ".join(["%s"] * len(settled))})
              OR o.party_since <= %s THEN 1 ELSE 0 END)
        FROM {Obligation._meta.db_table} o
        LEFT JOIN {Response._meta.db_table} r ON r.paragraph_id = o.paragraph_id
          AND r.member_state_id = o.member_state_id AND r.cycle_id = o.cycle_id
          {"AND r.cycle_id = %s" if one_cycle else ""} AND r.member_state_id IN ({s_marks})
        WHERE {"o.cycle_id = %s AND" if one_cycle else ""} o.member_state_id IN ({s_marks})
          AND (o.addressed = %s OR o.party_since > %s)
        GROUP BY o.member_state_id"""  # noqa: S608 — names from models, values bound
    cycle = [cycle_id] if one_cycle else []
    params = [*settled, on, *cycle, *state_ids, *cycle, *state_ids, True, on]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {s: (int(a), int(n or 0)) for s, a, n in cursor.fetchall()}


def _as_date(value: Any) -> datetime.date | None:
    # SQLite hands raw SQL dates back as text; PostgreSQL as dates.
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def cell_status(response_status: str | None, consent_date: datetime.date | None) -> str:
    """The rules of a cell: a report counts once submitted; joining the treaty (a consent
    after the resolution, on or before the day looked at) settles a non-parties paragraph."""
    if response_status is not None and response_status != Response.Status.DRAFT:
        return CellStatus.FROM_RESPONSE[response_status]
    if consent_date is not None:
        return CellStatus.BECAME_PARTY
    if response_status is not None:
        return CellStatus.DRAFT
    return CellStatus.NOT_REPORTED


def paragraphs_of_cycle(session: Session) -> QuerySet[Paragraph]:
    return reporting_paragraphs().filter(resolution__session=session)
