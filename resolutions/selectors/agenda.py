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
from typing import Any, overload

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aalco.charts import horizontal_bar_chart, step_line_chart
from memberstates.maps import TREATY_STATUS_LEGEND, render_member_map
from memberstates.models import MemberState, Treaty, TreatyStatus

from ..followup import (
    Cell,
    CellStatus,
    ParagraphFollowUp,
    build_follow_up,
    reporting_paragraphs,
)
from ..models import (
    AgendaItem,
    ExportJob,
    Paragraph,
    ParagraphTranslation,
    ReportingCycle,
    Resolution,
    Session,
)
from ..models.translations import ORIGINAL_LANGUAGE
from ..models.treaty_answers import action_summary
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
    #: What the map shows, to draw it again for paper (``print_map_svg``).
    map_args: dict[str, Any] = field(default_factory=dict, repr=False)
    _described: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def treaty(self) -> Treaty:
        assert self.participation.treaty is not None  # an annex is made for a treaty
        return self.participation.treaty

    @property
    def print_map_svg(self) -> SafeString | str:
        """The same map drawn with the lighter outlines built for paper (the PDF)."""
        return render_member_map(**self.map_args, detail="print") if self.map_args else ""

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
        if status is None:  # no row: no action
            return str(TREATY_CATEGORY_LABELS["no_action"])
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


#: What ``answer_of`` reads of a response, loaded with the follow-up's responses.
ANSWER_FIELDS = ("narrative", "treaty_action", "treaty_actions")


@overload
def answer_of(cell: Cell) -> Answer: ...
@overload
def answer_of(cell: None) -> None: ...
@overload
def answer_of(cell: Cell | None) -> Answer | None: ...


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
            # Every treaty the paragraph names ("A: Signed; B: No action"), read from
            # its prefetched treaties: no query.
            action=action_summary(response, cell.paragraph.named_treaties),
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


RTL_LANGUAGES = frozenset({"ar"})


@dataclass(frozen=True)
class OperativeText:
    """An operative paragraph as the annex prints it: the original, or the official
    translation into the document's language (whose text holds its sub-paragraphs)."""

    paragraph: Paragraph
    text: str
    subparagraph_items: list
    language: str

    @property
    def number(self) -> int | None:
        return self.paragraph.number

    @property
    def reference(self) -> str:
        return self.paragraph.reference

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"


@dataclass
class AnnexItem:
    number: int | None  # None: a resolution asking for reports that is not on the agenda
    item: AgendaItem
    operative: list[Paragraph] = field(default_factory=list)
    #: Paragraph id -> its official translation into `translation_language`, where attached.
    translated: dict[int, str] = field(default_factory=dict)
    translation_language: str = ""
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
    def operative_texts(self) -> list[OperativeText]:
        """The operative paragraphs in the document's language where an official
        translation has them, else as adopted."""
        texts = []
        for p in self.operative:
            translated = self.translated.get(p.pk)
            if translated:
                texts.append(OperativeText(p, translated, [], self.translation_language))
            else:
                texts.append(OperativeText(p, p.text, p.subparagraph_items, ORIGINAL_LANGUAGE))
        return texts

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
            "symbol": self.symbol,
        }

    @property
    def resolution(self) -> Resolution | None:
        return self.item.source_resolution

    @property
    def symbol(self) -> str:
        """The source resolution's symbol; empty for a standing item."""
        return self.item.source_resolution.symbol if self.item.source_resolution else ""

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
    #: The language the annex is written in ("" for the page's own).
    language: str = ""

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
    detail_items: Container[int | None] | None = None,
    language: str | None = None,
) -> AgendaAnnex | None:
    """The agenda of `session` with its annex; None when there is no previous session.

    The annex follows up every resolution of the previous session that asks states to
    report, on the agenda or not, as of the document's date (see ``_AnnexDates``): a
    ratification after it does not count, a report sent after the opening is listed as late.
    With `detail_items` (the page), only those items are followed up (their state lines,
    charts and the maps they show); the others keep their place and heading.

    Queries: previous session, agenda items (+ resolutions, topics), the previous session's
    operative paragraphs (+ resolutions) and their treaties, member states,
    build_follow_up's (reporting paragraphs + their treaties, treaty statuses, responses,
    sessions), and the items' treaty statuses; with a `language` other than the original's,
    one more for the official translations of the operative paragraphs into it.
    """
    today = today or timezone.localdate()
    previous = Session.objects.filter(number__lt=session.number).order_by("-number").first()
    if previous is None:
        return None
    dates = _AnnexDates.of(session, previous, today)

    agenda = _agenda_items(session)
    carried_ids = [i.source_resolution_id for i in agenda if i.source_resolution_id]
    shown_ids = _shown_resolution_ids(agenda, detail_items)
    operative, resolutions, cited, asking = _operative(
        _annex_scope(previous, carried_ids), shown_ids
    )
    other_ids = _not_carried(asking, carried_ids, resolutions)
    resolution_ids = carried_ids + other_ids

    states_qs = MemberState.objects.active()
    states = list(states_qs)  # evaluated once; build_follow_up reuses the cached rows
    # The page follows up what it shows only (193 states × every item is the print view's).
    reporting, late, progress = _follow_up_by_resolution(
        resolution_ids if shown_ids is None else shown_ids, states_qs, dates.as_of, dates.late_from
    )
    builder = _AnnexItems(
        operative=operative,
        reporting=reporting,
        progress=progress,
        late=late,
        cited=cited,
        treaty_annexes=_treaty_annexes(resolution_ids, cited, states, dates),
        states=states,
        detail_items=detail_items,
        translated=_translations_of(operative, language),
        language=language or "",
    )
    items = [builder.item(n, agenda_item) for n, agenda_item in enumerate(agenda, start=1)]
    others = [builder.item(None, _unsaved_item(session, resolutions[rid])) for rid in other_ids]
    _draw_shown_treaties(builder, states=states, session=session, today=dates.as_of)
    return _annex_of(session, previous, today, dates, items, others, language=language or "")


def _annex_of(
    session: Session,
    previous: Session,
    today: datetime.date,
    dates: _AnnexDates,
    items: list[AnnexItem],
    others: list[AnnexItem],
    *,
    language: str,
) -> AgendaAnnex:
    return AgendaAnnex(
        session=session,
        previous=previous,
        today=today,
        cycle=dates.cycle,
        items=items,
        since=dates.since,
        until=dates.until,
        others=others,
        document_symbol=session.agenda_symbol,
        document_date=dates.document_date,
        late_from=dates.late_from,
        language=language,
    )


def _treaty_annexes(
    resolution_ids: list[int],
    cited: dict[int, list[Treaty]],
    states: list[MemberState],
    dates: _AnnexDates,
) -> dict[int, TreatyAnnex]:
    """Each treaty the followed resolutions cite, with who takes part in it as of the annex."""
    treaties = {t.pk: t for rid in resolution_ids for t in cited.get(rid, [])}
    participations = _participations(
        treaties=list(treaties.values()),
        states=states,
        on=dates.as_of,
        since=dates.since,
        until=dates.until,
    )
    return {
        pk: TreatyAnnex(participation=participation, states=states)
        for pk, participation in participations.items()
    }


def _draw_shown_treaties(
    builder: _AnnexItems, *, states: list[MemberState], session: Session, today: datetime.date
) -> None:
    for treaty_annex in builder.treaty_annexes.values():
        # A map and a chart are drawn once, under the first item citing the treaty, and
        # only where that item is shown.
        if treaty_annex.shown_at_item in builder.detailed:
            _draw_treaty(treaty_annex, states=states, session=session, today=today)


def _agenda_items(session: Session) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("source_resolution__session", "topic")
        .order_by("position", "pk")
    )


def _not_carried(asking, carried_ids: list[int], resolutions: dict) -> list[int]:
    """The resolutions asking for reports that no agenda item carries, in symbol order."""
    return sorted(
        (rid for rid in asking if rid not in set(carried_ids)),
        key=lambda rid: _symbol_key(resolutions[rid].symbol),
    )


@dataclass(frozen=True)
class _AnnexDates:
    """The days an annex is read as of: the document's date (the opening day once the
    session has opened, unless the secretariat dated it), the cycle's span, and the day
    from which a report is late (the opening day, once the session has opened)."""

    cycle: ReportingCycle
    document_date: datetime.date | None
    as_of: datetime.date
    since: datetime.date
    until: datetime.date
    late_from: datetime.date | None

    @classmethod
    def of(cls, session: Session, previous: Session, today: datetime.date) -> _AnnexDates:
        cycle = ReportingCycle(opening=previous, closing=session)
        closed = cycle.is_closed(today)
        document_date = session.agenda_date or (session.start_date if closed else today)
        as_of = document_date or today  # a closed cycle's session has its opening day
        return cls(
            cycle=cycle,
            document_date=document_date,
            as_of=as_of,
            since=previous.opens_on,
            until=session.start_date if closed and session.start_date else as_of,
            late_from=session.start_date if closed else None,
        )


def _shown_resolution_ids(
    agenda: list[AgendaItem], detail_items: Container[int | None] | None
) -> list[int] | None:
    """The resolutions whose items are shown in full: every one (None) for the print view and
    the exports; on the page, only the shown items' (the others keep their shape only)."""
    if detail_items is None:
        return None
    return [
        i.source_resolution_id
        for n, i in enumerate(agenda, start=1)
        if n in detail_items and i.source_resolution_id
    ]


def _annex_scope(previous: Session, carried_ids: list[int]) -> QuerySet[Paragraph]:
    """The operative paragraphs of the carried resolutions and of the previous session's."""
    return Paragraph.objects.filter(kind=Paragraph.Kind.OPERATIVE).filter(
        Q(resolution_id__in=carried_ids)
        | Q(resolution__session=previous, resolution__withdrawn_at__isnull=True)
    )


def _follow_up_by_resolution(
    resolution_ids: list[int],
    states: QuerySet[MemberState],
    on: datetime.date,
    late_from: datetime.date | None,
) -> tuple[
    dict[int, list[ParagraphFollowUp]],
    dict[int, list[LateReport]],
    dict[int, ResolutionProgress],
]:
    """Each resolution's paragraphs' follow-up, the reports sent after the session opened
    (set aside from the counts), and each resolution's progress."""
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution_id__in=resolution_ids).order_by("order"),
        states,
        on=on,
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
    return reporting, late, progress


@dataclass
class _AnnexItems:
    """What every annex item draws on, read once for the whole annex."""

    operative: dict[int, list[Paragraph]]
    reporting: dict[int, list[ParagraphFollowUp]]
    progress: dict[int, ResolutionProgress]
    late: dict[int, list[LateReport]]
    cited: dict[int, list[Treaty]]
    treaty_annexes: dict[int, TreatyAnnex]
    states: list[MemberState]
    detail_items: Container[int | None] | None
    #: Official translations of the operative paragraphs into `language`, by paragraph id.
    translated: dict[int, str]
    language: str
    #: Anchors of the items whose tables and figures are built.
    detailed: set[str] = field(default_factory=set)

    def item(self, number: int | None, agenda_item: AgendaItem) -> AnnexItem:
        entry = AnnexItem(number=number, item=agenda_item)
        rid = agenda_item.source_resolution_id
        if not rid:
            return entry
        entry.operative = self.operative.get(rid, [])
        entry.translated = {
            p.pk: self.translated[p.pk] for p in entry.operative if p.pk in self.translated
        }
        entry.translation_language = self.language
        entry.reporting = self.reporting.get(rid, [])
        entry.progress = self.progress.get(rid)
        entry.late = self.late.get(rid, [])
        entry.treaties = self._treaties_of(entry, rid)
        # The page shows one item's table and chart (`detail_items`); print and PDF all.
        if self.detail_items is None or number in self.detail_items:
            self.detailed.add(entry.anchor)
            entry.lines = _lines(entry, self.states)
            entry.chart_svg = _reports_chart(entry) if entry.reporting else ""
        return entry

    def _treaties_of(self, entry: AnnexItem, rid: int) -> list[TreatyAnnex]:
        """The treaties the item's paragraphs name; the first item naming one shows it."""
        seen: dict[int, TreatyAnnex] = {}
        for t in self.cited.get(rid, []):
            seen.setdefault(t.pk, self.treaty_annexes[t.pk])
        for annex in seen.values():
            if annex.shown_at_item is None:
                annex.shown_at_item = entry.anchor
                annex.shown_at_label = entry.heading
        return sorted(seen.values(), key=lambda annex: annex.treaty.short_name)


def _translations_of(operative: dict[int, list[Paragraph]], language: str | None) -> dict[int, str]:
    """The official translations into `language` of the paragraphs (none in the original)."""
    if not language or language == ORIGINAL_LANGUAGE:
        return {}
    return dict(
        ParagraphTranslation.objects.filter(
            translation__language=language,
            paragraph_id__in=[p.pk for ps in operative.values() for p in ps],
        ).values_list("paragraph_id", "text")
    )


def _unsaved_item(session: Session, resolution: Resolution) -> AgendaItem:
    # Not saved: the resolution is followed up, the agenda stays the secretariat's.
    return AgendaItem(
        session=session,
        kind=AgendaItem.Kind.CARRIED,
        position=0,
        title=title_for(resolution),
        source_resolution=resolution,
        secretariat_document=resolution.secretariat_document,
    )


def _operative(
    scope: QuerySet[Paragraph], shown_ids: list[int] | None
) -> tuple[dict[int, list[Paragraph]], dict[int, Resolution], dict[int, list[Treaty]], set[int]]:
    """The operative paragraphs in `scope` by resolution (in full for `shown_ids`, every
    resolution when None), the resolutions, the treaties each cites (in paragraph order) and
    the resolutions asking states to report.

    One query (+ treaties) in full; five when only some are shown, each reading little
    (loading 160 paragraphs with their resolution was most of the agenda page's time).
    """
    operative: dict[int, list[Paragraph]] = defaultdict(list)
    resolutions: dict[int, Resolution] = {}
    cited: dict[int, list[Treaty]] = defaultdict(list)
    asking: set[int] = set()
    full = scope if shown_ids is None else scope.filter(resolution_id__in=shown_ids)
    for p in (
        full.select_related("resolution__session", "resolution__topic")
        .prefetch_related("treaties")
        .order_by("resolution_id", "order")
    ):
        operative[p.resolution_id].append(p)
        resolutions[p.resolution_id] = p.resolution
    if shown_ids is None:
        shape = [
            (p.pk, p.resolution_id, p.requests_report, p.addressees)
            for ps in operative.values()
            for p in ps
        ]
        for ps in operative.values():
            for p in ps:
                for t in p.treaties.all():
                    if t not in cited[p.resolution_id]:
                        cited[p.resolution_id].append(t)
    else:
        shape = list(
            scope.order_by("resolution_id", "order").values_list(
                "pk", "resolution_id", "requests_report", "addressees"
            )
        )
        rids = {rid for _pk, rid, _asks, _who in shape}
        for r in Resolution.objects.filter(pk__in=rids - set(resolutions)).select_related(
            "session", "topic"
        ):
            resolutions[r.pk] = r
        resolution_of = {pk: rid for pk, rid, _asks, _who in shape}
        order = {pk: i for i, (pk, *_rest) in enumerate(shape)}
        through = Paragraph.treaties.through
        for link in sorted(
            through.objects.filter(paragraph_id__in=list(resolution_of)).select_related("treaty"),
            key=lambda link: (order[link.paragraph_id], link.pk),
        ):
            rid = resolution_of[link.paragraph_id]
            if link.treaty not in cited[rid]:
                cited[rid].append(link.treaty)
    for _pk, rid, asks, who in shape:
        if asks and who != Paragraph.Addressees.NONE:
            asking.add(rid)
    return operative, resolutions, cited, asking


_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
)


def _symbol_key(symbol: str) -> tuple:
    digits = [int(d) for d in re.findall(r"\d+", symbol)]
    return (digits[-1] if digits else 0, symbol)


def title_for(resolution: Resolution) -> str:
    """The item's title: the work-programme item's name, in title case if shouted."""
    title = resolution.topic.name if resolution.topic else resolution.title
    if title.isupper():
        words = title.lower().split()
        title = " ".join(
            w if i and w in _SMALL_WORDS else _capitalise(w) for i, w in enumerate(words)
        )
    return title


def _capitalise(word: str) -> str:
    """ "(fictional" -> "(Fictional": the first letter, after any opening bracket or quote."""
    return re.sub(r"^(\W*)(\w)", lambda m: m.group(1) + m.group(2).upper(), word, count=1)


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
            and timezone.localdate(response.submitted_at) >= late_from
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


def _draw_treaty(
    annex: TreatyAnnex,
    *,
    states: list[MemberState],
    session: Session,
    today: datetime.date,
) -> None:
    participation = annex.participation
    short_name = annex.treaty.short_name
    annex.map_args = {
        "categories": {s.iso3: annex.category(s.pk) for s in states},
        "legend": TREATY_STATUS_LEGEND,
        "title": _("%(treaty)s among the member states on %(date)s")
        % {"treaty": short_name, "date": long_date(today)},
        "highlight": [ts.member_state.iso3 for ts in participation.joined_since],
        "names": {s.iso3: s.name for s in states},
        "description": _("States outlined in black became parties since the last session."),
        "id_prefix": f"map-{session.number}-{annex.treaty.pk}",
    }
    annex.map_svg = render_member_map(**annex.map_args)
    annex.chart_svg = step_line_chart(
        participation.parties_by_year(),
        title=_("%(treaty)s parties among today's member states, by year") % {"treaty": short_name},
        y_label=_("Parties"),
        until=today.year,
    )


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
    symbol = entry.symbol
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


def agenda_item(*, number: int, pk: int) -> AgendaItem:
    """An item of session `number`'s agenda (404 otherwise)."""
    return get_object_or_404(
        AgendaItem.objects.select_related("session", "source_resolution"),
        pk=pk,
        session__number=number,
    )


def recent_pdf_jobs(*, session: Session, language: str, limit: int = 5) -> list[ExportJob]:
    """The session's latest agenda PDF jobs in `language`, newest first."""
    return list(
        ExportJob.objects.filter(session=session, fmt="pdf", language=language).order_by(
            "-created_at"
        )[:limit]
    )


def export_job(*, number: int, job_id: object) -> ExportJob:
    """A file job of session `number` (404 otherwise)."""
    return get_object_or_404(
        ExportJob.objects.select_related("session"), pk=job_id, session__number=number
    )


def next_session_number() -> int:
    """The number a new session would take: one after the latest, 1 for the first."""
    latest = Session.objects.order_by("-number").only("number").first()
    return latest.number + 1 if latest else 1
