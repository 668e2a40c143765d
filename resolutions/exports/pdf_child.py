"""The PDF renderer's child process: no Django, limits set before anything is rendered.

``python -m resolutions.exports.pdf_child render DIR N...`` renders the HTML parts
``DIR/part-N.html`` to ``DIR/part-N.pdf``, one after the other, printing one JSON line per
part ({"part", "pages"}) so the parent can report progress. ``python -m ... join DIR N``
renders the running headers and page numbers for the N parts' pages (``DIR/stamp.html``)
and joins everything into ``DIR/out.pdf``. Each command ends with a line
{"maxrss_kib": ...}: the child's own peak memory, for the benchmarks.

The address-space limit is set first thing (``PDF_CHILD_MEMORY_BYTES``): a document that
would need more fails here with MemoryError instead of taking the server's memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def _limit_memory() -> None:
    limit = int(os.environ.get("PDF_CHILD_MEMORY_BYTES", "0"))
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _say(**data) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def render(directory: Path, parts: list[int]) -> None:
    from weasyprint import HTML

    for n in parts:
        html = (directory / f"part-{n}.html").read_text(encoding="utf-8")
        document = HTML(string=html, base_url=os.environ.get("PDF_BASE_URL", ".")).render()
        document.write_pdf(directory / f"part-{n}.pdf")
        _say(part=n, pages=len(document.pages))
        del document


def join(directory: Path, count: int) -> None:
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    stamp_html = (directory / "stamp.html").read_text(encoding="utf-8")
    HTML(string=stamp_html).write_pdf(directory / "stamp.pdf")
    stamps = PdfReader(directory / "stamp.pdf").pages
    writer = PdfWriter()
    number = 0
    for n in range(count):
        for page in PdfReader(directory / f"part-{n}.pdf").pages:
            # The stamp page carries only the running header and the page number, drawn on
            # top of the content page (same size: both are A4 from the same stylesheet).
            # (pypdf 7: a page is merged once it belongs to the writer.)
            writer.add_page(page).merge_page(stamps[number])
            number += 1
    with open(directory / "out.pdf", "wb") as out:
        writer.write(out)
    _say(pages=number)


def main(argv: list[str]) -> int:
    _limit_memory()
    command, directory, *rest = argv
    if command == "render":
        render(Path(directory), [int(n) for n in rest])
    elif command == "join":
        join(Path(directory), int(rest[0]))
    else:
        return 2
    _say(maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
