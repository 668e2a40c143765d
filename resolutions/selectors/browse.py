"""Reads for the resolution list and the resolution page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState

from ..exports.tabular import TabularExport
from ..filters import ResolutionFilter
from ..followup import Cell, CellStatus, ParagraphFollowUp, build_follow_up, reporting_paragraphs
from ..models import Paragraph, Resolution
from ..models.documents import subparagraph_tree
from .dashboard import ResolutionProgress, progress_by_resolution

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
    progress: ResolutionProgress | None

    @property
    def addressed(self) -> int:
        return len(self.progress.addressed) if self.progress else 0

    @property
    def settled(self) -> int:
        return len(self.progress.settled) if self.progress else 0

    @property
    def outstanding(self) -> int:
        return self.addressed - self.settled

    @property
    def asks_for_reports(self) -> bool:
        return self.progress is not None

    @property
    def share(self) -> float:
        """Reported share, for sorting: resolutions asking nothing sort as complete."""
        return self.settled / self.addressed if self.addressed else 1.0


@dataclass
class ResolutionBrowse:
    filterset: ResolutionFilter
    rows: list[ResolutionRow]
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

    Queries: the resolutions (with session and topic), then build_follow_up over their
    reporting paragraphs and the active states (paragraphs, treaties, states, treaty statuses,
    responses, sessions). Progress and "reports outstanding" are computed for every filtered
    resolution (not only the page) so both can be sorted and filtered on; AALCO adopts about
    ten resolutions a year, so this stays small.
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
    resolutions = list(filterset.qs.order_by(*order))
    progress = _progress_of(resolutions)
    rows = [ResolutionRow(r, progress.get(r.pk)) for r in resolutions]

    outstanding = filterset.form.cleaned_data.get("outstanding") if filterset.is_bound else ""
    if outstanding == "yes":
        rows = [row for row in rows if row.outstanding]
    elif outstanding == "no":
        rows = [row for row in rows if not row.outstanding]
    if name == "progress":
        rows.sort(key=lambda row: (row.share, row.addressed), reverse=descending)
    return ResolutionBrowse(filterset, rows, sort)


def _progress_of(resolutions: Sequence[Resolution]) -> dict[int, ResolutionProgress]:
    if not resolutions:
        return {}
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution__in=[r.pk for r in resolutions]),
        MemberState.objects.active(),
    )
    return {p.resolution.pk: p for p in progress_by_resolution(follow_up)}


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
        if self.follow_up is None:
            return []
        cells = sorted(self.follow_up.cells.values(), key=lambda c: c.state.name)
        if self.shown_status:
            cells = [c for c in cells if c.status == self.shown_status]
        return [(cell, cell_url(cell)) for cell in cells]

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


def cell_url(cell: Cell) -> str:
    """Where a matrix cell leads: the response once submitted, else the state's reports."""
    if cell.response is not None and cell.status != CellStatus.DRAFT:
        return reverse("responses:detail", args=[cell.response.pk])
    return reverse("states:detail", args=[cell.state.iso3]) + "#reports"
