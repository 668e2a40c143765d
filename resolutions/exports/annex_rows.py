"""The annex as a table, one row per item, reporting paragraph and addressed state: the
rows behind the CSV and XLSX exports (through the shared TabularExport writers)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from .tabular import TabularExport

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex


class AnnexRows(TabularExport):
    columns = (
        ("item", _("Item number")),
        ("title", _("Item title")),
        ("symbol", _("Resolution symbol")),
        ("paragraph", _("Paragraph")),
        ("state", _("Member state")),
        ("iso3", _("ISO3")),
        ("status", _("Status")),
        ("treaty_status", _("Treaty status")),
    )
    sheet_title = "Annex"

    def __init__(self, annex: AgendaAnnex) -> None:
        self.annex = annex

    def rows(self) -> Iterator[Sequence[Any]]:
        for entry, pf, cell, treaty_text in self.annex.rows():
            yield (
                entry.number,
                entry.title,
                entry.resolution.symbol,
                pf.paragraph.reference,
                cell.state.name,
                cell.state.iso3,
                cell.label,
                treaty_text,
            )
