"""What PDF extraction leaves between the words: page headers and footers, and footnotes.

A page break shows up as a run of lines such as the symbol, the running title, the job number
"25-15106", the bar code "*2515106*" and the page "2/5". We find those anchor lines, widen
each run over blank lines and fragments of the title next to it, and drop the run together
with its blank lines, so a paragraph split by a page break reads on without a gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import Lexicon, Line, join_lines, normalise_symbol, squash

_PAGE_NUMBER = re.compile(
    r"^(?:\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|\d{1,3}|page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?)$",
    re.IGNORECASE,
)
_JOB_NUMBER = re.compile(r"^(?:[A-Z]\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6})?$")
_RECYCLE = re.compile(r"^Please\s+recycle\b.{0,4}$", re.IGNORECASE)
_BAR_CODE = re.compile(r"^\*\d{5,}\*$")
_PIECES = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,3}\s*/\s*\d{1,3}|(?:[A-Z]\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6})?|"
    r"\*\d{5,}\*)"
    r"(?=\s|$)"
)

FOOTNOTE_RULE = re.compile(r"^_{5,}$")
_FOOTNOTE_START = re.compile(
    r"^(?P<marker>\d{1,3}|[*\u2020\u2021\u00a7]{1,3})(?:\s+|(?=[A-Z]))(?P<text>\S.*)$"
)
_PARAGRAPH_START = re.compile(r"^(?:\d{1,3}\s*[.)](?!\d)|\([a-z0-9]{1,5}\))")


@dataclass(frozen=True, slots=True)
class RawFootnote:
    marker: str
    text: str
    line: int


def _fold(text: str) -> str:
    return squash(text).casefold().rstrip(" .*")


def _title_fragment(text: str, title: str | None) -> bool:
    """The running title, or three words or more from its start or end (a wrapped title)."""
    if not title:
        return False
    folded, whole = _fold(text), _fold(title)
    if not folded:
        return False
    return folded == whole or (
        len(folded.split()) >= 3 and (whole.startswith(folded) or whole.endswith(folded))
    )


def _without_furniture(text: str, symbol: str | None) -> tuple[str, bool]:
    """The line without its symbol, job number, bar code and page number; was any there?"""
    normal = normalise_symbol(text)
    found = False
    if symbol and normal.startswith(symbol):
        normal, found = normal[len(symbol) :], True
    rest = _PIECES.sub(" ", normal).strip()
    return rest, found or rest != normal.strip()


def is_anchor(text: str, symbol: str | None) -> bool:
    """A line made only of page furniture: page number, job number, bar code, own symbol."""
    if any(p.match(text) for p in (_PAGE_NUMBER, _JOB_NUMBER, _BAR_CODE, _RECYCLE)):
        return True
    rest, found = _without_furniture(text, symbol)
    return found and not rest


def _is_furniture(text: str, symbol: str | None, title: str | None) -> bool:
    if is_anchor(text, symbol) or _fold(text) == _fold(title or "\0"):
        return True
    # "A/RES/80/1 Participation by the State of Palestine ..." or "Protection of migrants 3/5"
    rest, found = _without_furniture(text, symbol)
    return found and _title_fragment(rest, title)


def page_furniture(lines: Sequence[Line], symbol: str | None, title: str | None) -> set[int]:
    """Indexes of the lines that belong to page headers and footers."""
    marked = {
        i for i, line in enumerate(lines) if line.text and _is_furniture(line.text, symbol, title)
    }
    # A title fragment alone only counts next to other furniture; elsewhere it may be text.
    # One pass down and one up reach every fragment in a run that touches furniture.
    fragments = [
        i for i, line in enumerate(lines) if i not in marked and _title_fragment(line.text, title)
    ]
    for order, step in ((fragments, -1), (reversed(fragments), 1)):
        for i in order:
            if _next_content(lines, i, step) in marked:
                marked.add(i)
    # A running title wrapped over two lines leaves its second line, however short
    # ("Protection of migrants in the" / "eightieth session"): the line after a marked
    # start of the title belongs to the header when the two together read as the title.
    whole = _fold(title or "")
    for i in sorted(marked):
        following = _next_content(lines, i, 1)
        if following is None or following in marked or not whole:
            continue
        start = _fold(_without_furniture(lines[i].text, symbol)[0])
        if not start or not whole.startswith(start) or start == whole:
            continue
        joined = squash(f"{start} {_fold(lines[following].text)}")
        if whole.startswith(joined):
            marked.add(following)
    return marked


def _next_content(lines: Sequence[Line], index: int, step: int) -> int | None:
    index += step
    while 0 <= index < len(lines):
        if lines[index].text:
            return index
        index += step
    return None


def is_footnote_start(text: str) -> bool:
    return bool(_FOOTNOTE_START.match(text))


def read_footnotes(
    lines: Sequence[Line], start: int, stop: set[int], lexicon: Lexicon
) -> tuple[list[RawFootnote], int]:
    """Read footnotes from `start` on; return them and the index of the first line after.

    They end at page furniture, at a paragraph number or label, or at a blank line that
    is not followed by the next footnote.
    """
    footnotes: list[RawFootnote] = []
    current: list[str] = []
    marker = ""
    first_line = 0
    index = start

    def flush() -> None:
        if current:
            footnotes.append(RawFootnote(marker, join_lines(current, lexicon), first_line))

    while index < len(lines):
        line = lines[index]
        if index in stop:
            break
        if not line.text:
            following = _next_content(lines, index, 1)
            match = _FOOTNOTE_START.match(lines[following].text) if following is not None else None
            if not (match and following not in stop and _follows(marker, match["marker"])):
                break
            index += 1
            continue
        match = _FOOTNOTE_START.match(line.text)
        if match and (not current or _follows(marker, match["marker"])):
            flush()
            marker, current, first_line = match["marker"], [match["text"]], line.number
        elif current and not _PARAGRAPH_START.match(line.text):
            current.append(line.text)
        else:
            break
        index += 1
    flush()
    return footnotes, index


def _follows(previous: str, marker: str) -> bool:
    if not previous:
        return True
    if previous.isdigit() and marker.isdigit():
        return int(marker) == int(previous) + 1
    return not marker.isdigit()


def strip_page_furniture(
    lines: Sequence[Line], symbol: str | None, title: str | None, lexicon: Lexicon
) -> tuple[list[Line], list[RawFootnote]]:
    """Drop page headers, footers and footnote blocks; return the footnotes found."""
    marked = page_furniture(lines, symbol, title)
    footnotes: list[RawFootnote] = []
    dropped = set(marked)
    index = 0
    while index < len(lines):
        if FOOTNOTE_RULE.match(lines[index].text):
            found, after = read_footnotes(lines, index + 1, marked, lexicon)
            footnotes.extend(found)
            dropped.update(range(index, after))
            index = after
        else:
            index += 1
    # Blank lines around a dropped run belong to the page break, not to the text.
    for i in sorted(dropped):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].text and j not in dropped:
                dropped.add(j)
                j += step
    return [line for i, line in enumerate(lines) if i not in dropped], footnotes
