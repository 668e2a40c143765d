"""The agenda in the language chosen on the export page: every format's headings, dates and
labels; Word right to left in Arabic; the PDF shaped with the shipped Arabic face; the job
carrying its language to the worker; resolutions in their official translation where the
secretariat attached one, else as adopted."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from resolutions.models import ExportJob
from resolutions.services.agenda import export_agenda
from resolutions.services.exports import request_agenda_pdf
from resolutions.services.translations import read_translation, save_translation
from resolutions.tasks import render_export_task

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _attach_arabic(resolution, user) -> None:
    """The official Arabic text of the resolution: operative paragraph n reads "الفقرة n"."""
    preamble = resolution.paragraphs.filter(kind="preambular").count()
    operative = resolution.paragraphs.filter(kind="operative").order_by("order")
    lines = ["قرار", *(f"ديباجة {i + 1}" for i in range(preamble))]
    lines += [f"{p.number}. النص العربي الرسمي للفقرة {p.number}" for p in operative]
    preview = read_translation(resolution=resolution, language="ar", text="\n\n".join(lines))
    assert not preview.problems
    save_translation(preview=preview, user=user)


def _docx(content: bytes):
    return Document(io.BytesIO(content))


def test_word_in_arabic_reads_right_to_left_with_arabic_headings(
    agenda53, prepared_day, seed_resolution, officer
):
    _attach_arabic(seed_resolution, officer)
    with translation.override("en"):  # the page's language does not matter: the choice does
        result = export_agenda(session=agenda53, fmt="docx", language="ar")
    assert result.filename == "aalco-53-provisional-agenda-ar.docx"
    doc = _docx(result.content)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "جدول الأعمال المؤقت" in headings
    assert "فقرات المنطوق" in headings
    assert "تقارير الدول الأعضاء" in headings
    # Every paragraph reads right to left, in its own properties and by default.
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body and all(p._p.pPr.find(qn("w:bidi")) is not None for p in body)
    assert all(p._p.pPr.find(qn("w:bidi")).get(qn("w:val")) is None for p in body)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:bidi')}") is not None
    # Tables are laid out right to left, their Arabic runs are right-to-left runs.
    assert doc.tables and all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    header_run = doc.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.text == "الدولة العضو"
    assert header_run._r.rPr.find(qn("w:rtl")) is not None
    assert header_run._r.rPr.find(qn("w:bCs")) is not None  # bold in Arabic too
    assert all(s._sectPr.find(qn("w:bidi")) is not None for s in doc.sections)
    # Complex-script text in the Arabic face; the document is marked as Arabic.
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    assert doc.core_properties.language == "ar-SA"
    # The resolution in its official Arabic translation; dates in Arabic.
    texts = [p.text for p in doc.paragraphs]
    assert "1. النص العربي الرسمي للفقرة 1" in texts
    assert any("سبتمبر 2014" in t for t in texts)

    data = json.loads(export_agenda(session=agenda53, fmt="json", language="ar").content)
    assert data["language"] == "ar"
    first = data["items"][0]["operative_paragraphs"][0]
    assert first["translated_text"] == "النص العربي الرسمي للفقرة 1"
    assert not ARABIC.search(first["text"])  # the original stays beside it


def test_word_in_arabic_keeps_an_untranslated_resolution_left_to_right(agenda53, prepared_day):
    doc = _docx(export_agenda(session=agenda53, fmt="docx", language="ar").content)
    first = next(p for p in doc.paragraphs if p.text.startswith("1. "))
    assert not ARABIC.search(first.text)  # as adopted, in English
    assert first._p.pPr.find(qn("w:bidi")).get(qn("w:val")) == "0"


def test_english_word_is_unchanged_left_to_right(agenda53, prepared_day):
    doc = _docx(export_agenda(session=agenda53, fmt="docx").content)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in doc.paragraphs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is None for t in doc.tables)
    assert "Provisional agenda" in [p.text for p in doc.paragraphs]


def test_french_exports_have_french_headings_labels_and_dates(agenda53, prepared_day):
    doc = _docx(export_agenda(session=agenda53, fmt="docx", language="fr").content)
    texts = [p.text for p in doc.paragraphs]
    assert "Ordre du jour provisoire" in texts
    assert "Paragraphes du dispositif" in texts
    assert "53e session annuelle" in texts  # the session's ordinal the French way
    assert any("septembre 2014" in t for t in texts)
    assert doc.tables[0].rows[0].cells[0].text == "État membre"
    assert doc.core_properties.language == "fr-FR"

    result = export_agenda(session=agenda53, fmt="csv", language="fr")
    assert result.filename == "aalco-53-provisional-agenda-fr.csv"
    header = next(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert header[:3] == ["Partie", "Numéro du point", "Intitulé du point"]

    sheet = load_workbook(
        io.BytesIO(export_agenda(session=agenda53, fmt="xlsx", language="fr").content)
    ).active
    assert [c.value for c in sheet[1]][:2] == ["Partie", "Numéro du point"]
    assert not sheet.sheet_view.rightToLeft
    arabic = load_workbook(
        io.BytesIO(export_agenda(session=agenda53, fmt="xlsx", language="ar").content)
    ).active
    assert arabic.sheet_view.rightToLeft and arabic["A1"].value == "الجزء"

    data = json.loads(export_agenda(session=agenda53, fmt="json", language="fr").content)
    labels = {s["status_label"] for i in data["items"] for f in i["follow_up"] for s in f["states"]}
    assert "Not reported" not in labels and labels  # human-readable labels in French
    assert data["items"][0]["kind"] in {"carried", "standing"}  # keys stay stable English


def _pdf_text(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text, fonts


def test_the_pdf_job_carries_arabic_to_the_worker(
    agenda53, prepared_day, seed_resolution, officer, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    _attach_arabic(seed_resolution, officer)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with translation.override("en"), django_capture_on_commit_callbacks() as callbacks:
        job = request_agenda_pdf(session=agenda53, requested_by=officer, language="ar")
    assert job.language == "ar" and job.status == ExportJob.Status.PENDING
    assert len(callbacks) == 1  # handed to a worker, which gets only the job's id

    # The worker runs in no particular language: the job says which.
    with translation.override("en"):
        assert render_export_task(job_id=str(job.pk))["status"] == ExportJob.Status.READY
    job.refresh_from_db()
    assert job.filename == "aalco-53-provisional-agenda-ar.pdf"
    with job.file.open("rb") as handle:
        content = handle.read()
    text, fonts = _pdf_text(content)
    assert len(ARABIC.findall(text)) > 200
    # Digits drawn by the Latin face, not mistaken for Arabic letters (a font-name clash).
    assert "2014" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    # The Noto Naskh Arabic shipped in static/fonts (WeasyPrint names an embedded web font
    # after its CSS family), not whatever the server has.
    assert any("AALCO-Naskh" in f for f in fonts), fonts
    # An English request does not reuse the Arabic job.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    english = request_agenda_pdf(session=agenda53, requested_by=officer, language="en")
    assert english.pk != job.pk and english.language == "en"


def test_the_export_page_offers_the_choice_and_sends_it_to_every_format(
    client_for, observer, agenda53, prepared_day
):
    client = client_for(observer)
    with translation.override("fr"):
        page = client.get("/sessions/53/agenda/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<select name="language"' in page
    assert '<option value="ar" lang="ar">العربية</option>' in page
    assert '<option value="fr" selected lang="fr">Français</option>' in page  # the page's own
    assert 'formaction="/sessions/53/agenda/export/docx/"' in page

    download = client.get("/sessions/53/agenda/export/csv/?language=ar")
    assert download.status_code == 200
    assert "aalco-53-provisional-agenda-ar.csv" in download["Content-Disposition"]
    assert "الجزء" in download.content.decode("utf-8-sig")


def test_a_language_that_is_not_offered_gets_a_message_not_a_file(
    client_for, observer, agenda53, prepared_day
):
    client = client_for(observer)
    response = client.get("/sessions/53/agenda/export/docx/?language=de", follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert "Choose English, French or Arabic for the documents." in response.content.decode()
    assert not ExportJob.objects.exists()
