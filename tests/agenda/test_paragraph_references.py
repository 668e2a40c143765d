"""A resolution in sections: the agenda exports cite its paragraphs as "II.3"."""

from __future__ import annotations

import csv
import io
import json

import pytest

from resolutions.models import Paragraph
from resolutions.services.agenda import export_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_sections(agenda53, prepared_day, seed_resolution):
    """The seed's operative paragraphs moved into a section "II"."""
    Paragraph.objects.filter(resolution=seed_resolution, kind="operative").update(section="II")
    return agenda53


def test_csv_and_json_cite_paragraphs_by_section(in_sections):
    rows = list(
        csv.reader(
            io.StringIO(export_agenda(session=in_sections, fmt="csv").content.decode("utf-8-sig"))
        )
    )
    column = rows[0].index("Paragraph")
    assert {row[column] for row in rows[1:] if row[column]} == {"II.1", "II.3"}
    data = json.loads(export_agenda(session=in_sections, fmt="json").content)
    carried = next(item for item in data["items"] if item["follow_up"])
    assert [f["paragraph_reference"] for f in carried["follow_up"]] == ["II.1", "II.3"]
    assert [f["paragraph"] for f in carried["follow_up"]] == [1, 3]


def test_docx_and_the_state_page_cite_paragraphs_by_section(in_sections, client_for, officer):
    from docx import Document

    document = Document(io.BytesIO(export_agenda(session=in_sections, fmt="docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "II.3" in text
    page = client_for(officer).get("/states/IND/").content.decode()
    assert "#paragraph-II.1" in page
