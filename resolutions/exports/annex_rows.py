"""The agenda and its annex as one table: the rows behind the CSV and XLSX exports (through
the shared TabularExport writers).

First one row per agenda item (part "Agenda"), then one row per resolution followed up,
reporting paragraph and addressed state (part "Annex"): what the state reported — its
answer and its words — not the secretariat's review status; late reports say so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aalco.tabular import TabularExport

if TYPE_CHECKING:
    from ..selectors.agenda import AgendaAnnex


class AnnexRows(TabularExport):
    columns = (
        ("part", gettext_lazy("Part")),
        ("item", gettext_lazy("Item number")),
        ("title", gettext_lazy("Item title")),
        ("document", gettext_lazy("Secretariat document")),
        ("symbol", gettext_lazy("Resolution symbol")),
        ("paragraph", gettext_lazy("Paragraph")),
        ("state", gettext_lazy("Member state")),
        ("iso3", gettext_lazy("ISO3")),
        ("answer", gettext_lazy("Answer")),
        ("text", gettext_lazy("What the state reported")),
        ("reported_on", gettext_lazy("Sent on")),
        ("late", gettext_lazy("Sent after the session opened")),
        ("treaty_status", gettext_lazy("Treaty status")),
    )
    sheet_title = gettext_lazy("Agenda and annex")  # type: ignore[assignment]  # str() when used

    def __init__(self, annex: AgendaAnnex) -> None:
        self.annex = annex

    def rows(self) -> Iterator[Sequence[Any]]:
        from ..selectors.agenda import answer_of

        agenda, annex = _("Agenda"), _("Annex")
        for entry in self.annex.items:
            yield (
                agenda,
                entry.number,
                entry.title,
                entry.item.secretariat_document,
                entry.resolution.symbol if entry.resolution else "",
                *([""] * 8),
            )
        for entry, pf, cell, treaty_text in self.annex.rows():
            answer = answer_of(cell)
            yield (
                annex,
                entry.number if entry.number is not None else "",
                entry.title,
                entry.item.secretariat_document,
                entry.symbol,
                pf.paragraph.reference,
                cell.state.name,
                cell.state.iso3,
                answer.summary,
                answer.text,
                answer.on if answer.kind == "reported" else None,
                _("no") if answer.kind == "reported" else "",
                treaty_text,
            )
        for entry in self.annex.followed:
            for report in entry.late:
                yield (
                    annex,
                    entry.number if entry.number is not None else "",
                    entry.title,
                    entry.item.secretariat_document,
                    entry.symbol,
                    report.paragraph.reference,
                    report.state.name,
                    report.state.iso3,
                    report.answer.summary,
                    report.answer.text,
                    report.answer.on,
                    _("yes (not counted)"),
                    entry.treaty_text(report.state.pk),
                )
