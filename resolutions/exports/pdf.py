"""The agenda and its annex as PDF: WeasyPrint renders the print view's own template.

At AALCO's size the annex is a few pages; at the size of the UN (193 states, 40 carried
items) it is about 300, which WeasyPrint, asked for one document, laid out in minutes and
more than a gigabyte. So the PDF is made in parts: the title page and agenda with the first
item, then one item per part, rendered in parallel child processes with memory and time
limits (``limits.render_pdf``), joined with pypdf, and stamped with the running header and
page numbers of the whole. Long tables (one row per member state) are laid out on a grid of
fixed columns whose rows are one cell each (``flatten_tables``): WeasyPrint's cost is per
box and per line of text, and a table row of five cells costs five times one line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import re
import subprocess
from collections.abc import Callable
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from ..selectors.agenda import session_dates, session_place
from .base import AgendaExporter, register

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex
    from .limits import RenderReport

logger = logging.getLogger(__name__)

PRINT_TEMPLATE = "agenda/print.html"
STAMP_TEMPLATE = "agenda/print_stamp.html"
PDF_CACHE_SECONDS = 24 * 3600
#: Carried items per part: a child holds one part's boxes at a time (at 193 states, 12 MiB
#: an item), and a part's fixed cost (stylesheet, fonts) is small: one item a part.
ITEMS_PER_PART = 1
#: Tables with at least this many rows are printed one line per row.
FLATTEN_MIN_ROWS = 25


def print_context(annex: AgendaAnnex, **extra: Any) -> dict[str, Any]:
    """The context of the print view and of the PDF: one template, one context."""
    return {
        "annex": annex,
        "session_place": session_place(annex.session),
        "session_dates": session_dates(annex.session),
        **extra,
    }


@dataclasses.dataclass(frozen=True)
class PrintPart:
    """One part of the PDF: `front` has the title page, the agenda and the annex heading;
    `annex` is the whole annex with only this part's items."""

    front: bool
    annex: AgendaAnnex


_ANNEX_TABLE = re.compile(
    r"<table\b[^>]*\bclass=\"[^\"]*\bannex-table\b[^\"]*\"[^>]*>.*?</table>", re.S
)


def _text(element) -> str:
    return " ".join(element.text_content().split())


@lru_cache(maxsize=2)
def _advances(bold: bool) -> dict[int, float] | None:
    """Advance widths (in em) of the font the print stylesheet names first, as fontconfig
    finds it for WeasyPrint; None when it cannot be read (then rows keep a box per name)."""
    try:
        from fontTools.ttLib import TTFont

        found = subprocess.run(  # noqa: S603
            ["fc-match", "-f", "%{file}", "DejaVu Sans:bold" if bold else "DejaVu Sans"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        with TTFont(found) as font:
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            return {cp: metrics[glyph][0] / per_em for cp, glyph in font.getBestCmap().items()}
    except Exception:  # no fontconfig, no font file, an unreadable font
        logger.info("No font metrics for the PDF's tables: names keep their own box.")
        return None


def _em(text: str, advances: dict[int, float]) -> float | None:
    """The text's width in em, or None if the font lacks a character (a fallback font,
    whose widths are unknown here, would draw it)."""
    try:
        return sum(advances[ord(c)] for c in text)
    except KeyError:
        return None


@lru_cache(maxsize=16384)
def _width(text: str, bold: bool) -> float | None:
    # The same names, answers and statuses come back in every item's table.
    advances = _advances(bold)
    return None if advances is None else _em(text, advances)


#: A width this close (in em) to a tab stop could land either side of it once kerned: such
#: a cell gets a no-break space more, which moves it safely between two stops.
_STOP_MARGIN = 0.15
#: The annex tables' line in em: A4 less the print margins (210 - 2 x 18 mm), at the
#: tables' 8.448 pt (print.html: the spacing WeasyPrint gives 11px tab stops).
_LINE_EM = math.floor((210 - 2 * 18) / 25.4 * 72 / 8.448)
#: The least room a column of long texts keeps, in em (about 30 characters a line).
_LONG_COLUMN_EM = 16
#: Narrower columns than this (many columns of long texts): the table stays a table.
_MIN_COLUMN_EM = 3


def _tabbed(cells: list[str], widths: list[int], bold: bool) -> str | None:
    """One row as text on tab stops 1 em apart: every cell but the last padded with tabs to
    the next column's start. None when a width is unknown or a cell does not fit."""
    out = []
    nbsp = (_advances(bold) or {}).get(0xA0, 0.0)
    for text, column in zip(cells, widths, strict=False):
        width = _width(text, bold)
        if width is None:
            return None
        if nbsp and not _STOP_MARGIN < width % 1 < 1 - _STOP_MARGIN:
            text, width = text + "\u00a0", width + nbsp
        # Pango's first tab goes to the next whole em after the text, each further one a
        # whole em on: this many reach the next column's start exactly.
        tabs = column - math.floor(width)
        if width + 1 > column:
            return None  # too long for its column: the row gets cells of its own
        out.append(escape(text) + "\t" * tabs)
    last = _width(cells[-1], bold)
    if last is None or sum(widths) + last > _LINE_EM:
        return None
    out.append(escape(cells[-1]))
    return "".join(out)


def _need(text: str, bold: bool) -> int | None:
    width = _width(text, bold)
    return None if width is None else math.ceil(width + 1 + _STOP_MARGIN)


def _column_widths(head: list[str], body: list[list[str]]) -> list[int] | None:
    """Widths in whole em of every column but the last (which takes the rest of the line),
    chosen so that as many rows as possible fit on one line: rows are taken from the
    shortest, each widening the columns it needs while the line holds them. What is left
    goes to the columns the remaining rows (a state's report in its words) need most."""
    columns = len(head)
    rows: list[list[int]] = []
    for cells, bold in ((head, True), *((r, False) for r in body)):
        needs: list[int] = []
        for text in cells[:columns]:
            need = _need(text, bold)
            if need is None:
                return None  # a width is unknown: the table as it is
            needs.append(need)
        needs[-1] -= 1  # nothing follows the last column
        rows.append(needs)
    # A column holding text longer than half the line (a report in its words) keeps room
    # for it: the short rows do not take the whole line from it.
    long_columns = sum(1 for k in range(columns) if max(r[k] for r in rows) > _LINE_EM // 2)
    budget = max(_LINE_EM - long_columns * _LONG_COLUMN_EM, _LINE_EM // 2)
    widths = [0] * columns
    left_out: list[list[int]] = []
    for needs in sorted(rows, key=sum):
        wider = [max(w, n) for w, n in zip(widths, needs, strict=True)]
        if sum(wider) <= budget:
            widths = wider
        else:
            left_out.append(needs)
    spare = _LINE_EM - sum(widths)
    wanted = [sum(max(0, r[k] - widths[k]) for r in left_out) for k in range(columns)]
    total = sum(wanted)
    if spare > 0 and total:
        widths = [w + math.floor(spare * x / total) for w, x in zip(widths, wanted, strict=True)]
    if min(widths[:-1], default=_MIN_COLUMN_EM) < _MIN_COLUMN_EM:
        return None  # too many columns for the line: the table as it is
    return widths[:-1]


def _cells(cells: list[str], widths: list[int]) -> str:
    """A row too long for one line: a cell per column, on the same columns as the lines."""
    tds = "".join(
        # The width is the content's: the cell's 0.5 em padding is the gap before the next.
        f'<td style="width: {w - 0.5}em">{escape(c)}</td>'
        for c, w in zip(cells, widths, strict=False)
    )
    tds += "".join(f"<td>{escape(c)}</td>" for c in cells[len(widths) :])
    return f'<table class="grid-table__cells"><tr>{tds}</tr></table>'


def _grid(table_html: str) -> str:
    from lxml import html as lxml_html

    table = lxml_html.fragment_fromstring(table_html)
    rows = table.xpath("./tbody/tr") or table.xpath("./tr")
    if len(rows) < FLATTEN_MIN_ROWS:
        return table_html
    head = [_text(c) for c in table.xpath("./thead/tr[1]/th|./thead/tr[1]/td")]
    body = [[_text(c) for c in tr.xpath("./th|./td")] for tr in rows]
    if not head or any(len(r) != len(head) for r in body):
        return table_html
    known = _advances(False) and _advances(True)
    widths = _column_widths(head, body) if known else None
    if widths is None:
        return table_html  # the font's widths are unknown: the table as it is
    caption = table.xpath("./caption")
    out = ['<table class="grid-table">']
    if caption:
        out.append(f"<caption>{escape(_text(caption[0]))}</caption>")
    # The heading is the table's head, repeated on every page; the rows are the lines of
    # its one body cell, which breaks across pages between them.
    line = _tabbed(head, widths, True)
    head_html = f'<p class="grid-table__line">{line}</p>' if line else _cells(head, widths)
    out.append(f"<thead><tr><th>{head_html}</th></tr></thead>")
    out.append('<tbody><tr class="grid-table__body"><td>')
    for cells in body:
        line = _tabbed(cells, widths, False)
        out.append(f'<p class="grid-table__line">{line}</p>' if line else _cells(cells, widths))
    out.append("</td></tr></tbody></table>")
    return "".join(out)


def flatten_tables(html: str) -> str:
    """Every long annex table on a grid of fixed columns, one cell per row: a row whose
    cells fit their columns is one line of text on tab stops; a longer one (a state's
    report in its words) gets cells of its own on the same columns. Same text, same order.
    Right-to-left documents keep their tables (tab stops run left to right)."""
    if re.search(r'<html\b[^>]*\bdir="rtl"', html[:2000]):
        return html
    return _ANNEX_TABLE.sub(lambda m: _grid(m.group(0)), html)


def pdf_parts(annex: AgendaAnnex) -> list[str]:
    """The HTML of every part, in order."""
    for entry in annex.followed:
        for treaty in entry.treaties:
            # The same map with the lighter outlines built for paper.
            treaty.map_svg = treaty.print_map_svg
    carried = annex.carried
    chunks = [carried[i : i + ITEMS_PER_PART] for i in range(0, len(carried), ITEMS_PER_PART)]
    parts = []
    chunks = chunks or [[]]
    for k, chunk in enumerate(chunks):
        # The resolutions followed up but not on the agenda come once, after the last item.
        others = annex.others if k == len(chunks) - 1 else []
        part = PrintPart(front=k == 0, annex=dataclasses.replace(annex, items=chunk, others=others))
        html = render_to_string(PRINT_TEMPLATE, print_context(annex, part=part, stamped_later=True))
        # Right to left, tab stops measured with the Latin face misplace the columns: the
        # tables stay tables.
        parts.append(html if get_language_bidi() else flatten_tables(html))
    return parts


def pdf_cache_key(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for html in parts:
        digest.update(html.encode())
        digest.update(b"\0")
    return "agenda-pdf:" + digest.hexdigest()


def render_agenda_pdf(
    annex: AgendaAnnex, *, on_progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, RenderReport | None]:
    """The PDF and how its render went (None when it came from the cache)."""
    parts = pdf_parts(annex)
    # The same HTML always gives the same PDF, so a PDF is cached under its HTML's hash:
    # any change in the data (or the day) changes the HTML and so the key.
    key = pdf_cache_key(parts)
    pdf = _cached(key)
    if pdf is not None:
        return pdf, None
    from .limits import render_pdf

    pdf, report = render_pdf(
        parts,
        header_html=render_to_string(STAMP_TEMPLATE, {"annex": annex}),
        on_progress=on_progress,
    )
    try:
        cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
    except Exception:  # the cache (Redis) is away: the PDF is still good
        logger.warning("Could not cache the agenda PDF.", exc_info=True)
    return pdf, report


def _cached(key: str) -> bytes | None:
    try:
        return cache.get(key)
    except Exception:  # the cache (Redis) is away: render instead
        logger.warning("Could not read the PDF cache.", exc_info=True)
        return None


@register
class PdfExporter(AgendaExporter):
    identifier = "pdf"
    verbose_name = _("PDF")
    extension = "pdf"
    content_type = "application/pdf"

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        return render_agenda_pdf(annex)[0]
