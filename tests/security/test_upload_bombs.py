"""Zip and PDF bombs are refused before anything unpacks them.

The outside tester's 1 MB DOCX unpacked to 1 GB and grew a worker by about 2 GB; a 4 MB one
ran past gunicorn's timeout. These tests build real bombs (a ``word/document.xml`` of 1 GB
of zeros, deflated) and require a refusal in well under a second with memory flat, for
supporting documents and for the resolution import alike.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from resolutions.models import Attachment
from resolutions.services.archives import ArchiveRefused, check_archive
from resolutions.services.attachments import check_upload
from resolutions.services.documents import extract_text
from resolutions.services.imports import ImportRefused

GIGABYTE = 1024**3
MEGABYTE = 1024**2
#: What a refusal may allocate: the central directory and a message, not the contents.
MEMORY_LIMIT = 4 * MEGABYTE


def _office(kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("Note verbale")
        document.save(buffer)
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.active["A1"] = "Migrants assisted"
        workbook.save(buffer)
    return buffer.getvalue()


def _bomb(path: Path, *, kind: str, member: str, size: int) -> Path:
    """A real DOCX/XLSX whose ``member`` is replaced by ``size`` bytes of zeros, deflated."""
    template = zipfile.ZipFile(io.BytesIO(_office(kind)))
    chunk = b"\x00" * MEGABYTE
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in template.infolist():
            if info.filename == member:
                with out.open(member, "w", force_zip64=True) as target:
                    for _ in range(size // MEGABYTE):
                        target.write(chunk)
            else:
                out.writestr(info.filename, template.read(info.filename))
    return path


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory) -> Path:
    """About 1 MB on disk, 1 GB unpacked."""
    path = tmp_path_factory.mktemp("bombs") / "report.docx"
    return _bomb(path, kind="docx", member="word/document.xml", size=GIGABYTE)


@pytest.fixture(scope="module")
def xlsx_bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bombs") / "figures.xlsx"
    return _bomb(path, kind="xlsx", member="xl/worksheets/sheet1.xml", size=256 * MEGABYTE)


@pytest.fixture(scope="module")
def many_entries(tmp_path_factory) -> Path:
    """A DOCX with 20,000 empty files in it: each costs a zipfile object when opened."""
    path = tmp_path_factory.mktemp("bombs") / "many.docx"
    template = zipfile.ZipFile(io.BytesIO(_office("docx")))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            out.writestr(info.filename, template.read(info.filename))
        for n in range(20_000):
            out.writestr(f"extra/item{n}.xml", b"")
    return path


def _measure(call) -> tuple[BaseException | None, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    error = None
    try:
        call()
    except (ValidationError, ImportRefused, ArchiveRefused) as exc:
        error = exc
    finally:
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, elapsed, peak


def _disk_upload(path: Path, name: str) -> TemporaryUploadedFile:
    """What Django hands a view for a large upload: a temporary file, not bytes in memory."""
    upload = TemporaryUploadedFile(name, "application/octet-stream", path.stat().st_size, None)
    upload.file.write(path.read_bytes())
    upload.file.flush()
    upload.seek(0)
    return upload


def test_the_docx_bomb_is_what_the_tester_sent(docx_bomb):
    assert docx_bomb.stat().st_size < 2 * MEGABYTE
    declared = sum(i.file_size for i in zipfile.ZipFile(docx_bomb).infolist())
    assert declared >= GIGABYTE


@pytest.mark.parametrize("fixture", ["docx_bomb", "xlsx_bomb", "many_entries"])
def test_attachment_bombs_are_refused_fast_with_memory_flat(request, fixture):
    path = request.getfixturevalue(fixture)
    upload = _disk_upload(path, path.name)
    try:
        error, elapsed, peak = _measure(lambda: check_upload(upload=upload))
    finally:
        upload.close()
    assert isinstance(error, ValidationError)
    message = " ".join(error.messages)
    assert path.name in message
    assert "unpack" in message or "compressed more than" in message or "files inside" in message
    assert elapsed < 1.0, elapsed
    assert peak < MEMORY_LIMIT, peak


@pytest.mark.parametrize("fixture", ["docx_bomb", "many_entries"])
def test_import_bombs_are_refused_fast_with_memory_flat(request, fixture):
    path = request.getfixturevalue(fixture)
    data = path.read_bytes()
    error, elapsed, peak = _measure(lambda: extract_text(data=data, filename=path.name))
    assert isinstance(error, ImportRefused)
    assert path.name in str(error)
    assert elapsed < 1.0, elapsed
    assert peak < MEMORY_LIMIT, peak


def test_a_zip_named_anything_is_checked_before_the_import_reads_it(docx_bomb):
    """Content decides: the bomb named .txt (or given on stdin) is still a zip."""
    data = docx_bomb.read_bytes()
    for name in ("resolution.txt", ""):
        error, elapsed, _peak = _measure(lambda name=name: extract_text(data=data, filename=name))
        assert isinstance(error, ImportRefused), name
        assert elapsed < 1.0


def test_an_odt_or_any_other_zip_is_checked_too(tmp_path):
    path = tmp_path / "report.odt"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        with out.open("content.xml", "w", force_zip64=True) as target:
            for _ in range(50):
                target.write(b"\x00" * MEGABYTE)
    with path.open("rb") as handle, pytest.raises(ArchiveRefused, match="compressed more than"):
        check_archive(file=handle, name=path.name)
    upload = _disk_upload(path, path.name)
    with pytest.raises(ValidationError, match="compressed more than"):
        check_upload(upload=upload)
    upload.close()


def test_limits_come_from_settings(settings):
    data = _office("docx")
    settings.ARCHIVE_MAX_ENTRIES = 3
    with pytest.raises(ArchiveRefused, match="at most 3"):
        check_archive(file=io.BytesIO(data), name="small.docx")
    settings.ARCHIVE_MAX_ENTRIES = 1000
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024
    with pytest.raises(ArchiveRefused, match="unpack to more than"):
        check_archive(file=io.BytesIO(data), name="small.docx")


def test_real_documents_pass(settings):
    for kind in ("docx", "xlsx"):
        upload = SimpleUploadedFile(f"real.{kind}", _office(kind))
        assert check_upload(upload=upload).extension == kind


@pytest.mark.django_db
def test_the_upload_page_says_why_and_saves_nothing(docx_bomb, submitted_b, focal_b, client_for):
    started = time.perf_counter()
    with docx_bomb.open("rb") as handle:
        page = client_for(focal_b).post(
            reverse("portal:upload", args=[submitted_b.pk]), {"attachment": handle}
        )
    assert time.perf_counter() - started < 2.0
    assert page.status_code in (200, 302, 400)
    follow = client_for(focal_b).get(reverse("portal:response", args=[submitted_b.pk]))
    text = page.content.decode() + follow.content.decode()
    assert "would unpack to more than" in text
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_the_import_page_says_why(docx_bomb, officer, client_for):
    started = time.perf_counter()
    with docx_bomb.open("rb") as handle:
        page = client_for(officer).post(
            reverse("resolutions:import"), {"action": "preview", "document": handle}
        )
    assert time.perf_counter() - started < 2.0
    assert page.status_code in (200, 400)
    assert "would unpack to more than" in page.content.decode()


def _pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose content stream is ``content``, deflated."""
    import zlib

    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (5, xref))
    return out.getvalue()


def test_a_pdf_whose_stream_inflates_past_the_limit_is_refused(settings):
    settings.PDF_MAX_STREAM_BYTES = 2 * MEGABYTE
    data = _pdf_with_stream(b"BT /F1 12 Tf (x) Tj ET\n" * (400 * 1024))  # about 9 MB inflated
    assert len(data) < 100 * 1024
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="more data than a resolution needs"):
        extract_text(data=data, filename="bomb.pdf")
    assert time.perf_counter() - started < 1.0


def test_a_pdf_with_too_many_pages_is_refused(settings, pdf_bytes):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    settings.PDF_MAX_PAGES = 2
    with pytest.raises(ImportRefused, match="has 3 pages"):
        extract_text(data=buffer.getvalue(), filename="long.pdf")
