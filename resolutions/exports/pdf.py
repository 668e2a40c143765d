"""The agenda and its annex as PDF: WeasyPrint renders the print view's own template.

At AALCO's size the annex is a few pages; at the size of the UN (193 states, 40 carried
items) it is about 300, which WeasyPrint, asked for one document, laid out in minutes and
more than a gigabyte. So the PDF is made in parts: the title page and agenda with the first
items, then a few items per part, rendered in parallel child processes with memory and time
limits (``limits.render_pdf``), joined with pypdf, and stamped with the running header and
page numbers of the whole. Long tables (one row per member state) are laid out as one line
per row (``flatten_tables``): WeasyPrint's cost is per box, and a table row is six of them.
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
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..selectors.agenda import session_dates, session_place
from .base import AgendaExporter, register
from .svg_print import simplify_map_paths

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex
    from .limits import RenderReport

logger = logging.getLogger(__name__)

PRINT_TEMPLATE = "agenda/print.html"
STAMP_TEMPLATE = "agenda/print_stamp.html"
PDF_CACHE_SECONDS = 24 * 3600
#: Carried items per part: small enough to keep a child's memory low and the progress
#: fine-grained, large enough that a part's fixed cost (stylesheet, fonts) stays small.
ITEMS_PER_PART = 2
#: Tables with at least this many rows are printed one line per row.
FLATTEN_MIN_ROWS = 25


@lru_cache(maxsize=16)
def _print_weight(svg: str) -> str:
    # The same map comes back export after export until a treaty status changes.
    # Our own escaped SVG, only its path data reshaped.
    return mark_safe(simplify_map_paths(svg))


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


#: A width this close (in em) to a tab stop could land either side of it once kerned: such
#: a cell gets a no-break space more, which moves it safely between two stops.
_STOP_MARGIN = 0.15


def _tabbed(cells: list[str], stops: list[int], advances: dict[int, float]) -> str | None:
    """One row as text on tab stops 1 em apart: every cell but the last padded with tabs to
    its column's start. None when a width is unknown."""
    out = []
    nbsp = advances.get(0xA0, 0.0)
    for text, stop in zip(cells, stops, strict=False):
        width = _em(text, advances)
        if width is None:
            return None
        if nbsp and not _STOP_MARGIN < width % 1 < 1 - _STOP_MARGIN:
            text, width = text + "\u00a0", width + nbsp
        # Pango's first tab goes to the next whole em after the text, each further one a
        # whole em on: this many reach the column's start exactly.
        out.append(escape(text) + "\t" * (stop - math.floor(width)))
    out.append(escape(cells[-1]))
    return "".join(out)


def _flat(table_html: str) -> str:
    from lxml import html as lxml_html

    table = lxml_html.fragment_fromstring(table_html)
    rows = table.xpath("./tbody/tr") or table.xpath("./tr")
    if len(rows) < FLATTEN_MIN_ROWS:
        return table_html
    head = [_text(c) for c in table.xpath("./thead/tr[1]/th|./thead/tr[1]/td")]
    body = [[_text(c) for c in tr.xpath("./th|./td")] for tr in rows]
    caption = table.xpath("./caption")
    regular, bold = _advances(False), _advances(True)
    # Each column but the last is as wide as its longest cell and 1 em, in whole em.
    columns = max(len(r) for r in [head, *body])
    stops: list[int] = []
    for k in range(columns - 1 if regular and bold else 0):
        widths = [_em(r[k], bold if r is head else regular) for r in [head, *body] if k < len(r)]
        if None in widths:
            stops = []
            break
        stops.append(math.ceil(max(widths) + 1 + _STOP_MARGIN))
    out = ['<div class="flat-table">']
    if caption:
        out.append(f'<p class="flat-table__caption">{escape(_text(caption[0]))}</p>')
    for cells, extra in ((head, " flat-table__row--head"), *((r, "") for r in body)):
        if not cells:
            continue
        line = _tabbed(cells, stops, bold if cells is head else regular) if stops else None
        if line is None:
            # A width is unknown: the name gets a fixed box, the rest its own tab stops.
            first, rest = cells[0], "\t".join(escape(c) for c in cells[1:])
            line = f'<span class="flat-table__first">{escape(first)}</span>{rest}'
            extra += " flat-table__row--boxed"
        out.append(f'<p class="flat-table__row{extra}">{line}</p>')
    out.append("</div>")
    return "".join(out)


def flatten_tables(html: str) -> str:
    """Every long annex table as one paragraph per row, columns on tab stops (same text)."""
    return _ANNEX_TABLE.sub(lambda m: _flat(m.group(0)), html)


def pdf_parts(annex: AgendaAnnex) -> list[str]:
    """The HTML of every part, in order."""
    for entry in annex.followed:
        for treaty in entry.treaties:
            treaty.map_svg = _print_weight(str(treaty.map_svg))
    carried = annex.carried
    chunks = [carried[i : i + ITEMS_PER_PART] for i in range(0, len(carried), ITEMS_PER_PART)]
    parts = []
    chunks = chunks or [[]]
    for k, chunk in enumerate(chunks):
        # The resolutions followed up but not on the agenda come once, after the last item.
        others = annex.others if k == len(chunks) - 1 else []
        part = PrintPart(front=k == 0, annex=dataclasses.replace(annex, items=chunk, others=others))
        html = render_to_string(PRINT_TEMPLATE, print_context(annex, part=part, stamped_later=True))
        parts.append(flatten_tables(html))
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
