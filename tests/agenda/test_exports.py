"""The five formats, read back with the tools a recipient would use and compared with the
database and with build_follow_up."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from memberstates.models import TreatyStatus
from resolutions.exports.base import FORMAT_MODULES, exporters, get_exporter
from resolutions.followup import build_follow_up, reporting_paragraphs
from resolutions.models import Session
from resolutions.services.agenda import (
    AgendaError,
    EmptyAgenda,
    NoPreviousSession,
    add_default_standing_items,
    add_standing_item,
    export_agenda,
    update_agenda_item,
)

from .conftest import PREPARED

pytestmark = pytest.mark.django_db

HEADER = [
    "Part",
    "Item number",
    "Item title",
    "Secretariat document",
    "Resolution symbol",
    "Paragraph",
    "Member state",
    "ISO3",
    "Answer",
    "What the state reported",
    "Sent on",
    "Sent after the session opened",
    "Treaty status",
]


@pytest.fixture
def full_agenda(agenda53, prepared_day):
    add_default_standing_items(session=agenda53)
    return agenda53


def _expected_rows(session: Session) -> list[list[str]]:
    """The agenda, then the annex rows computed independently from build_follow_up and the
    database: what each state reported (its words), not the review status."""
    rows = [
        ["Agenda", str(i.position), i.title, i.secretariat_document]
        + [i.source_resolution.symbol if i.source_resolution else ""]
        + [""] * 8
        for i in session.agenda_items.order_by("position")
    ]
    item = session.agenda_items.get(kind="carried")
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution=item.source_resolution).order_by("order")
    )
    today = PREPARED.date()
    statuses = {
        s.member_state_id: s for s in TreatyStatus.objects.filter(treaty__short_name="ICMW")
    }
    for pf in follow_up.paragraphs:
        for cell in pf.cells.values():
            status = statuses.get(cell.state.pk)
            if status and status.consent_date and status.consent_date <= today:
                icmw = (
                    f"ICMW: Party ({status.get_consent_type_display()}, "
                    f"{status.consent_date.day} {status.consent_date:%B %Y})"
                )
            elif status and status.signature_date and status.signature_date <= today:
                icmw = (
                    f"ICMW: Signatory (signed {status.signature_date.day} "
                    f"{status.signature_date:%B %Y})"
                )
            else:
                icmw = "ICMW: No action"
            response = cell.response if cell.status != "not-reported" else None
            rows.append(
                [
                    "Annex",
                    str(item.position),
                    item.title,
                    item.secretariat_document,
                    "AALCO/RES/52/S 5",
                    str(pf.paragraph.number),
                    cell.state.name,
                    cell.state.iso3,
                    "Reported" if response else "No report",
                    response.narrative if response else "",
                    str(response.submitted_at.date()) if response else "",
                    "no" if response else "",
                    icmw,
                ]
            )
    return rows


def test_every_format_is_registered_with_one_interface():
    assert [e.identifier for e in exporters()] == list(FORMAT_MODULES)
    assert get_exporter("odt") is None


def test_docx_has_word_headings_the_items_in_order_and_the_annex_tables(full_agenda):
    result = export_agenda(session=full_agenda, fmt="docx")
    assert result.filename == "aalco-53-provisional-agenda.docx"
    doc = Document(io.BytesIO(result.content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert headings[:4] == [
        ("Heading 1", "Provisional agenda"),
        ("Heading 1", "Annex: follow-up of the resolutions of the 52nd Annual Session"),
        ("Heading 2", "Item 4. Legal Protection of Migrant Workers"),
        ("Heading 3", "Operative paragraphs"),
    ]
    assert ("Heading 3", "ICMW among the member states") in headings
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    titles = list(full_agenda.agenda_items.order_by("position").values_list("title", flat=True))
    assert [t.split("\n")[0] for t in numbered] == titles
    assert "AALCO/53/TEHRAN/2014/S 5" in numbered[3]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Paragraph 1: 1 of 47 member states addressed have reported or acted." in text
    assert "Paragraph 3: 0 of 35 member states addressed have reported or acted." in text
    assert "12 of 47 member states are parties on 1 September 2014." in text
    assert "Date: 1 September 2014" in text  # the cycle is open: the day it is printed
    assert "Document symbol: " in text

    states_table, parties_table = doc.tables
    header = [c.text for c in states_table.rows[0].cells]
    assert header == ["Member state", "ISO3", "Paragraph 1", "Paragraph 3", "ICMW status"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in states_table.rows[1:]}
    assert len(rows) == 47
    assert rows["IND"] == [
        "India",
        "IND",
        "A national migration policy was adopted.",
        "No report",
        "No action",
    ]
    assert rows["PHL"][3:] == ["Not addressed", "Party (Ratification, 5 July 1995)"]
    assert len(parties_table.rows) == 1 + 12  # Gambia ratified in 2018

    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


def _squash(text: str) -> str:
    # pypdf splits kerned pairs ("T ehran"): compare without any whitespace.
    return "".join(text.split())


def test_pdf_text_holds_the_agenda_the_annex_and_its_figures(full_agenda):
    result = export_agenda(session=full_agenda, fmt="pdf")
    assert result.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(result.content))
    pages = [_squash(page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    assert _squash("Provisional agenda 53rd Annual Session") in pages[0]
    assert _squash("Tehran, Iran (Islamic Republic of), 15–18 September 2014") in pages[0]
    titles = list(full_agenda.agenda_items.order_by("position").values_list("title", flat=True))
    agenda_page = pages[1]
    positions = [agenda_page.index(_squash(t)) for t in titles]
    assert positions == sorted(positions)
    for phrase in (
        "Item 4. Legal Protection of Migrant Workers",
        "AALCO/RES/52/S 5, adopted 12 September 2013 (non-deliberated)",
        "Paragraph 1: 1 of 47 member states addressed have reported or acted",
        "Paragraph 3: 0 of 35 member states addressed have reported or acted",
        "12 of 47 member states are parties on 1 September 2014",
        "Signatories, not parties: Cameroon, Sierra Leone",
        "India IND A national migration policy was adopted. (1 Jul 2014) No report No action",
        "Philippines PHL No report Not addressed Party (Ratification, 5 July 1995)",
    ):
        assert _squash(phrase) in text, phrase
    assert pages[1].endswith(f"2/{len(pages)}")  # the @page footer; none on the title page
    assert not pages[0].endswith(f"1/{len(pages)}")


def test_csv_rows_are_the_database_and_build_follow_up(full_agenda):
    result = export_agenda(session=full_agenda, fmt="csv")
    assert result.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1:] == _expected_rows(full_agenda)
    assert len(rows) == 1 + 7 + 47 + 35


def test_xlsx_rows_are_the_database_and_build_follow_up(full_agenda):
    result = export_agenda(session=full_agenda, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(result.content), read_only=True).active
    rows = [
        [
            ""
            if v is None
            else v.date().isoformat()
            if isinstance(v, datetime.datetime)
            else str(v)
            for v in row
        ]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == HEADER
    assert rows[1:] == _expected_rows(full_agenda)


def test_json_follows_the_documented_shape(full_agenda):
    data = json.loads(export_agenda(session=full_agenda, fmt="json").content)
    assert data["schema"] == "aalco-agenda/1"
    assert data["generated_on"] == "2014-09-01"
    assert data["session"]["number"] == 53 and data["previous_session"]["number"] == 52
    assert data["session"]["start_date"] == "2014-09-15"
    assert data["joined_window"] == {"since": "2013-09-09", "until": "2014-09-01"}
    items = data["items"]
    titles = list(full_agenda.agenda_items.order_by("position").values_list("title", flat=True))
    assert [i["title"] for i in items] == titles
    assert [i["number"] for i in items] == list(range(1, 8))
    carried = items[3]
    assert carried["kind"] == "carried"
    assert carried["secretariat_document"] == "AALCO/53/TEHRAN/2014/S 5"
    assert carried["source_resolution"]["symbol"] == "AALCO/RES/52/S 5"
    assert carried["source_resolution"]["deliberated"] is False
    assert [p["number"] for p in carried["operative_paragraphs"]] == [1, 2, 3, 4]
    assert carried["operative_paragraphs"][3]["carries_to_session"] == 53
    follow_up = {f["paragraph"]: f for f in carried["follow_up"]}
    assert (follow_up[1]["addressed"], follow_up[1]["settled"]) == (47, 1)
    # Gambia became a party only in 2018: in 2014 nobody had acted on paragraph 3.
    assert (follow_up[3]["addressed"], follow_up[3]["settled"]) == (35, 0)
    india = next(s for s in follow_up[1]["states"] if s["iso3"] == "IND")
    assert india == {
        "iso3": "IND",
        "name": "India",
        "status": "submitted",
        "status_label": "Submitted",
        "settled": True,
        "answer": "Reported",
        "reported_text": "A national migration policy was adopted.",
        "reported_on": "2014-07-01",
    }
    (icmw,) = carried["treaties"]
    assert icmw["short_name"] == "ICMW" and icmw["members"] == 47
    assert len(icmw["parties"]) == 12 and icmw["joined_since"] == []
    assert {"iso3": "PHL", "name": "Philippines", "consent_type": "ratification",
            "consent_date": "1995-07-05"} in icmw["parties"]  # fmt: skip
    assert items[0]["kind"] == "standing" and items[0]["source_resolution"] is None
    assert items[0]["follow_up"] == [] and items[0]["treaties"] == []


def test_csv_cells_are_guarded_against_formula_injection(agenda53, prepared_day):
    item = agenda53.agenda_items.get(kind="carried")
    update_agenda_item(
        item=item,
        title='=HYPERLINK("http://evil.example","Click")',
        secretariat_document="",
        notes="",
    )
    rows = list(
        csv.reader(
            io.StringIO(export_agenda(session=agenda53, fmt="csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example","Click")'
    sheet = load_workbook(io.BytesIO(export_agenda(session=agenda53, fmt="xlsx").content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_no_previous_session_is_a_clear_error_not_a_file(reference_data):
    with pytest.raises(NoPreviousSession, match="first one on record"):
        export_agenda(session=Session.objects.order_by("number").first(), fmt="pdf")


def test_an_empty_agenda_is_a_clear_error_not_an_empty_file(reference_data):
    session = Session.objects.get(number=60)
    with pytest.raises(EmptyAgenda, match="has no items yet"):
        export_agenda(session=session, fmt="docx")
    add_standing_item(session=session, title="Adoption of the agenda")
    doc = Document(io.BytesIO(export_agenda(session=session, fmt="docx").content))
    assert "no item on this agenda was carried forward" in "\n".join(p.text for p in doc.paragraphs)


def test_an_unknown_format_is_refused(agenda53):
    with pytest.raises(AgendaError, match="not a format"):
        export_agenda(session=agenda53, fmt="odt")
