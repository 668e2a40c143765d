"""Zip archives (DOCX, XLSX, ODT...) checked from their central directory before anything
unpacks them.

A 1 MB DOCX can declare a 1 GB ``word/document.xml`` of zeros: python-docx would inflate it
and lxml parse it, growing a worker by gigabytes for minutes. Reading the central directory
(``ZipFile.infolist()``) costs a few kilobytes and no decompression, and says how many
entries there are, how large each becomes and how well it compresses. Python's ``zipfile``
never inflates an entry beyond the size its header declares (it stops there and fails on
the checksum), so declared sizes bound what python-docx and openpyxl will read afterwards.
"""

from __future__ import annotations

import struct
import zipfile
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
#: Small entries compress "too well" naturally (a 2 KB run of spaces); only big ones count.
RATIO_APPLIES_FROM = 1024 * 1024
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
#: Bytes of central directory allowed per entry (a header is 46 bytes plus name and extras).
_DIRECTORY_BYTES_PER_ENTRY = 1024
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


class ArchiveRefused(ValueError):
    """The archive would cost more to unpack than any real document does."""


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def check_archive(*, file: IO[bytes], name: str = "") -> list[zipfile.ZipInfo]:
    """The archive's entries if it is safe to unpack; ``ArchiveRefused`` with a message if not.

    ``file`` must be seekable; its position is restored. Nothing is decompressed.
    """
    label = name or _("The file")
    max_entries = settings.ARCHIVE_MAX_ENTRIES
    position = file.tell()
    try:
        count, directory_size = _directory_size(file)
        # Refused on the end record's numbers alone: parsing 100,000 headers is itself slow.
        if count > max_entries or directory_size > max_entries * _DIRECTORY_BYTES_PER_ENTRY:
            raise _too_many_entries(label, count, max_entries)
        try:
            entries = zipfile.ZipFile(file).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveRefused(
                _("“%(name)s” cannot be opened (it may be damaged).") % {"name": label}
            ) from error
    finally:
        file.seek(position)
    if len(entries) > max_entries:
        raise _too_many_entries(label, len(entries), max_entries)
    _check_entries(entries, label)
    return entries


def _too_many_entries(label: str, count: int, max_entries: int) -> ArchiveRefused:
    return ArchiveRefused(
        _(
            "“%(name)s” holds %(count)d files inside; a document has at most %(max)d. "
            "Save it again from Word or Excel, or send a PDF."
        )
        % {"name": label, "count": count, "max": max_entries}
    )


def _check_entries(entries: list[zipfile.ZipInfo], label: str) -> None:
    """Refuse unknown methods, encryption, and too much or too compressed data, from headers."""
    max_total = settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.ARCHIVE_MAX_RATIO
    total = 0
    for entry in entries:
        if entry.compress_type not in _METHODS or entry.flag_bits & 0x1:
            raise ArchiveRefused(
                _("“%(name)s” uses a compression or encryption we do not open.") % {"name": label}
            )
        total += entry.file_size
        if total > max_total:
            raise ArchiveRefused(
                _(
                    "“%(name)s” would unpack to more than %(limit)s, far more than a document "
                    "holds. It was not opened: save it again from Word or Excel, or send a PDF."
                )
                % {"name": label, "limit": filesizeformat(max_total)}
            )
        if entry.file_size >= RATIO_APPLIES_FROM and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise ArchiveRefused(
                _(
                    "“%(name)s” is compressed more than %(ratio)d to 1, as no real document is "
                    "(a “zip bomb”). It was not opened: save it again from Word or Excel, or "
                    "send a PDF."
                )
                % {"name": label, "ratio": max_ratio}
            )


def _directory_size(file: IO[bytes]) -> tuple[int, int]:
    """(entries, central directory bytes) from the end record, without reading the directory.

    Unreadable records give (0, 0): ``ZipFile`` then says what is wrong with the file.
    """
    file.seek(0, 2)
    size = file.tell()
    start = max(0, size - _EOCD.size - 65535)  # the record ends with a comment of <= 64 KB
    file.seek(start)
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        return 0, 0
    fields = _EOCD.unpack(tail[at : at + _EOCD.size])
    count, directory_size = fields[4], fields[5]
    locator_at = at - _ZIP64_LOCATOR.size
    if (count == 0xFFFF or directory_size == 0xFFFFFFFF) and locator_at >= 0:
        locator = _ZIP64_LOCATOR.unpack(tail[locator_at:at])
        if locator[0] == b"PK\x06\x07":
            file.seek(locator[2])
            record = file.read(_ZIP64_EOCD.size)
            if len(record) == _ZIP64_EOCD.size and record.startswith(b"PK\x06\x06"):
                zip64 = _ZIP64_EOCD.unpack(record)
                count, directory_size = zip64[6], zip64[7]
    return count, directory_size
