"""List downloads in bounded memory: the CSV streams chunk by chunk from a lazy row source,
the XLSX is written in openpyxl's write-only mode; the formula guard holds on both."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from openpyxl import load_workbook

from aalco import tabular
from aalco.tabular import TabularExport
from memberstates.models import MemberState


class _Counting(TabularExport):
    columns = (("n", "N"), ("text", "Text"))

    def __init__(self, count: int) -> None:
        self.count = count
        self.produced = 0

    def rows(self):
        for n in range(self.count):
            self.produced += 1
            yield (n, "=cmd|' /C calc'!A0" if n == 3 else f"row {n}")


def test_the_csv_streams_a_chunk_at_a_time():
    export = _Counting(10 * tabular._CSV_CHUNK_ROWS)
    chunks = export.iter_csv()
    header = next(chunks)
    assert header.startswith(b"\xef\xbb\xbfN,Text")
    assert export.produced == 0
    first = next(chunks)
    assert export.produced == tabular._CSV_CHUNK_ROWS  # one chunk read, not the table
    rest = b"".join(chunks)
    assert export.produced == export.count
    rows = list(csv.reader(io.StringIO((first + rest).decode())))
    assert len(rows) == export.count
    assert rows[3] == ["3", "'=cmd\\|' /C calc'!A0"]  # the formula guard (defusedcsv)


def test_the_xlsx_is_written_in_write_only_mode_past_the_sizing_rows():
    export = _Counting(tabular._SIZING_ROWS + 50)
    sheet = load_workbook(io.BytesIO(export.to_xlsx())).active
    assert sheet.max_row == export.count + 1
    assert sheet["B5"].value == "=cmd|' /C calc'!A0" and sheet["B5"].data_type == "s"
    assert sheet[f"A{export.count + 1}"].value == export.count - 1


@pytest.mark.django_db
def test_the_reports_list_downloads_as_a_streamed_csv(
    client_for, officer, india_report, django_assert_max_num_queries
):
    state = MemberState.objects.get(iso3="IND")
    state.name = "=India"  # what a spreadsheet would run
    state.save(update_fields=["name"])
    client = client_for(officer)
    page = client.get("/responses/?status=submitted").content.decode()
    assert "/responses/download/csv/?status=submitted" in page
    response = client.get("/responses/download/csv/?status=submitted")
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="aalco-reports-')
    # rows are read while the response is written: one query, in chunks
    with django_assert_max_num_queries(1):
        content = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Member state", "ISO3", "Resolution"]
    assert rows[1][:2] == ["'=India", "IND"]
    assert rows[1][5] == "Submitted"
    assert rows[1][8].endswith(f"/responses/{india_report.pk}/")
    assert len(rows) == 2
    xlsx = client.get("/responses/download/xlsx/?status=all")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 2
    assert client.get("/responses/download/pdf/").status_code == 404


@pytest.mark.django_db
def test_focal_points_cannot_download_the_reports_list(client_for, focal_a):
    response = client_for(focal_a).get("/responses/download/csv/")
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)


def test_chunks_are_bounded_whatever_the_length():
    export = _Counting(3 * tabular._CSV_CHUNK_ROWS + 7)
    sizes = [len(c) for c in itertools.islice(export.iter_csv(), 1, None)]
    assert len(sizes) == 4 and max(sizes) < 30 * tabular._CSV_CHUNK_ROWS
