"""The provisional agenda and its follow-up annex, shaped once for the page and every export.

Figures come from the functions the dashboard uses (``build_follow_up``,
``progress_by_resolution``, ``TreatyParticipation``) over the same states and dates, so the
annex and the dashboard cannot disagree. A constant number of queries, whatever the number
of items, paragraphs, states and treaties.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aalco.charts import horizontal_bar_chart, step_line_chart
from memberstates.maps import TREATY_STATUS_LEGEND, render_member_map
from memberstates.models import MemberState, Treaty, TreatyStatus

from ..followup import Cell, ParagraphFollowUp, build_follow_up, reporting_paragraphs
from ..models import AgendaItem, Paragraph, ReportingCycle, Resolution, Session
from .dashboard import ResolutionProgress, TreatyParticipation, progress_by_resolution

TREATY_CATEGORY_LABELS = {key: label for key, label, *_rest in TREATY_STATUS_LEGEND}


def long_date(day: datetime.date | None) -> str:
    """ "15 September 2014", in the active language."""
    return date_format(day, "j F Y") if day else ""


def session_place(session: Session) -> str:
    return ", ".join(p for p in (session.city, session.country) if p)


def session_dates(session: Session) -> str:
    """ "15–18 September 2014", "30 June – 4 July 2008", or the opening day alone."""
    start, end = session.start_date, session.end_date
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


@dataclass
class TreatyAnnex:
    """A treaty's status among the member states, as the dashboard counts it."""

    participation: TreatyParticipation
    states: list[MemberState]
    map_svg: SafeString | str = ""
    chart_svg: SafeString | str = ""
    #: The first item citing the treaty shows its map, chart and parties; later ones refer
    #: to it (one map per treaty: no repeated ids, no repeated drawing in the PDF).
    shown_at_item: int | None = None
    _described: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def treaty(self) -> Treaty:
        return self.participation.treaty

    @property
    def parties(self) -> list[TreatyStatus]:
        return self.participation.parties

    @property
    def signatories(self) -> list[TreatyStatus]:
        return self.participation.signatories

    @property
    def joined_since(self) -> list[TreatyStatus]:
        return self.participation.joined_since

    @property
    def no_action(self) -> list[MemberState]:
        return [s for s in self.states if self.category(s.pk) == "no_action"]

    def category(self, state_id: int) -> str:
        return self.participation.category(state_id)

    def describe(self, state_id: int) -> str:
        """ "Party (Ratification, 5 July 1995)", "Signatory (signed ...)" or "No action"."""
        category = self.category(state_id)
        status = self.participation.statuses.get(state_id)
        if category == "party":
            return _("Party (%(form)s, %(date)s)") % {
                "form": status.get_consent_type_display(),
                "date": long_date(status.consent_date),
            }
        if category == "signatory":
            return _("Signatory (signed %(date)s)") % {"date": long_date(status.signature_date)}
        return str(TREATY_CATEGORY_LABELS["no_action"])


@dataclass
class StateLine:
    """One row of an item's table: a state's status on each reporting paragraph."""

    state: MemberState
    cells: list[Cell | None]  # aligned with AnnexItem.reporting; None: not addressed
    treaty_statuses: list[str]  # aligned with AnnexItem.treaties


@dataclass
class AnnexItem:
    number: int
    item: AgendaItem
    operative: list[Paragraph] = field(default_factory=list)
    reporting: list[ParagraphFollowUp] = field(default_factory=list)
    progress: ResolutionProgress | None = None
    treaties: list[TreatyAnnex] = field(default_factory=list)
    lines: list[StateLine] = field(default_factory=list)
    chart_svg: SafeString | str = ""

    @property
    def resolution(self) -> Resolution | None:
        return self.item.source_resolution

    @property
    def title(self) -> str:
        return self.item.title

    def treaty_text(self, state_id: int) -> str:
        """The state's standing in the item's treaties, e.g. "CRPD: Party (...)"."""
        return "; ".join(f"{t.treaty.short_name}: {t.describe(state_id)}" for t in self.treaties)


@dataclass
class AgendaAnnex:
    session: Session
    previous: Session
    today: datetime.date
    cycle: ReportingCycle
    items: list[AnnexItem]
    #: The window in which "joined since the last session" is counted (as the dashboard).
    since: datetime.date
    until: datetime.date

    @property
    def carried(self) -> list[AnnexItem]:
        return [i for i in self.items if i.resolution is not None]

    def rows(self):
        """One row per item, reporting paragraph and addressed state: the tabular annex."""
        for entry in self.items:
            for pf in entry.reporting:
                for cell in pf.cells.values():
                    yield entry, pf, cell, entry.treaty_text(cell.state.pk)


def agenda_annex(*, session: Session, today: datetime.date | None = None) -> AgendaAnnex | None:
    """The agenda of `session` with its annex; None when there is no previous session.

    Queries: previous session, agenda items (+ resolutions, topics), operative paragraphs
    and their treaties, member states, build_follow_up's (reporting paragraphs + their
    treaties, treaty statuses, responses, sessions), and the items' treaty statuses.
    """
    today = today or timezone.localdate()
    previous = Session.objects.filter(number__lt=session.number).order_by("-number").first()
    if previous is None:
        return None
    cycle = ReportingCycle(opening=previous, closing=session)
    since = previous.opens_on
    until = session.start_date if cycle.is_closed(today) and session.start_date else today

    agenda = list(
        AgendaItem.objects.filter(session=session)
        .select_related("source_resolution__session", "topic")
        .order_by("position", "pk")
    )
    resolution_ids = [i.source_resolution_id for i in agenda if i.source_resolution_id]
    operative: dict[int, list[Paragraph]] = defaultdict(list)
    for p in (
        Paragraph.objects.filter(resolution_id__in=resolution_ids, kind=Paragraph.Kind.OPERATIVE)
        .prefetch_related("treaties")
        .order_by("resolution_id", "order")
    ):
        operative[p.resolution_id].append(p)

    states_qs = MemberState.objects.active()
    states = list(states_qs)  # evaluated once; build_follow_up reuses the cached rows
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution_id__in=resolution_ids).order_by("order"),
        states_qs,
        on=today,
    )
    reporting: dict[int, list[ParagraphFollowUp]] = defaultdict(list)
    for pf in follow_up.paragraphs:
        reporting[pf.paragraph.resolution_id].append(pf)
    progress = {p.resolution.pk: p for p in progress_by_resolution(follow_up)}

    treaties = {t.pk: t for ps in operative.values() for p in ps for t in p.treaties.all()}
    participations = _participations(
        treaties=list(treaties.values()), states=states, on=today, since=since, until=until
    )
    treaty_annexes = {
        pk: _treaty_annex(participation, states=states, session=session, today=today)
        for pk, participation in participations.items()
    }

    items = []
    for number, agenda_item in enumerate(agenda, start=1):
        entry = AnnexItem(number=number, item=agenda_item)
        rid = agenda_item.source_resolution_id
        if rid:
            entry.operative = operative.get(rid, [])
            entry.reporting = reporting.get(rid, [])
            entry.progress = progress.get(rid)
            seen: dict[int, TreatyAnnex] = {}
            for p in entry.operative:
                for t in p.treaties.all():
                    seen.setdefault(t.pk, treaty_annexes[t.pk])
            for t in seen.values():
                if t.shown_at_item is None:
                    t.shown_at_item = number
            entry.treaties = sorted(seen.values(), key=lambda t: t.treaty.short_name)
            entry.lines = _lines(entry, states)
            entry.chart_svg = _reports_chart(entry) if entry.reporting else ""
        items.append(entry)
    return AgendaAnnex(
        session=session,
        previous=previous,
        today=today,
        cycle=cycle,
        items=items,
        since=since,
        until=until,
    )


def _participations(
    *,
    treaties: list[Treaty],
    states: list[MemberState],
    on: datetime.date,
    since: datetime.date,
    until: datetime.date,
) -> dict[int, TreatyParticipation]:
    """Every treaty's participation in one query (the dashboard's rules, many treaties)."""
    by_id = {s.pk: s for s in states}
    statuses: dict[int, dict[int, TreatyStatus]] = {t.pk: {} for t in treaties}
    if treaties and by_id:
        for status in TreatyStatus.objects.filter(
            treaty_id__in=list(statuses), member_state_id__in=list(by_id)
        ):
            status.member_state = by_id[status.member_state_id]  # no query per state
            statuses[status.treaty_id][status.member_state_id] = status
    return {
        t.pk: TreatyParticipation(t, statuses[t.pk], len(states), on, since, until)
        for t in treaties
    }


def _treaty_annex(
    participation: TreatyParticipation,
    *,
    states: list[MemberState],
    session: Session,
    today: datetime.date,
) -> TreatyAnnex:
    annex = TreatyAnnex(participation=participation, states=states)
    short_name = participation.treaty.short_name
    annex.map_svg = render_member_map(
        {s.iso3: annex.category(s.pk) for s in states},
        legend=TREATY_STATUS_LEGEND,
        title=_("%(treaty)s among the member states on %(date)s")
        % {"treaty": short_name, "date": long_date(today)},
        highlight=[ts.member_state.iso3 for ts in participation.joined_since],
        names={s.iso3: s.name for s in states},
        description=_("States outlined in black became parties since the last session."),
        id_prefix=f"map-{session.number}-{participation.treaty.pk}",
    )
    annex.chart_svg = step_line_chart(
        participation.parties_by_year(),
        title=_("%(treaty)s parties among today's member states, by year") % {"treaty": short_name},
        y_label=_("Parties"),
        until=today.year,
    )
    return annex


def _lines(entry: AnnexItem, states: list[MemberState]) -> list[StateLine]:
    """States addressed by at least one reporting paragraph of the item, by name."""
    lines = []
    for state in states:
        cells = [pf.cells.get(state.pk) for pf in entry.reporting]
        if any(c is not None for c in cells):
            lines.append(
                StateLine(
                    state=state,
                    cells=cells,
                    treaty_statuses=[t.describe(state.pk) for t in entry.treaties],
                )
            )
    return lines


def _reports_chart(entry: AnnexItem) -> SafeString:
    symbol = entry.resolution.symbol
    rows = [
        (
            _("Paragraph %(number)s") % {"number": pf.paragraph.number},
            pf.settled_count,
            pf.total,
            None,
        )
        for pf in entry.reporting
    ]
    return horizontal_bar_chart(
        rows,
        title=_("Member states that have reported on %(symbol)s") % {"symbol": symbol},
        description=_("States that reported or became parties, out of the states addressed."),
    )


@dataclass
class SessionAgendaStatus:
    session: Session
    items: int
    carried: int
    has_previous: bool


def sessions_with_agenda_status() -> list[SessionAgendaStatus]:
    """Every session, latest first, with how far its agenda is drafted: one query."""
    sessions = list(
        Session.objects.annotate(
            items=Count("agenda_items"),
            carried=Count("agenda_items", filter=Q(agenda_items__kind=AgendaItem.Kind.CARRIED)),
        ).order_by("number")
    )
    return [
        SessionAgendaStatus(s, s.items, s.carried, has_previous=i > 0)
        for i, s in reversed(list(enumerate(sessions)))
    ]
