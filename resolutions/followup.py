"""Who must report on what, and where each state stands: the rules every page shares.

Everything here works from a paragraph queryset and a state queryset and costs a constant
number of SQL queries, whatever the number of states and paragraphs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState, TreatyStatus

from .models import Paragraph, ReportingCycle, Response, Session


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
    FROM_RESPONSE = {
        Response.Status.DRAFT: DRAFT,
        Response.Status.SUBMITTED: SUBMITTED,
        Response.Status.CLARIFICATION_REQUESTED: CLARIFICATION,
        Response.Status.ACCEPTED: ACCEPTED,
    }
    #: The state has done what was asked of it in this cycle: no reminder is due.
    SETTLED = frozenset({SUBMITTED, CLARIFICATION, ACCEPTED, BECAME_PARTY})


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
    cycles = sorted(
        (reporting_cycles() if cycles is None else cycles).values(),
        key=lambda c: c.opening.number,
    )
    started = [c for c in cycles if c.opening.opens_on <= today]
    for cycle in reversed(started):
        if not cycle.is_closed(today):
            return cycle
    return started[-1] if started else (cycles[0] if cycles else None)


@dataclass
class Cell:
    state: MemberState
    paragraph: Paragraph
    status: str
    response: Response | None = None
    consent_date: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(CellStatus.LABELS[self.status])

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
    states: QuerySet[MemberState] | None = None,
    *,
    cycles: dict[int, ReportingCycle] | None = None,
    on: datetime.date | None = None,
) -> FollowUp:
    """Status of every addressed state on every paragraph, as known `on` a day (today).

    Six queries in all: paragraphs (+ resolution, session), their treaties, states, treaty
    statuses, responses, and sessions (for the cycles) unless `cycles` is given; a seventh
    when a paragraph is addressed to chosen states.
    """
    on = on or timezone.localdate()
    paragraphs = list(paragraphs.select_related("resolution__session").prefetch_related("treaties"))
    states = list(states if states is not None else MemberState.objects.active())
    if cycles is None:
        cycles = reporting_cycles()
    treaty_ids = {t.pk for p in paragraphs for t in p.treaties.all()}
    state_ids = [s.pk for s in states]
    consent: dict[tuple[int, int], datetime.date | None] = {}
    if treaty_ids and state_ids:
        for ts in TreatyStatus.objects.filter(
            treaty_id__in=treaty_ids, member_state_id__in=state_ids
        ).only("member_state_id", "treaty_id", "consent_date"):
            # A consent after `on` had not happened yet on that day (a historical view).
            if ts.consent_date is not None and ts.consent_date <= on:
                consent[(ts.member_state_id, ts.treaty_id)] = ts.consent_date
    responses: dict[tuple[int, int, int], Response] = {}
    if paragraphs and state_ids:
        for r in Response.objects.filter(
            paragraph__in=[p.pk for p in paragraphs], member_state_id__in=state_ids
        ):
            responses[(r.member_state_id, r.paragraph_id, r.cycle_id)] = r
    chosen = _chosen_states(paragraphs)

    result = []
    for p in paragraphs:
        resolution = p.resolution
        pf = ParagraphFollowUp(paragraph=p, cycle=cycles.get(resolution.session_id))
        treaties = [t.pk for t in p.treaties.all()]
        for state in states:
            if p.addressees == Paragraph.Addressees.CHOSEN and state.pk not in chosen[p.pk]:
                continue  # the paragraph names other states
            consent_date = _earliest_consent(consent, state.pk, treaties)
            if (
                p.addressees == Paragraph.Addressees.NON_PARTIES
                and treaties
                and consent_date is not None
                and consent_date <= resolution.adopted_on
            ):
                continue  # already a party when the resolution was adopted: not addressed
            response = responses.get((state.pk, p.pk, resolution.session_id))
            if response is not None and response.status != Response.Status.DRAFT:
                status = CellStatus.FROM_RESPONSE[response.status]
            elif consent_date is not None and p.addressees == Paragraph.Addressees.NON_PARTIES:
                # It did what the paragraph asked: it became a party after the resolution.
                status = CellStatus.BECAME_PARTY
            elif response is not None:
                status = CellStatus.DRAFT
            else:
                status = CellStatus.NOT_REPORTED
            pf.cells[state.pk] = Cell(state, p, status, response, consent_date)
        result.append(pf)
    return FollowUp(paragraphs=result)


def _chosen_states(paragraphs: list[Paragraph]) -> dict[int, set[int]]:
    """State ids of the paragraphs addressed to chosen states: one query, only if any is."""
    ids = [p.pk for p in paragraphs if p.addressees == Paragraph.Addressees.CHOSEN]
    chosen: dict[int, set[int]] = {pk: set() for pk in ids}
    if ids:
        links = Paragraph.chosen_states.through.objects.filter(paragraph_id__in=ids)
        for paragraph_id, state_id in links.values_list("paragraph_id", "memberstate_id"):
            chosen[paragraph_id].add(state_id)
    return chosen


def _earliest_consent(
    consent: dict[tuple[int, int], datetime.date | None], state_id: int, treaty_ids: Iterable[int]
) -> datetime.date | None:
    dates = [d for t in treaty_ids if (d := consent.get((state_id, t))) is not None]
    return min(dates) if dates else None


def paragraphs_of_cycle(session: Session) -> QuerySet[Paragraph]:
    return reporting_paragraphs().filter(resolution__session=session)
