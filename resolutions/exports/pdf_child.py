"""The PDF renderer's child process: no Django, limits set before anything is rendered.

``python -m resolutions.exports.pdf_child render DIR NAME...`` renders the HTML documents
``DIR/NAME.html`` to ``DIR/NAME.pdf``, one after the other, printing one JSON line per
document ({"name", "pages"}) so the parent can report progress. ``python -m ... join DIR N``
joins the N parts ``DIR/part-K.pdf`` into ``DIR/out.pdf`` and stamps every page but the
first with the running header (``DIR/header.pdf``, one page) and its number in the whole
("7 / 312"). Each command ends with a line {"maxrss_kib": ...}: the child's own peak
memory, for the benchmarks.

The address-space limit is set first thing (``PDF_CHILD_MEMORY_BYTES``): a document that
would need more fails here with MemoryError instead of taking the server's memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import cast

#: The page number's font: Helvetica, which every PDF reader has (nothing to embed or lay
#: out), and whose widths (1/1000 em) for the only characters a number uses are fixed.
_NUMBER_WIDTHS = {**dict.fromkeys("0123456789", 556), " ": 278, "/": 278}
_NUMBER_SIZE = 9  # pt, as the print stylesheet's page numbers
_NUMBER_BASELINE = 28  # pt above the page's bottom edge: the middle of its 22 mm margin
_NUMBER_RGB = "0.314 0.353 0.384"  # #505a62, the stylesheet's muted text


def _limit_memory() -> None:
    limit = int(os.environ.get("PDF_CHILD_MEMORY_BYTES", "0"))
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _say(**data) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def render(directory: Path, names: list[str]) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # One font configuration for every document of this child: the stylesheet's web fonts
    # (the Arabic face) are read and registered once, not once per part.
    fonts = FontConfiguration()
    base_url = os.environ.get("PDF_BASE_URL", ".")
    for name in names:
        html = (directory / f"{name}.html").read_text(encoding="utf-8")
        document = HTML(string=html, base_url=base_url).render(font_config=fonts)
        document.write_pdf(directory / f"{name}.pdf")
        _say(name=name, pages=len(document.pages))
        del document


def _number_stream(number: int, total: int, page_width: float) -> bytes:
    text = f"{number} / {total}"
    width = sum(_NUMBER_WIDTHS[c] for c in text) * _NUMBER_SIZE / 1000
    x = (page_width - width) / 2
    return (
        f"\nQ q /AalcoHeader Do Q BT /AalcoNumber {_NUMBER_SIZE} Tf {_NUMBER_RGB} rg "
        f"{x:.2f} {_NUMBER_BASELINE} Td ({text}) Tj ET"
    ).encode("ascii")


def join(directory: Path, count: int) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    writer = PdfWriter()
    header_ref = _header_form(writer, directory)
    number_font = _number_font(writer)
    opening = DecodedStreamObject()
    opening.set_data(b"q\n")
    opening_ref = writer._add_object(opening)
    readers = [PdfReader(directory / f"part-{n}.pdf") for n in range(count)]
    total = sum(len(r.pages) for r in readers)
    number = 0
    for reader in readers:
        for source in reader.pages:
            page = writer.add_page(source)
            number += 1
            if number == 1:
                continue  # the title page carries neither header nor number
            # Added on top of the page's own content streams, which are not parsed: the
            # page's drawing is enclosed in q ... Q so the stamp starts from a clean state.
            resources = cast(DictionaryObject, page["/Resources"].get_object())
            for kind, name, ref in (
                ("/XObject", "/AalcoHeader", header_ref),
                ("/Font", "/AalcoNumber", number_font),
            ):
                if kind not in resources:
                    resources[NameObject(kind)] = DictionaryObject()
                cast(DictionaryObject, resources[kind].get_object())[NameObject(name)] = ref
            stamp = DecodedStreamObject()
            stamp.set_data(_number_stream(number, total, float(page.mediabox.width)))
            contents = page.raw_get("/Contents")
            contents = list(contents.get_object()) if _is_array(contents) else [contents]
            page[NameObject("/Contents")] = ArrayObject(
                [opening_ref, *contents, writer._add_object(stamp)]
            )
    with open(directory / "out.pdf", "wb") as out:
        writer.write(out)
    _say(pages=number)


def _header_form(writer, directory: Path):
    """A reference to the running header (DIR/header.pdf's page) as a form XObject."""
    from pypdf import PdfReader
    from pypdf.generic import DecodedStreamObject, NameObject

    header_page = writer.add_page(PdfReader(directory / "header.pdf").pages[0])
    # The header page becomes a form drawn on every page (same A4 size, same origin); its
    # page leaves the document again, its objects stay referenced by the form.
    header = DecodedStreamObject()
    drawing = header_page.get_contents()  # None for a header with nothing on it
    header.set_data(drawing.get_data() if drawing is not None else b"")
    header.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): header_page.mediabox,
            NameObject("/Resources"): header_page.raw_get("/Resources"),
        }
    )
    writer.remove_page(header_page)
    # pypdf has no public call that makes an indirect object of a new stream.
    return writer._add_object(header)


def _number_font(writer):
    """A reference to the page numbers' font, Helvetica (nothing to embed)."""
    from pypdf.generic import DictionaryObject, NameObject

    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def _is_array(value) -> bool:
    from pypdf.generic import ArrayObject

    return isinstance(value.get_object(), ArrayObject)


def main(argv: list[str]) -> int:
    _limit_memory()
    command, directory, *rest = argv
    if command == "render":
        render(Path(directory), rest)
    elif command == "join":
        join(Path(directory), int(rest[0]))
    else:
        return 2
    _say(maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
