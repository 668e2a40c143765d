"""The annex data as CSV (UTF-8 with BOM; cells guarded against formula injection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from aalco.tabular import CONTENT_TYPES

from .annex_rows import AnnexRows
from .base import AgendaExporter, register

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex


@register
class CsvExporter(AgendaExporter):
    identifier = "csv"
    verbose_name = _("CSV (agenda and annex)")
    extension = "csv"
    content_type = CONTENT_TYPES["csv"]

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        return AnnexRows(annex).to_csv()
