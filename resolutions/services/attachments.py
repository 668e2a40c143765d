"""Supporting documents: checked by what the bytes are, not by what the name says.

A file named ``report.pdf`` that is really a Windows program, or a text file named
``.docx``, is refused with a message the focal point can act on. What is accepted is stored
through Django's storage API under a random name (``Attachment.file``'s ``upload_to``) and
is only ever served by an access-checked view.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attachment, Response
from .archives import ArchiveRefused, check_archive, is_zip

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: MIME type -> (extension used for downloads, the name people know it by)
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "application/pdf": ("pdf", "PDF"),
    DOCX: ("docx", "Word (.docx)"),
    XLSX: ("xlsx", "Excel (.xlsx)"),
    "image/png": ("png", "PNG"),
    "image/jpeg": ("jpg", "JPEG"),
}
EXTENSION_ALIASES = {"jpg": {"jpg", "jpeg"}}
MAX_ATTACHMENTS_PER_RESPONSE = 20
# filetype looks at the first bytes; an OOXML file is a zip whose telling entries may come
# later, so zips are opened and their members inspected instead.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str
    download_name: str


def allowed_types_text() -> str:
    return ", ".join(label for _ext, label in ALLOWED_TYPES.values())


def check_upload(*, upload: UploadedFile) -> CheckedFile:
    """Validate size and real type of an uploaded file; raise ValidationError with a message."""
    name = PurePath(upload.name or "").name or "document"
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s: the limit is %(limit)s. Reduce it or split it.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = _detect_type(upload)
    refused = _(
        "“%(name)s” is not a file we accept: its content is %(found)s, whatever its name. "
        "Attach a %(allowed)s file."
    )
    if content_type not in ALLOWED_TYPES:
        found = _("a %(type)s file") % {"type": content_type} if content_type else _("unknown")
        raise ValidationError(
            refused % {"name": name, "found": found, "allowed": allowed_types_text()},
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = ALLOWED_TYPES[content_type][0]
    suffix = PurePath(name).suffix.lower().lstrip(".")
    # The download keeps the person's name but always ends with what the file really is.
    if suffix not in EXTENSION_ALIASES.get(extension, {extension}):
        name = f"{name}.{extension}"
    return CheckedFile(
        content_type=content_type,
        extension=extension,
        size=upload.size,
        sha256=digest.hexdigest(),
        download_name=name[-255:],
    )


def _detect_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if is_zip(head):
        # Any zip (DOCX, XLSX, ODT...) is checked from its central directory first: a
        # zip bomb is refused here, before python-docx or openpyxl inflate a byte of it.
        try:
            check_archive(file=upload, name=PurePath(upload.name or "").name)
        except ArchiveRefused as refused:
            raise ValidationError(str(refused), code="archive") from None
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in (DOCX, XLSX, "application/zip"):
        return _detect_office(upload)
    if mime == "application/pdf" and not _looks_like_pdf(upload):
        return "application/x-broken-pdf"
    return mime


def _looks_like_pdf(upload: UploadedFile) -> bool:
    # A real PDF ends with an end-of-file marker near its end (a few bytes of trailing
    # garbage are common, so look at the last kilobyte).
    upload.seek(max(0, (upload.size or 0) - 1024))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def _detect_office(upload: UploadedFile) -> str | None:
    """DOCX or XLSX if the zip opens as one with python-docx / openpyxl, else None."""
    upload.seek(0)
    try:
        names = set(zipfile.ZipFile(upload).namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    try:
        if "word/document.xml" in names:
            import docx

            docx.Document(upload)
            return DOCX
        if "xl/workbook.xml" in names:
            import openpyxl

            openpyxl.load_workbook(upload, read_only=True).close()
            return XLSX
    except Exception:
        # Corrupt or hostile archives raise anything from KeyError to XML errors.
        logger.info("Refused an office file that does not open", exc_info=True)
        return "application/x-broken-office-document"
    finally:
        upload.seek(0)
    return "application/zip"


def _claim_response(
    *, response: Response, allowed: tuple[str, ...], user, reason: str, expected_version=None
) -> Response:
    """Bump the report's version if it is still in ``allowed`` (and at ``expected_version``).

    The check is the UPDATE itself, in the caller's transaction: the row stays locked until
    the attachment row is written, so a review that read the older version fails on its own
    conditional UPDATE (a 409), and an acceptance that commits first makes this one match
    no row. A ``response`` loaded earlier decides nothing.
    """
    from .responses import StaleResponse, record_history

    rows = Response.objects.filter(pk=response.pk, status__in=allowed)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    updated = rows.update(version=F("version") + 1, updated_by=user, updated_at=timezone.now())
    current = Response.objects.select_related("member_state", "paragraph", "cycle").get(
        pk=response.pk
    )
    if updated != 1:
        if current.status == Response.Status.ACCEPTED:
            raise ValidationError(_("This report was accepted: it can no longer be changed."))
        if current.status not in allowed:
            raise ValidationError(
                _("Documents of a submitted report stay on record; attach a corrected one instead.")
            )
        raise StaleResponse(current)
    record_history(response=current, user=user, reason=reason)
    return current


@transaction.atomic
def add_attachment(
    *, response: Response, upload: UploadedFile, user, expected_version: int | None = None
) -> Attachment:
    """Check and store ``upload`` for ``response``; ValidationError when refused.

    Adding a document is a new version of the report (the secretariat reviews what it read).
    """
    checked = check_upload(upload=upload)
    current = _claim_response(
        response=response,
        allowed=Response.EDITABLE_STATUSES,
        user=user,
        reason=f"document added: {checked.download_name}"[:100],
        expected_version=expected_version,
    )
    if current.attachments.count() >= MAX_ATTACHMENTS_PER_RESPONSE:
        raise ValidationError(
            _("A report can have at most %(n)d documents.") % {"n": MAX_ATTACHMENTS_PER_RESPONSE}
        )
    attachment = Attachment(
        response=current,
        original_name=checked.download_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    # The storage writes the file before the row exists. If the insert fails the file is
    # removed here; callers add attachments as their last write so that a later rollback
    # (which would leave an unreferenced file, harmless but untidy) is unlikely.
    attachment.file.save(checked.download_name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    response.version = current.version
    response.status = current.status
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user, expected_version: int | None = None) -> None:
    """Drafts only: once submitted, what the secretariat received stays on record.

    Removing a document is a new version of the draft.
    """
    _claim_response(
        response=attachment.response,
        allowed=Response.DOCUMENTS_REMOVABLE_STATUSES,
        user=user,
        reason=f"document removed: {attachment.original_name}"[:100],
        expected_version=expected_version,
    )
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
