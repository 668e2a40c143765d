"""The agenda and its annex as PDF: WeasyPrint renders the print view's own template."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..selectors.agenda import session_dates, session_place
from .base import AgendaExporter, register
from .svg_print import simplify_map_paths

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex

PRINT_TEMPLATE = "agenda/print.html"
PDF_CACHE_SECONDS = 24 * 3600


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


@register
class PdfExporter(AgendaExporter):
    identifier = "pdf"
    verbose_name = _("PDF")
    extension = "pdf"
    content_type = "application/pdf"

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        for entry in annex.followed:
            for treaty in entry.treaties:
                treaty.map_svg = _print_weight(str(treaty.map_svg))
        html = render_to_string(PRINT_TEMPLATE, print_context(annex))
        # WeasyPrint takes about a second for AALCO's annex; the HTML takes a tenth of that.
        # The same HTML always gives the same PDF, so a PDF is cached under its HTML's hash:
        # any change in the data (or the day) changes the HTML and so the key.
        key = "agenda-pdf:" + hashlib.sha256(html.encode()).hexdigest()
        pdf = cache.get(key)
        if pdf is None:
            # Imported here: WeasyPrint is slow to import and a cached PDF does not need it.
            from weasyprint import HTML

            # No external resources: styles, maps and charts are inline, so no URL fetching.
            pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
            cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
        return pdf
