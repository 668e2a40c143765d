"""Text out of an uploaded resolution: plain text, Word (.docx), PDF or Akoma Ntoso XML.

The type is decided by the content, not the name: a file called ``.pdf`` that is not a PDF
is refused with a message, never handed to the wrong reader. Every failure raises
``ImportRefused`` with a sentence the secretariat can act on.
"""

from __future__ import annotations

import codecs
import io
import time
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..parser import ResolutionParseError, render_resolution
from ..parser.akn import looks_like_akoma_ntoso, parse_akoma_ntoso
from .archives import ArchiveRefused, check_archive, is_zip
from .imports import ImportRefused

TEXT, DOCX, PDF = "text", "docx", "pdf"
AKN = "akn"
EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".docx": DOCX,
    ".pdf": PDF,
    ".xml": AKN,
    ".akn": AKN,
}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_NAMES = {
    TEXT: "plain text",
    DOCX: "a Word document (.docx)",
    PDF: "a PDF",
    AKN: "an Akoma Ntoso document (.xml)",
}

# Control characters that plain text may hold; anything else in the C0 range means binary.
_TEXT_CONTROLS = frozenset("\t\n\r\x0c")


def extract_text(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded .txt, .docx or .pdf file, ready for the parser.

    ``filename`` only says what the sender believes the file is; an empty name (stdin)
    accepts whatever the content turns out to be.
    """
    name = PurePath(filename).name
    check_size(size=len(data), name=name)
    if not data.strip():
        if not name:
            raise ImportRefused(_("The text is empty."))
        raise ImportRefused(_("The file “%(name)s” is empty.") % {"name": name})
    extension = PurePath(name).suffix.lower()
    if extension == ".doc":
        raise ImportRefused(
            _("“%(name)s” is an old Word (.doc) file: save it as .docx or PDF and try again.")
            % {"name": name}
        )
    if name and extension not in EXTENSIONS:
        raise ImportRefused(
            _("“%(name)s” is not a .txt, .docx, .pdf or Akoma Ntoso .xml file.") % {"name": name}
        )
    if is_zip(data):
        # Whatever its name, a zip is checked from its central directory before python-docx
        # (or anything else) inflates a byte of it: a 1 MB file can declare 1 GB.
        try:
            check_archive(file=io.BytesIO(data), name=name)
        except ArchiveRefused as refused:
            raise ImportRefused(str(refused)) from None
    actual, description = sniff(data)
    declared = EXTENSIONS.get(extension, actual)
    if actual != declared:
        raise ImportRefused(
            _("“%(name)s” is named as %(declared)s but its content is %(actual)s.")
            % {"name": name, "declared": _(KIND_NAMES[declared]), "actual": description}
        )
    if actual == PDF:
        return pdf_text(data)
    if actual == DOCX:
        return docx_text(data)
    if actual == AKN:
        return akoma_ntoso_text(data)
    if actual == TEXT:
        return decode_text(data, name=name)
    if not name:
        raise ImportRefused(
            _("The input is %(actual)s, not a resolution in text, .docx or .pdf.")
            % {"actual": description}
        )
    raise ImportRefused(
        _("“%(name)s” is %(actual)s, not a resolution in .txt, .docx or .pdf.")
        % {"name": name, "actual": description}
    )


def akoma_ntoso_text(data: bytes) -> str:
    """A resolution marked up in Akoma Ntoso, read from its elements (not guessed from its
    layout) and written out as the clean text the parser reads back exactly."""
    try:
        parsed = parse_akoma_ntoso(data)
    except ResolutionParseError as error:
        raise ImportRefused(str(error)) from error
    return render_resolution(parsed)


def check_size(*, size: int, name: str = "") -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("“%(name)s” is %(size)s; files up to %(limit)s can be imported.")
            % {
                "name": name or _("The text"),
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
            }
        )


def sniff(data: bytes) -> tuple[str, str]:
    """(kind, what it is in words): kind is text, docx, pdf, or the MIME type of the rest."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return TEXT, _("plain text")
    if looks_like_akoma_ntoso(data):
        return AKN, _(KIND_NAMES[AKN])
    guess = filetype.guess(data)
    if guess is None:
        try:
            decode_text(data)
        except ImportRefused:
            return "binary", _("binary data")
        return TEXT, _("plain text")
    if guess.mime == "application/pdf":
        return PDF, _(KIND_NAMES[PDF])
    if guess.mime == DOCX_MIME:
        return DOCX, _(KIND_NAMES[DOCX])
    return guess.mime, _("a %(type)s file") % {"type": guess.mime}


def decode_text(data: bytes, *, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 as Word saves it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _not_text(name) from error
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise _not_text(name) from error
    if any(unicodedata.category(c) == "Cc" and c not in _TEXT_CONTROLS for c in text):
        raise _not_text(name)
    return text


def _not_text(name: str) -> ImportRefused:
    if not name:
        return ImportRefused(
            _("The input is not readable text: send UTF-8 text, a .docx or a PDF.")
        )
    return ImportRefused(
        _(
            "“%(name)s” is not readable text: save it as UTF-8 text, .docx or PDF, or paste "
            "the text instead."
        )
        % {"name": name}
    )


def _pdf_limits() -> dict[str, int]:
    """pypdf's own decompression limits, lowered to what a resolution can need."""
    most = settings.PDF_MAX_STREAM_BYTES
    return {
        "maximum_declared_stream_length": most,
        "array_based_stream_maximum_output_length": most,
        "jbig2_maximum_output_length": most,
        "lzw_maximum_output_length": most,
        "run_length_maximum_output_length": most,
        "zlib_maximum_output_length": most,
        "brotli_maximum_output_length": most,
        "image_maximum_buffer_size": most,
        "stream_decoding_work_maximum_length": 4 * most,
    }


def pdf_text(data: bytes) -> str:
    """The text layer of every page; headers, footers and footnotes are left to the parser.

    A crafted PDF can declare huge streams or thousands of pages: pypdf's limits are lowered
    to ``PDF_MAX_STREAM_BYTES``, pages are capped, and the reading stops after
    ``PDF_MAX_SECONDS`` (checked between pages, so one page can overrun it by its own cost,
    itself bounded by the stream limits).
    """
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    max_pages = settings.PDF_MAX_PAGES
    deadline = time.monotonic() + settings.PDF_MAX_SECONDS
    try:
        with warnings.catch_warnings(), apply_configuration(None, **_pdf_limits()):
            # pypdf warns about every small defect of real-world PDFs; none stops the reading.
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ImportRefused(_("This PDF is protected by a password: remove it first."))
            if len(reader.pages) > max_pages:
                raise ImportRefused(
                    _("This PDF has %(count)d pages; a resolution has at most %(max)d.")
                    % {"count": len(reader.pages), "max": max_pages}
                )
            pages = _page_texts(reader, deadline)
    except ImportRefused:
        raise
    except LimitReachedError as error:
        raise ImportRefused(
            _(
                "This PDF holds more data than a resolution needs (a part of it unpacks to over "
                "%(limit)s). Upload the .docx or paste the text instead."
            )
            % {"limit": filesizeformat(settings.PDF_MAX_STREAM_BYTES)}
        ) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise ImportRefused(_("This PDF cannot be read (it may be damaged).")) from error
    text = "\n".join(pages)
    if not text.strip():
        raise ImportRefused(
            _(
                "This PDF has no text in it (it is probably a scan). Paste the text instead, "
                "or upload the .docx."
            )
        )
    return text


def _page_texts(reader, deadline: float) -> list[str]:
    """Each page's text, refused once ``deadline`` (a ``time.monotonic()``) has passed."""
    pages = []
    for page in reader.pages:
        if time.monotonic() > deadline:
            raise ImportRefused(
                _(
                    "This PDF takes too long to read (over %(seconds)d seconds). Upload "
                    "the .docx or paste the text instead."
                )
                % {"seconds": settings.PDF_MAX_SECONDS}
            )
        # Decoded here first: extract_text() swallows pypdf's LimitReachedError and
        # would call a bomb "a scan".
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
        pages.append(page.extract_text() or "")
    return pages


def docx_text(data: bytes) -> str:
    """Paragraphs in document order, blank-line separated, with Word's list numbers written out.

    Operative paragraphs are usually Word list items: their "1." lives in the numbering
    definitions, not in the text, and would be lost without ``_ListNumbers``.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        numbers = _ListNumbers(document)
        blocks = [
            numbers.prefix(paragraph) + paragraph.text.strip()
            for paragraph in _paragraphs(document)
        ]
    except (PackageNotFoundError, KeyError, ValueError, AttributeError) as error:
        raise ImportRefused(_("This Word document cannot be read (it may be damaged).")) from error
    except Exception as error:  # lxml and zipfile raise their own types on broken files
        if error.__class__.__module__.startswith(("lxml", "zipfile")):
            raise ImportRefused(
                _("This Word document cannot be read (it may be damaged).")
            ) from error
        raise
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text.strip():
        raise ImportRefused(_("This Word document has no text in it."))
    return text


def _paragraphs(document) -> Iterator:
    """Body paragraphs in order, including those inside table cells."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _ListNumbers:
    """Counts Word's automatic list numbers the way Word displays them ("3.", "(b)", "(ii)")."""

    def __init__(self, document) -> None:
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else f"%{ilvl + 1}.",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.formats[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def prefix(self, paragraph) -> str:
        num_id, level = self._numbering_of(paragraph)
        levels = self.formats.get(num_id or "")
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id or "", {})
        fmt, template, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt in ("bullet", "none") or not template:
            return ""
        text = template
        for lvl, (lvl_fmt, _template, lvl_start) in levels.items():
            value = counters.get(lvl, lvl_start)
            text = text.replace(f"%{lvl + 1}", _format_number(value, lvl_fmt))
        return text + " "

    @staticmethod
    def _numbering_of(paragraph) -> tuple[str | None, int]:
        for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
            num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(f"{_W}numId")
            ilvl = num_pr.find(f"{_W}ilvl")
            if num_id is not None:
                return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
        return None, 0


def _style_ppr(paragraph):
    style = paragraph.style
    return style.element.pPr if style is not None else None


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    return str(value)


def _letters(value: int) -> str:
    letters = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    result = ""
    for number, numeral in numerals:
        count, value = divmod(value, number)
        result += numeral * count
    return result
