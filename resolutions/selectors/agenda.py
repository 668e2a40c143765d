"""The provisional agenda and its follow-up annex, shaped once for the page and every export.

Figures come from the functions the dashboard uses (``build_follow_up``,
``progress_by_resolution``, ``TreatyParticipation``) over the same states and dates, so the
annex and the dashboard cannot disagree. A constant number of queries, whatever the number
of items, paragraphs, states and treaties.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aalco.charts import horizontal_bar_chart, step_line_chart
from memberstates.maps import TREATY_STATUS_LEGEND, render_member_map
from memberstates.models import MemberState, Treaty, TreatyStatus

from ..followup import Cell, CellStatus, ParagraphFollowUp, build_follow_up, reporting_paragraphs
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
    shown_at_item: str | None = None  # the anchor of that item
    shown_at_label: str = ""  # its heading
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
        # Every item citing the treaty shows the same line per state: format it once.
        if state_id not in self._described:
            self._described[state_id] = self._describe(state_id)
        return self._described[state_id]

    def _describe(self, state_id: int) -> str:
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


@dataclass(frozen=True)
class Answer:
    """What a state reported on a paragraph, as the annex prints it: its answer and its
    words, never the secretariat's review status. ``kind`` is one of
    ``reported`` / ``party`` (became a party since the resolution) / ``none``."""

    kind: str
    action: str = ""  # the treaty action it reported ("Under consideration"), if any
    text: str = ""  # its words
    on: datetime.date | None = None  # the day it was sent (or the consent's date)

    @property
    def summary(self) -> str:
        """One line for a spreadsheet cell: the answer, without the text."""
        if self.kind == "party":
            return _("Became a party (%(date)s)") % {"date": long_date(self.on)}
        if self.kind == "none":
            return _("No report")
        return self.action or _("Reported")


#: What `answer_of` reads of a response beyond the follow-up's own fields.
ANSWER_FIELDS = ("narrative", "treaty_action")


def answer_of(cell: Cell | None) -> Answer | None:
    """The annex's reading of a follow-up cell (None: the paragraph does not address it)."""
    if cell is None:
        return None
    if cell.status == CellStatus.BECAME_PARTY:
        return Answer("party", on=cell.consent_date)
    response = cell.response
    if cell.status in CellStatus.SETTLED and response is not None:
        return Answer(
            "reported",
            action=response.get_treaty_action_display() if response.treaty_action else "",
            text=response.narrative,
            on=_local_day(response.submitted_at),
        )
    return Answer("none")


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


@dataclass
class StateLine:
    """One row of an item's table: what a state reported on each reporting paragraph."""

    state: MemberState
    cells: list[Cell | None]  # aligned with AnnexItem.reporting; None: not addressed
    treaty_statuses: list[str]  # aligned with AnnexItem.treaties

    @property
    def answers(self) -> list[Answer | None]:
        return [answer_of(c) for c in self.cells]


@dataclass(frozen=True)
class LateReport:
    """A report of the cycle sent after the next session had opened: listed, not counted."""

    state: MemberState
    paragraph: Paragraph
    answer: Answer


@dataclass
class AnnexItem:
    number: int | None  # None: a resolution asking for reports that is not on the agenda
    item: AgendaItem
    operative: list[Paragraph] = field(default_factory=list)
    reporting: list[ParagraphFollowUp] = field(default_factory=list)
    progress: ResolutionProgress | None = None
    treaties: list[TreatyAnnex] = field(default_factory=list)
    lines: list[StateLine] = field(default_factory=list)
    chart_svg: SafeString | str = ""
    late: list[LateReport] = field(default_factory=list)

    @property
    def on_agenda(self) -> bool:
        return self.number is not None

    @property
    def anchor(self) -> str:
        if self.number is not None:
            return f"annex-item-{self.number}"
        return f"annex-resolution-{self.item.source_resolution_id}"

    @property
    def heading(self) -> str:
        if self.number is not None:
            return _("Item %(number)s. %(title)s") % {"number": self.number, "title": self.title}
        return _("%(title)s (%(symbol)s, not on the provisional agenda)") % {
            "title": self.title,
            "symbol": self.resolution.symbol,
        }

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
    #: Resolutions of the previous session that ask states to report but placed no item on
    #: this agenda: the annex follows them up too.
    others: list[AnnexItem] = field(default_factory=list)
    #: The cover: the document's symbol and date. Figures are read as of that date.
    document_symbol: str = ""
    document_date: datetime.date | None = None
    #: Reports sent on or after this day (the session's opening, once it opened) are late.
    late_from: datetime.date | None = None

    @property
    def as_of(self) -> datetime.date:
        return self.document_date or self.today

    @property
    def carried(self) -> list[AnnexItem]:
        return [i for i in self.items if i.resolution is not None]

    @property
    def followed(self) -> list[AnnexItem]:
        """Every resolution the annex reports on: the carried items, then the others."""
        return self.carried + self.others

    @property
    def late(self) -> list[LateReport]:
        return [report for entry in self.followed for report in entry.late]

    def rows(self):
        """One row per resolution, reporting paragraph and addressed state: the annex."""
        for entry in self.followed:
            for pf in entry.reporting:
                for cell in pf.cells.values():
                    yield entry, pf, cell, entry.treaty_text(cell.state.pk)


def agenda_annex(
    *,
    session: Session,
    today: datetime.date | None = None,
    detail_items: Container[int] | None = None,
) -> AgendaAnnex | None:
    """The agenda of `session` with its annex; None when there is no previous session.

    The annex follows up every resolution of the previous session that asks states to
    report, on the agenda or not. It is read as of the document's date (the opening day
    once the session has opened, unless the secretariat dated it): a ratification after it
    does not count, and a report sent after the session opened is listed as late, not
    counted.

    Queries: previous session, agenda items (+ resolutions, topics), the previous session's
    operative paragraphs (+ resolutions) and their treaties, member states,
    build_follow_up's (reporting paragraphs + their treaties, treaty statuses, responses,
    sessions), and the items' treaty statuses.
    """
    today = today or timezone.localdate()
    previous = Session.objects.filter(number__lt=session.number).order_by("-number").first()
    if previous is None:
        return None
    cycle = ReportingCycle(opening=previous, closing=session)
    closed = cycle.is_closed(today)
    document_date = session.agenda_date or (session.start_date if closed else today)
    as_of = document_date
    since = previous.opens_on
    until = session.start_date if closed and session.start_date else as_of
    late_from = session.start_date if closed else None

    agenda = list(
        AgendaItem.objects.filter(session=session)
        .select_related("source_resolution__session", "topic")
        .order_by("position", "pk")
    )
    carried_ids = [i.source_resolution_id for i in agenda if i.source_resolution_id]
    operative: dict[int, list[Paragraph]] = defaultdict(list)
    resolutions: dict[int, Resolution] = {}
    for p in (
        Paragraph.objects.filter(kind=Paragraph.Kind.OPERATIVE)
        .filter(
            Q(resolution_id__in=carried_ids)
            | Q(resolution__session=previous, resolution__withdrawn_at__isnull=True)
        )
        .select_related("resolution__session", "resolution__topic")
        .prefetch_related("treaties")
        .order_by("resolution_id", "order")
    ):
        operative[p.resolution_id].append(p)
        resolutions[p.resolution_id] = p.resolution
    asking = {
        rid
        for rid, ps in operative.items()
        if any(p.requests_report and p.addressees != Paragraph.Addressees.NONE for p in ps)
    }
    other_ids = sorted(
        (rid for rid in asking if rid not in set(carried_ids)),
        key=lambda rid: _symbol_key(resolutions[rid].symbol),
    )
    resolution_ids = carried_ids + other_ids

    states_qs = MemberState.objects.active()
    states = list(states_qs)  # evaluated once; build_follow_up reuses the cached rows
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution_id__in=resolution_ids).order_by("order"),
        states_qs,
        on=as_of,
        responses=True,  # the annex says what each state reported, in its words
        response_fields=ANSWER_FIELDS,
    )
    reporting: dict[int, list[ParagraphFollowUp]] = defaultdict(list)
    late: dict[int, list[LateReport]] = defaultdict(list)
    for pf in follow_up.paragraphs:
        reporting[pf.paragraph.resolution_id].append(pf)
        if late_from is not None:
            late[pf.paragraph.resolution_id] += _set_late_aside(pf, late_from)
    progress = {p.resolution.pk: p for p in progress_by_resolution(follow_up)}

    treaties = {
        t.pk: t for rid in resolution_ids for p in operative.get(rid, []) for t in p.treaties.all()
    }
    participations = _participations(
        treaties=list(treaties.values()), states=states, on=as_of, since=since, until=until
    )
    treaty_annexes = {
        pk: _treaty_annex(participation, states=states, session=session, today=as_of)
        for pk, participation in participations.items()
    }

    def annex_item(number: int | None, agenda_item: AgendaItem) -> AnnexItem:
        entry = AnnexItem(number=number, item=agenda_item)
        rid = agenda_item.source_resolution_id
        if rid:
            entry.operative = operative.get(rid, [])
            entry.reporting = reporting.get(rid, [])
            entry.progress = progress.get(rid)
            entry.late = late.get(rid, [])
            seen: dict[int, TreatyAnnex] = {}
            for p in entry.operative:
                for t in p.treaties.all():
                    seen.setdefault(t.pk, treaty_annexes[t.pk])
            for t in seen.values():
                if t.shown_at_item is None:
                    t.shown_at_item = entry.anchor
                    t.shown_at_label = entry.heading
            entry.treaties = sorted(seen.values(), key=lambda t: t.treaty.short_name)
            # The page shows one item's table and chart (`detail_items`); print and PDF all.
            if detail_items is None or number in detail_items:
                entry.lines = _lines(entry, states)
                entry.chart_svg = _reports_chart(entry) if entry.reporting else ""
        return entry

    items = [annex_item(n, agenda_item) for n, agenda_item in enumerate(agenda, start=1)]
    others = [
        annex_item(
            None,
            # Not saved: the resolution is followed up, the agenda stays the secretariat's.
            AgendaItem(
                session=session,
                kind=AgendaItem.Kind.CARRIED,
                position=0,
                title=_title_for(resolutions[rid]),
                source_resolution=resolutions[rid],
                secretariat_document=resolutions[rid].secretariat_document,
            ),
        )
        for rid in other_ids
    ]
    return AgendaAnnex(
        session=session,
        previous=previous,
        today=today,
        cycle=cycle,
        items=items,
        since=since,
        until=until,
        others=others,
        document_symbol=session.agenda_symbol,
        document_date=document_date,
        late_from=late_from,
    )


def _symbol_key(symbol: str) -> tuple:
    digits = [int(d) for d in re.findall(r"\d+", symbol)]
    return (digits[-1] if digits else 0, symbol)


def _title_for(resolution: Resolution) -> str:
    from ..services.agenda import title_for

    return title_for(resolution)


def _set_late_aside(pf: ParagraphFollowUp, late_from: datetime.date) -> list[LateReport]:
    """Reports sent on or after `late_from` do not count for the cycle: listed apart."""
    late = []
    for state_id, cell in list(pf.cells.items()):
        response = cell.response
        if (
            cell.status in CellStatus.SETTLED
            and cell.status != CellStatus.BECAME_PARTY
            and response is not None
            and response.submitted_at is not None
            and _local_day(response.submitted_at) >= late_from
        ):
            late.append(LateReport(cell.state, pf.paragraph, answer_of(cell)))
            pf.cells[state_id] = replace(cell, status=CellStatus.NOT_REPORTED)
    return late


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
            _("Paragraph %(number)s") % {"number": pf.paragraph.reference},
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

    @property
    def dates(self) -> str:
        return session_dates(self.session)


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
