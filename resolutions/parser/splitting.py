"""Cutting a file that holds several resolutions into one list of lines per resolution."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .closing import ANNEX, is_closing_meeting
from .dates import InvalidDate, date_only
from .header import (
    DELIBERATION_MARKER,
    is_enacting,
    is_upper_line,
    paragraph_number,
    symbol_line,
)
from .text import Line
from .vocabulary import operative_verb

_PART = re.compile(r"^(?:[A-H]|[IVX]{1,4})(?:\.?$|\.\s+\S)")
_MASTHEAD_ABOVE_SYMBOL = re.compile(
    r"^(?:United\s+Nations|General\s+Assembly|Asian[\s\-]African\s+Legal\s+Consultative\s+"
    r"Organi[sz]ation|AALCO)$",
    re.IGNORECASE,
)


def split_resolutions(lines: Sequence[Line]) -> list[list[Line]]:
    """Cut a file into resolutions where a new symbol or enacting line follows paragraphs.

    A page header repeats the resolution's own symbol, which is why only a different symbol,
    or an enacting line after operative paragraphs, starts a new resolution.
    """
    splitter = _Splitter(lines)
    for index, line in enumerate(lines):
        if line.text:
            splitter.feed(index, line.text)
    bounds = [*splitter.starts, len(lines)]
    chunks = [list(lines[a:b]) for a, b in itertools.pairwise(bounds) if a < b]
    return [chunk for chunk in chunks if any(line.text for line in chunk)] or [list(lines)]


class _Splitter:
    """Reads the lines with text in order and notes where each resolution starts."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self.starts = [0]
        self.symbol: str | None = None
        self.operative_seen = self.in_annex = self.enacting_seen = False
        self.recent: list[str] = []  # the last few lines with text

    def feed(self, index: int, text: str) -> None:
        part_heading = any(_PART.match(previous) for previous in self.recent[-2:])
        self.recent = [*self.recent[-2:], text]
        found = symbol_line(text)
        # An annex may hold a text of its own with "The Conference," and numbered paragraphs.
        # "B. United Nations global communications policies" / "The General Assembly,": a
        # resolution in parts (A, B) repeats its enacting formula in each; one resolution.
        enacting = is_enacting(text) and not self.in_annex and not part_heading
        if self.operative_seen and (self._other_symbol(found) or enacting):
            self._start_at(index, by_symbol=bool(found), enacting=enacting)
        self.in_annex = self.in_annex or (self.operative_seen and bool(ANNEX.match(text)))
        if found and self.symbol is None:
            self.symbol = found
        self.operative_seen = self.operative_seen or self._opens_operative_part(text)
        self.enacting_seen = self.enacting_seen or enacting

    def _other_symbol(self, found: str | None) -> bool:
        """A symbol line, when this resolution has none yet or a different one."""
        return found is not None and found != self.symbol

    def _start_at(self, index: int, *, by_symbol: bool, enacting: bool) -> None:
        start = _walk_back_over_header(self.lines, index, self.starts[-1], by_symbol=by_symbol)
        self.starts.append(start)
        self.symbol, self.operative_seen, self.in_annex = None, False, False
        self.enacting_seen = enacting

    def _opens_operative_part(self, text: str) -> bool:
        numbered = paragraph_number(text)
        if numbered and numbered[0] == 1 and (not numbered[1] or numbered[1][:1].isupper()):
            return True
        # A resolution whose paragraphs are not numbered.
        return self.enacting_seen and (
            is_closing_meeting(text) or operative_verb(text, curated_only=True) is not None
        )


def _walk_back_over_header(
    lines: Sequence[Line], index: int, floor: int, *, by_symbol: bool
) -> int:
    """Move a resolution's start up over its own header lines (masthead, symbol, title)."""
    start = index
    probe = index - 1
    while probe > floor:
        text = lines[probe].text
        if not text:
            probe -= 1
            continue
        header_like = bool(_MASTHEAD_ABOVE_SYMBOL.match(text))
        if not by_symbol and not header_like:
            header_like = bool(
                symbol_line(text)
                or DELIBERATION_MARKER.fullmatch(text)
                or is_upper_line(text)
                or (_is_date_line(text) and not _after_plenary(lines, probe, floor))
            )
        if not header_like:
            break
        start = probe
        probe -= 1
    return start


def _is_date_line(text: str) -> bool:
    try:
        return date_only(text) is not None
    except InvalidDate:
        return False


def _after_plenary(lines: Sequence[Line], index: int, floor: int) -> bool:
    """Is the line at `index` the date under "3rd plenary meeting" of the resolution above?"""
    probe = index - 1
    while probe > floor and not lines[probe].text:
        probe -= 1
    return probe > floor and is_closing_meeting(lines[probe].text)
