"""Reads for the resolution list and the resolution page."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aalco.tabular import TabularExport
from memberstates.models import MemberState

from ..filters import ResolutionFilter
from ..followup import Cell, CellStatus, ParagraphFollowUp, build_follow_up, reporting_paragraphs
from ..models import Obligation, Paragraph, Resolution, Response
from ..models.documents import subparagraph_tree
from .dashboard import ResolutionProgress, progress_by_resolution

#: Response statuses that settle a cell (CellStatus.SETTLED, as stored on a response).
SETTLED_RESPONSES = [
    status for status, cell in CellStatus.FROM_RESPONSE.items() if cell in CellStatus.SETTLED
]

#: ?sort= values and their SQL order; "progress" is sorted in Python (see browse_resolutions).
RESOLUTION_SORTS: dict[str, tuple[str, ...]] = {
    "symbol": ("symbol",),
    "session": ("session__number", "symbol"),
    "adopted": ("adopted_on", "symbol"),
    "title": ("title", "symbol"),
    "progress": ("-session__number", "symbol"),
}
DEFAULT_RESOLUTION_SORT = "-session"


@dataclass
class ResolutionRow:
    resolution: Resolution
    progress: ResolutionProgress | None = None
    #: (states addressed, states settled), counted in SQL when `progress` is not built.
    counts: tuple[int, int] | None = None

    @property
    def addressed(self) -> int:
        if self.counts is not None:
            return self.counts[0]
        return len(self.progress.addressed) if self.progress else 0

    @property
    def settled(self) -> int:
        if self.counts is not None:
            return self.counts[1]
        return len(self.progress.settled) if self.progress else 0

    @property
    def outstanding(self) -> int:
        return self.addressed - self.settled

    @property
    def asks_for_reports(self) -> bool:
        return self.progress is not None or bool(self.counts and self.counts[0])

    @property
    def share(self) -> float:
        """Reported share, for sorting: resolutions asking nothing sort as complete."""
        return self.settled / self.addressed if self.addressed else 1.0


class LazyRows(Sequence[ResolutionRow]):
    """The filtered resolutions, counted in SQL only for the slice asked for.

    The paginator takes `count()` and one page; an export iterates in chunks. Either way
    progress is worked out for the resolutions read, never for every one ever adopted.
    """

    CHUNK = 500

    def __init__(self, queryset: QuerySet[Resolution]) -> None:
        self._qs = queryset
        self._count: int | None = None

    def count(self) -> int:  # type: ignore[override]  # the Paginator's count(), not Sequence's
        if self._count is None:
            self._count = self._qs.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _rows_with_counts(list(self._qs[index]))
        return _rows_with_counts([self._qs[index]])[0]

    def __iter__(self):
        start = 0
        while True:
            chunk = _rows_with_counts(list(self._qs[start : start + self.CHUNK]))
            yield from chunk
            if len(chunk) < self.CHUNK:
                return
            start += self.CHUNK


@dataclass
class ResolutionBrowse:
    filterset: ResolutionFilter
    rows: Sequence[ResolutionRow]
    sort: str
    valid: bool = True


def _sort_key(value: str) -> tuple[str, bool]:
    descending = value.startswith("-")
    name = value.removeprefix("-")
    if name not in RESOLUTION_SORTS:
        return _sort_key(DEFAULT_RESOLUTION_SORT)
    return name, descending


def browse_resolutions(*, data: QueryDict) -> ResolutionBrowse:
    """Filtered and sorted resolutions with their reporting progress.

    Sorted in SQL (the default), `rows` is lazy: the paginator's count, the page's
    resolutions (with session and topic) and their counts (one aggregate query) — three
    queries, whatever the history. Sorting or filtering on progress counts every filtered
    resolution in one aggregate query instead (no follow-up cell is built either way).
    """
    filterset = ResolutionFilter(
        data or None, queryset=Resolution.objects.select_related("session", "topic")
    )
    name, descending = _sort_key(data.get("sort", DEFAULT_RESOLUTION_SORT))
    sort = f"-{name}" if descending else name
    if filterset.is_bound and not filterset.is_valid():
        return ResolutionBrowse(filterset, [], sort, valid=False)

    order = RESOLUTION_SORTS[name]
    if descending and name != "progress":
        order = (f"-{order[0]}", *order[1:])
    queryset = filterset.qs.order_by(*order)
    outstanding = filterset.form.cleaned_data.get("outstanding") if filterset.is_bound else ""
    if name != "progress" and outstanding not in ("yes", "no"):
        # Sorted in SQL: paginate first, count progress for the page only.
        return ResolutionBrowse(filterset, LazyRows(queryset), sort)

    # Sorting or filtering on progress needs every filtered resolution's counts: one
    # aggregate query over the obligations, no follow-up cell built.
    rows = _rows_with_counts(list(queryset))
    if outstanding == "yes":
        rows = [row for row in rows if row.outstanding]
    elif outstanding == "no":
        rows = [row for row in rows if not row.outstanding]
    if name == "progress":
        rows.sort(key=lambda row: (row.share, row.addressed), reverse=descending)
    return ResolutionBrowse(filterset, rows, sort)


def _rows_with_counts(resolutions: list[Resolution]) -> list[ResolutionRow]:
    counts = resolution_counts(resolution_ids=[r.pk for r in resolutions])
    return [ResolutionRow(r, counts=counts.get(r.pk)) for r in resolutions]


def resolution_counts(
    *, resolution_ids: list[int], on: datetime.date | None = None
) -> dict[int, tuple[int, int]]:
    """(active states addressed, states settled on every paragraph) per resolution: one query.

    Counted in SQL over the obligations LEFT JOINed to settled reports: per resolution and
    state the cells still open, then per resolution the states with none open (the rules of
    followup.cell_status: a settled report, or a consent after adoption up to `on`).
    """
    if not resolution_ids:
        return {}
    on = on or timezone.localdate()
    settled = list(SETTLED_RESPONSES)
    marks = ", ".join(["%s"] * len(resolution_ids))
    sql = f"""
        SELECT resolution_id, COUNT(*), SUM(CASE WHEN still_open = 0 THEN 1 ELSE 0 END)
        FROM (
          SELECT p.resolution_id AS resolution_id, o.member_state_id,
            SUM(CASE WHEN r.id IS NULL AND (o.party_since IS NULL OR o.party_since > %s)
                THEN 1 ELSE 0 END) AS still_open
          FROM {Obligation._meta.db_table} o
          JOIN {Paragraph._meta.db_table} p ON p.id = o.paragraph_id
          JOIN {MemberState._meta.db_table} m ON m.id = o.member_state_id
          LEFT JOIN {Response._meta.db_table} r ON r.paragraph_id = o.paragraph_id
            AND r.member_state_id = o.member_state_id AND r.cycle_id = o.cycle_id
            AND r.status IN ({", ".join(["%s"] * len(settled))})
          WHERE m.is_active = %s AND p.resolution_id IN ({marks})
            AND (o.addressed = %s OR o.party_since > %s)
          GROUP BY p.resolution_id, o.member_state_id
        ) per_state
        GROUP BY resolution_id"""  # noqa: S608 — table names from models, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, [on, *settled, True, *resolution_ids, True, on])
        return {rid: (int(a), int(s or 0)) for rid, a, s in cursor.fetchall()}


class ResolutionListExport(TabularExport):
    """The filtered resolution list, as on screen (all pages)."""

    sheet_title = "Resolutions"
    columns = (
        ("symbol", _("Symbol")),
        ("session", _("Session")),
        ("adopted_on", _("Adopted on")),
        ("title", _("Title")),
        ("topic", _("Work programme item")),
        ("deliberated", _("Deliberated")),
        ("addressed", _("States asked to report")),
        ("settled", _("States that reported")),
        ("outstanding", _("States yet to report")),
        ("url", _("Link")),
    )

    def __init__(self, rows: Iterable[ResolutionRow], *, base_url: str = "") -> None:
        self._rows = rows
        self._base_url = base_url

    def rows(self) -> Iterable[Sequence[Any]]:
        for row in self._rows:
            r = row.resolution
            yield (
                r.symbol,
                r.session.number,
                r.adopted_on,
                r.title,
                r.topic.name if r.topic else "",
                r.deliberated,
                row.addressed if row.asks_for_reports else "",
                row.settled if row.asks_for_reports else "",
                row.outstanding if row.asks_for_reports else "",
                self._base_url + r.get_absolute_url(),
            )


# --- The resolution page -------------------------------------------------------------------


@dataclass
class ParagraphView:
    """A paragraph as the reader knows it, with its follow-up when it asks for reports."""

    paragraph: Paragraph
    lead: str  # the opening verb or phrase, shown in bold (operative) or as written
    rest: str
    subparagraphs: list[dict[str, Any]]
    follow_up: ParagraphFollowUp | None = None
    shown_status: str = ""  # the matrix shows only this CellStatus when set

    @property
    def matrix(self) -> list[tuple[Cell, str]]:
        """Each addressed state's cell with the link it leads to, by state name."""
        return [(cell, url) for cell, url, _state_url in self.rows]

    @cached_property
    def rows(self) -> list[tuple[Cell, str, str]]:
        """(cell, where it leads, the state's page), by state name: URLs built from one
        reverse() per kind, not one per cell (a paragraph addresses up to 193 states)."""
        if self.follow_up is None:
            return []
        response_url = _url_pattern("responses:detail", uuid.UUID(int=0))
        state_url = _url_pattern("states:detail", "AAA")
        cells = sorted(self.follow_up.cells.values(), key=lambda c: c.state.name)
        if self.shown_status:
            cells = [c for c in cells if c.status == self.shown_status]
        return [
            (
                cell,
                response_url(cell.response_id)
                if cell.response_id is not None and cell.status != CellStatus.DRAFT
                else state_url(cell.state.iso3) + "#reports",
                state_url(cell.state.iso3),
            )
            for cell in cells
        ]

    @property
    def shown_status_label(self) -> str:
        return str(CellStatus.LABELS.get(self.shown_status, ""))

    @property
    def owing_count(self) -> int:
        """States in the shown list that have not reported ("remind these states")."""
        return sum(1 for cell, _url in self.matrix if not cell.settled)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for the statuses present, in CellStatus order."""
        if self.follow_up is None:
            return []
        counts = [
            (status, str(label), self.follow_up.count(status))
            for status, label in CellStatus.LABELS.items()
        ]
        return [c for c in counts if c[2]]


def split_lead(paragraph: Paragraph) -> tuple[str, str]:
    """Separate the opening verb from the rest, when the text starts with it."""
    verb = (paragraph.verb or "").strip()
    text = paragraph.text.strip()
    if verb and text.lower().startswith(verb.lower()):
        return text[: len(verb)], text[len(verb) :]
    return "", text


normalise_subparagraphs = subparagraph_tree


@dataclass
class ResolutionPage:
    resolution: Resolution
    preambular: list[ParagraphView]
    operative: list[ParagraphView]
    progress: ResolutionProgress | None
    reporting: list[ParagraphView] = field(default_factory=list)


def resolution_page(
    *, resolution: Resolution, shown: dict[int, str] | None = None
) -> ResolutionPage:
    """Queries: paragraphs with their treaties, then build_follow_up over the reporting ones.

    ``shown`` maps a paragraph number to the one status its matrix shows (the page's
    per-paragraph filter); unknown statuses are ignored.
    """
    shown = {n: s for n, s in (shown or {}).items() if s in CellStatus.LABELS}
    paragraphs = list(resolution.paragraphs.order_by("order").prefetch_related("treaties"))
    for p in paragraphs:
        p.resolution = resolution  # labels and follow-up read it: no query per paragraph
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution=resolution), MemberState.objects.active()
    )
    by_paragraph = {pf.paragraph.pk: pf for pf in follow_up.paragraphs}
    views = []
    for p in paragraphs:
        lead, rest = split_lead(p)
        views.append(
            ParagraphView(
                p,
                lead,
                rest,
                normalise_subparagraphs(p.subparagraphs),
                by_paragraph.get(p.pk),
                shown.get(p.number, "") if p.number else "",
            )
        )
    progress = progress_by_resolution(follow_up)
    return ResolutionPage(
        resolution=resolution,
        preambular=[v for v in views if v.paragraph.kind == Paragraph.Kind.PREAMBULAR],
        operative=[v for v in views if v.paragraph.kind == Paragraph.Kind.OPERATIVE],
        progress=progress[0] if progress else None,
        reporting=[v for v in views if v.follow_up is not None],
    )


def _url_pattern(name: str, sample: object):
    """reverse(name, args=[value]) for any value of the sample's shape, from one reverse()."""
    head, _sample, tail = reverse(name, args=[sample]).partition(str(sample))
    return lambda value: f"{head}{value}{tail}"


def cell_url(cell: Cell) -> str:
    """Where a matrix cell leads: the response once submitted, else the state's reports."""
    if cell.response_id is not None and cell.status != CellStatus.DRAFT:
        return reverse("responses:detail", args=[cell.response_id])
    return reverse("states:detail", args=[cell.state.iso3]) + "#reports"


def resolution_or_404(*, pk: int) -> Resolution:
    return get_object_or_404(Resolution.objects.select_related("session", "topic"), pk=pk)


def paragraph_of(*, resolution: Resolution, pk: int) -> Paragraph:
    """One of the resolution's paragraphs (404 otherwise)."""
    return get_object_or_404(
        Paragraph.objects.select_related("resolution__session"), pk=pk, resolution=resolution
    )
