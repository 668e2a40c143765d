from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from aalco.tabular import TabularExport, download_response


class _People(TabularExport):
    columns = (("name", "Name"), ("count", "Count"), ("day", "Day"))
    sheet_title = "People"

    def rows(self):
        yield ("Türkiye", 3, dt.date(2024, 1, 2))
        yield ('=HYPERLINK("http://x")', -4, None)
        yield ("@SUM(A1)", 0, dt.date(2025, 9, 8))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        # defusedcsv also escapes the pipe a DDE payload needs.
        ("=cmd|' /C calc'!A0", "'=cmd\\|' /C calc'!A0"),
        ("%0A", "'%0A"),
        ("+33", "'+33"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-5, "-5"),
        (None, ""),
        (True, "yes"),
        (dt.date(2013, 9, 9), "2013-09-09"),
    ],
)
def test_csv_cells_are_guarded_against_formulas(value, expected):
    class _One(TabularExport):
        columns = (("value", "Value"),)

        def rows(self):
            yield (value,)

    rows = list(csv.reader(io.StringIO(_One().to_csv().decode("utf-8-sig"), newline="")))
    assert rows[1] == [expected]


def test_csv_has_bom_header_and_guarded_cells():
    content = _People().to_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Count", "Day"]
    assert rows[1] == ["Türkiye", "3", "2024-01-02"]
    assert rows[2] == ['\'=HYPERLINK("http://x")', "-4", ""]
    assert rows[3][0] == "'@SUM(A1)"


def test_xlsx_bold_header_frozen_and_no_formula():
    workbook = load_workbook(io.BytesIO(_People().to_xlsx()))
    sheet = workbook["People"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Name"
    assert sheet["A1"].font.bold
    assert sheet["A3"].value == '=HYPERLINK("http://x")'
    assert sheet["A3"].data_type == "s"
    assert sheet["B3"].value == -4
    assert sheet["C2"].value == dt.datetime(2024, 1, 2)
    assert sheet.column_dimensions["A"].width >= len('=HYPERLINK("http://x")')


def test_download_response():
    response = download_response(_People(), "csv", "people")
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Content-Type"].startswith("text/csv")
    response = download_response(_People(), "xlsx", "people")
    assert response["Content-Disposition"].endswith('people.xlsx"')
    with pytest.raises(Http404):
        download_response(_People(), "pdf", "people")
