"""The annex data as an Excel workbook (values only, never formulas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from aalco.tabular import CONTENT_TYPES

from .annex_rows import AnnexRows
from .base import AgendaExporter, register

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex


@register
class XlsxExporter(AgendaExporter):
    identifier = "xlsx"
    verbose_name = _("Excel (agenda and annex)")
    extension = "xlsx"
    content_type = CONTENT_TYPES["xlsx"]

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        return AnnexRows(annex).to_xlsx()
