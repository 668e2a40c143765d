"""A row-iterator base for tabular downloads: one class gives both CSV and XLSX.

Subclass :class:`TabularExport`, set ``columns`` and implement ``rows()``; a view
returns ``download_response(export, fmt, filename)``. Cells are made safe for
spreadsheets: CSV cells that a spreadsheet would run as a formula are prefixed with
an apostrophe by defusedcsv's writer (OWASP "CSV injection"), and XLSX cells are always
written as values, never as formulas.

Both writers hold a bounded number of rows, whatever the table's length: the CSV is
streamed (``iter_csv``, a StreamingHttpResponse), the XLSX is written by openpyxl's
write-only mode (rows go to its temporary file as they come; columns are sized from
the first rows). With a lazy
``rows()`` (a queryset's ``.iterator()``) a million rows cost the memory of a few hundred.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from defusedcsv import csv as defusedcsv
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: First characters that split a cell in some spreadsheets; defusedcsv guards the formula
#: ones (= + - @ | %) but not these.
_SPLITTING_STARTS = ("\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_MAX_COLUMN_WIDTH = 60
#: Rows read ahead to size the XLSX columns (write-only sheets cannot be resized later).
_SIZING_ROWS = 500
#: CSV rows written per streamed chunk.
_CSV_CHUNK_ROWS = 500


def _plain(value: Any) -> Any:
    """A value a spreadsheet understands: numbers and dates stay typed, the rest is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        # Spreadsheets have no time zones: show the secretariat's local time.
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    return str(value)


def csv_value(value: Any) -> Any:
    """One CSV cell as defusedcsv's writer receives it: a number stays a number (data, not
    a formula, even when negative), a date is ISO text, the rest is text."""
    value = _plain(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_SPLITTING_STARTS):
        return "'" + value
    return value


class TabularExport:
    """One table: ``columns`` are ``(key, header)`` pairs, ``rows()`` yields one sequence
    per row in column order."""

    columns: ClassVar[Sequence[tuple[str, StrOrPromise]]] = ()
    #: The XLSX sheet's name (Excel allows at most 31 characters).
    sheet_title: ClassVar[str] = "Export"

    def headers(self) -> list[str]:
        return [str(header) for _key, header in self.columns]

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def iter_csv(self) -> Iterator[bytes]:
        """The CSV in chunks of a few hundred rows, UTF-8 with a byte-order mark (so Excel
        reads Türkiye and Côte d'Ivoire right)."""
        buffer = io.StringIO()
        writer = defusedcsv.writer(buffer)
        writer.writerow([csv_value(header) for header in self.headers()])
        yield "\ufeff".encode() + buffer.getvalue().encode()
        rows = iter(self.rows())
        while chunk := list(itertools.islice(rows, _CSV_CHUNK_ROWS)):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows([csv_value(value) for value in row] for row in chunk)
            yield buffer.getvalue().encode()

    def to_csv(self) -> bytes:
        return b"".join(self.iter_csv())

    def write_xlsx(self, output) -> None:
        """The workbook into a binary file object, in constant memory."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        headers = self.headers()
        rows = iter(self.rows())
        head = [[_plain(value) for value in row] for row in itertools.islice(rows, _SIZING_ROWS)]

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(self.sheet_title)[:31])
        for index, header in enumerate(headers, start=1):
            longest = max([len(header), *(_display_length(row[index - 1]) for row in head)])
            sheet.column_dimensions[get_column_letter(index)].width = min(
                longest + 2, _MAX_COLUMN_WIDTH
            )
        sheet.freeze_panes = "A2"
        # A sheet in Arabic reads right to left: column A on the right, as Excel shows it.
        sheet.sheet_view.rightToLeft = get_language_bidi()

        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)

        rest = ([_plain(value) for value in row] for row in rows)
        for row in itertools.chain(head, rest):
            cells = []
            for value in row:
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    # Never a formula: "=1+1" stays the text "=1+1".
                    cell.data_type = "s"
                elif isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
        workbook.save(output)

    def to_xlsx(self) -> bytes:
        output = io.BytesIO()
        self.write_xlsx(output)
        return output.getvalue()


def _display_length(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def download_response(
    export: TabularExport, fmt: str, filename: str
) -> StreamingHttpResponse | HttpResponse:
    """The export as an attachment; ``filename`` without extension. Unknown format: 404.
    The CSV streams as it is written; the XLSX (a zip, whose directory comes last) is sent
    once written."""
    response: StreamingHttpResponse | HttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(export.iter_csv(), content_type=CONTENT_TYPES[fmt])
    elif fmt == "xlsx":
        # Rows are written in constant memory; the finished file (compressed, a fraction of
        # the CSV's size) is sent whole.
        response = HttpResponse(export.to_xlsx(), content_type=CONTENT_TYPES[fmt])
    else:
        raise Http404(_("Unknown download format."))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
