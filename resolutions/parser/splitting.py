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
    starts = [0]
    symbol: str | None = None
    operative_seen = in_annex = enacting_seen = False
    recent: list[str] = []  # the last few lines with text
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        part_heading = any(_PART.match(previous) for previous in recent[-2:])
        recent = [*recent[-2:], text]
        found = symbol_line(text)
        new_symbol = found is not None and symbol is not None and found != symbol
        # An annex may hold a text of its own with "The Conference," and numbered paragraphs.
        # "B. United Nations global communications policies" / "The General Assembly,": a
        # resolution in parts (A, B) repeats its enacting formula in each; one resolution.
        enacting = is_enacting(text) and not in_annex and not part_heading
        if operative_seen and (new_symbol or (found and symbol is None) or enacting):
            start = _walk_back_over_header(lines, index, starts[-1], by_symbol=bool(found))
            starts.append(start)
            symbol, operative_seen, in_annex = None, False, False
            enacting_seen = enacting
        in_annex = in_annex or (operative_seen and bool(ANNEX.match(text)))
        if found and symbol is None:
            symbol = found
        numbered = paragraph_number(text)
        if numbered and numbered[0] == 1 and (not numbered[1] or numbered[1][:1].isupper()):
            operative_seen = True
        elif enacting_seen and (
            is_closing_meeting(text) or operative_verb(text, curated_only=True) is not None
        ):
            operative_seen = True  # a resolution whose paragraphs are not numbered
        enacting_seen = enacting_seen or enacting
    bounds = [*starts, len(lines)]
    chunks = [list(lines[a:b]) for a, b in itertools.pairwise(bounds) if a < b]
    return [chunk for chunk in chunks if any(line.text for line in chunk)] or [list(lines)]


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
