"""Uploads are checked by content, limited in size, stored under a random name."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolutions.models import Attachment
from resolutions.services.attachments import add_attachment, check_upload


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Note verbale")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Migrants assisted"
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("note.pdf", "pdf", "application/pdf"),
        (
            "note.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("table.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("scan.png", "png", "image/png"),
    ],
)
def test_accepted_types(name, make, mime, pdf_bytes):
    data = {"pdf": pdf_bytes, "docx": _docx(), "xlsx": _xlsx(), "png": _png()}[make]
    checked = check_upload(upload=_upload(name, data))
    assert checked.content_type == mime
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        # A Windows program renamed .pdf: its bytes say what it is.
        (
            "report.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
            "application/x-msdownload",
        ),
        ("report.docx", b"This is only text, whatever the name says.\n" * 20, "unknown"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "application/x-broken-pdf"),
        ("archive.docx", None, "application/zip"),
    ],
)
def test_disguised_files_refused_with_a_clear_message(name, data, says):
    if data is None:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a Word document")
        data = buffer.getvalue()
    with pytest.raises(ValidationError) as exc:
        check_upload(upload=_upload(name, data))
    message = exc.value.messages[0]
    assert f"“{name}” is not a file we accept" in message
    assert says in message
    assert "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG" in message


def test_oversized_upload_refused(settings, pdf_bytes):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = pdf_bytes + b"%" * 2048
    with pytest.raises(ValidationError) as exc:
        check_upload(upload=_upload("big.pdf", big))
    assert "the limit is 1.0\xa0KB" in exc.value.messages[0]


def test_name_is_fixed_to_the_real_type(pdf_bytes):
    assert check_upload(upload=_upload("scan", pdf_bytes)).download_name == "scan.pdf"


def test_stored_under_a_random_name_and_served_only_as_download(
    submitted_b, focal_b, observer, pdf_bytes, client_for
):
    attachment = add_attachment(
        response=submitted_b, upload=_upload("Philippines report.pdf", pdf_bytes), user=focal_b
    )
    assert "Philippines" not in attachment.file.name
    assert attachment.file.name.startswith("attachments/")
    assert len(attachment.file.name.split("/")[-1]) == 32
    assert attachment.file.storage.exists(attachment.file.name)
    for client, url in [
        (client_for(focal_b), reverse("portal:download", args=[attachment.pk])),
        (client_for(observer), reverse("responses:download", args=[attachment.pk])),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Philippines report.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == pdf_bytes


def test_disguised_upload_in_the_form_saves_nothing(india, focal_a, para1, client_for):
    page = client_for(focal_a).post(
        reverse("portal:respond", args=[para1.pk]),
        {
            "narrative": "Our programme.",
            "action": "submit",
            "attachment": _upload("virus.pdf", b"MZ" + b"\x00" * 300),
        },
    )
    assert page.status_code == 200
    assert "is not a file we accept" in page.content.decode()
    assert not Attachment.objects.exists()
    assert not india.responses.exists()


def test_upload_endpoint_refuses_oversized_file(submitted_b, focal_b, client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    page = client_for(focal_b).post(
        reverse("portal:upload", args=[submitted_b.pk]),
        {"attachment": _upload("big.pdf", b"%PDF-1.4" + b"0" * 4096)},
    )
    assert page.status_code == 400
    assert "the limit is 1.0" in page.content.decode()
    assert not Attachment.objects.exists()
