"""Text out of uploads: .txt in its encodings, .docx (with Word's list numbers), .pdf."""

from __future__ import annotations

import codecs
import io
import re

import docx
import pytest
import weasyprint
from django.utils.html import escape

from resolutions.parser import parse_resolution
from resolutions.services.documents import extract_text
from resolutions.services.imports import ImportRefused


def seed_as_docx(seed_text: str, *, word_numbering: bool) -> bytes:
    """The seed as the secretariat types it in Word: bold verbs, maybe automatic numbers."""
    document = docx.Document()
    for block in seed_text.strip().split("\n"):
        block = block.strip()
        if not block:
            continue
        number, dot, rest = block.partition(". ")
        if dot and number.isdigit():
            verb, _sep, tail = rest.removeprefix("**").partition("**")
            paragraph = document.add_paragraph(style="List Number" if word_numbering else None)
            if not word_numbering:
                paragraph.add_run(f"{number}. ")
            paragraph.add_run(verb).bold = True
            paragraph.add_run(tail)
        else:
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_as_pdf(seed_text: str) -> bytes:
    """The seed printed to PDF, with a running header and page numbers on every page."""
    paragraphs = "".join(
        f"<p>{escape(block.replace('**', ''))}</p>"
        for block in seed_text.strip().split("\n")
        if block.strip()
    )
    html = f"""<html><head><style>
      @page {{ size: A5; margin: 2cm 1.5cm;
        @top-center {{ content: "AALCO/RES/52/S 5"; font-size: 8pt }}
        @bottom-center {{ content: counter(page) "/" counter(pages); font-size: 8pt }} }}
      body {{ font-family: DejaVu Sans, sans-serif; font-size: 10pt }}
    </style></head><body>{paragraphs}</body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


def structure(text: str) -> tuple:
    parsed = parse_resolution(text)
    return (
        parsed.symbol,
        parsed.date,
        parsed.session,
        parsed.deliberated,
        [p.verb for p in parsed.preambular],
        [(p.number, p.verb, p.treaties, p.carries_to_session) for p in parsed.operative],
    )


SEED_STRUCTURE_OPERATIVE = [
    (1, "Requests", [], None),
    (2, "Reaffirms", [], None),
    (3, "Encourages", ["ICMW"], None),
    (4, "Decides", [], 53),
]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.replace("**", "").encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom-crlf", "utf-16", "windows-1252"],
)
def test_text_files_in_their_encodings(seed_text, encode):
    text = extract_text(data=encode(seed_text), filename="seed.txt")
    assert structure(text)[5] == SEED_STRUCTURE_OPERATIVE


@pytest.mark.parametrize("word_numbering", [False, True], ids=["typed", "word-numbering"])
def test_docx_paragraphs_in_order_with_numbers(seed_text, word_numbering):
    data = seed_as_docx(seed_text, word_numbering=word_numbering)
    text = extract_text(data=data, filename="AALCO_RES_52_S_5.docx")
    assert "1. Requests all Member States" in text
    assert "4. Decides to place this item" in text
    symbol, date, session, deliberated, preambular, operative = structure(text)
    assert (symbol, date.isoformat(), session, deliberated) == (
        "AALCO/RES/52/S 5",
        "2013-09-12",
        52,
        False,
    )
    assert len(preambular) == 5
    assert operative == SEED_STRUCTURE_OPERATIVE


def test_pdf_text_layer_reads_like_the_seed(seed_text):
    text = extract_text(data=seed_as_pdf(seed_text), filename="AALCO_RES_52_S_5.pdf")
    symbol, _date, session, deliberated, preambular, operative = structure(text)
    assert symbol == "AALCO/RES/52/S 5" and session == 52 and deliberated is False
    assert preambular == [
        "Having considered",
        "Recognizing",
        "Acknowledging",
        "Acknowledging further",
        "Welcoming",
    ]
    assert operative == SEED_STRUCTURE_OPERATIVE


def test_general_assembly_pdf(documents):
    """A GA resolution laid out as the UN prints it, then read back from the PDF."""
    source = (documents / "A_RES_69_167_extract.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{escape(line.strip())}</p>" for line in source.splitlines() if line.strip())
    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    parsed = parse_resolution(extract_text(data=pdf, filename="A_RES_69_167.pdf"))
    assert parsed.symbol == "A/RES/69/167"
    assert parsed.date.isoformat() == "2014-12-18"
    assert [p.number for p in parsed.operative] == [1, 2, 3, 4, 5]
    assert [s.label for s in parsed.operative[1].subparagraphs] == ["a", "b", "c"]
    assert parsed.operative[2].treaties == ["ICMW"]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("resolution.pdf", b"AALCO/RES/52/S 5\nnot really a PDF", "named as a PDF but its content"),
        ("resolution.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "named as a Word document"),
        ("resolution.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "named as plain text but its content"),
        ("resolution.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "content is a image/png file"),
        ("resolution.txt", b"\x00\x01\x02binary\x03\x04" * 10, "binary data"),
        ("resolution.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word (.doc) file"),
        ("resolution.exe", b"MZ\x90\x00", "is not a .txt, .docx, .pdf"),
        ("resolution.txt", b"   \n\n", "is empty"),
        ("resolution.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "cannot be read"),
    ],
)
def test_disguised_or_broken_uploads_are_refused(filename, data, message):
    with pytest.raises(ImportRefused, match=re.escape(message)):
        extract_text(data=data, filename=filename)


def test_a_zip_named_docx_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    with pytest.raises(ImportRefused, match=r"named as a Word document .* application/zip"):
        extract_text(data=buffer.getvalue(), filename="resolution.docx")


def test_scanned_pdf_without_text_is_refused():
    pdf = weasyprint.HTML(string="<html><body><div style='height:5cm'></div></body></html>")
    with pytest.raises(ImportRefused, match="no text in it"):
        extract_text(data=pdf.write_pdf(), filename="scan.pdf")


def test_size_limit(settings, seed_text):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(ImportRefused, match=r"files up to 1\.0"):
        extract_text(data=seed_text.encode(), filename="seed.txt")
