"""Footnotes back on their paragraphs, and their markers out of the words.

PDF text leaves the marker glued to the word it annotates ("the United Nations1 are"). A
number glued to a word is taken for a marker only when a footnote with that number exists,
and never inside a symbol ("A/RES/80/1") or a name like "G77".
"""

from __future__ import annotations

import re

from .errors import ParseWarning
from .layout import RawFootnote
from .model import Footnote
from .structure import RawParagraph

_FOOTNOTE_MARKER = re.compile(
    r"(?P<before>\S*?(?:[^\W\d_]{2}|[,;:.)\]\"']))(?P<marker>\d{1,3})(?P<after>[,;:.)\]]*)$"
)


def strip_markers(text: str, markers: set[str]) -> tuple[str, list[str]]:
    """Remove footnote markers glued to words ("United Nations1 are") and say which."""
    if not markers:
        return text, []
    found: list[str] = []
    words = text.split(" ")
    for index, word in enumerate(words):
        # A marker set apart by a space after a clause: "for 2024/25; 4", "Court, 7 and"
        if word in markers and index and words[index - 1][-1:] in ",;:.)":
            words[index] = ""
            found.append(word)
            continue
        match = _FOOTNOTE_MARKER.match(word)
        if not match or match["marker"] not in markers:
            continue
        before = match["before"]
        glued_to_letters = before[-1:].isalpha()
        glued_to_symbol = "/" in before and before[-1:].isalnum()
        if glued_to_symbol or (glued_to_letters and any(c.isdigit() for c in before)):
            continue  # "A/RES/80/1", "H5N1" (but "resolution 79/7;1" carries marker 1)
        if glued_to_letters and before.isupper() and len(before) <= 2:
            continue  # "G77", "CO2"
        words[index] = before + match["after"]
        found.append(match["marker"])
    return " ".join(word for word in words if word), found


def assign_footnotes(
    paragraphs: list[RawParagraph], footnotes: list[RawFootnote], warnings: list[ParseWarning]
) -> list[list[Footnote]]:
    """Footnotes per paragraph: by marker in the text, else by where the footnote stood.

    Strips the markers from the paragraphs' lines as it goes, so it runs before the lines
    are joined.
    """
    assigned: list[list[Footnote]] = [[] for _ in paragraphs]
    if not footnotes:
        return assigned
    by_marker = {f.marker: f for f in footnotes if f.marker.isdigit()}
    claimed: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        for part_list in _all_part_lists(paragraph):
            for i, part in enumerate(part_list):
                # A footnote may be cited twice ("Rights,2 ... Rights2"): strip every marker.
                part_list[i], markers = strip_markers(part, set(by_marker))
                for marker in markers:
                    claimed.add(marker)
                    footnote = Footnote(marker, by_marker[marker].text)
                    if footnote not in assigned[index]:
                        assigned[index].append(footnote)
    for raw in footnotes:
        if raw.marker in claimed:
            continue
        holder = max((i for i, p in enumerate(paragraphs) if p.line < raw.line), default=None)
        if holder is None or not raw.marker.isdigit():
            warnings.append(
                ParseWarning(raw.line, f"footnote {raw.marker} belongs to no paragraph")
            )
            continue
        assigned[holder].append(Footnote(raw.marker, raw.text))
    for footnotes_of_paragraph in assigned:
        footnotes_of_paragraph.sort(key=lambda f: int(f.marker) if f.marker.isdigit() else 0)
    return assigned


def _all_part_lists(paragraph: RawParagraph) -> list[list[str]]:
    out = [paragraph.parts]
    stack = list(paragraph.subs)
    while stack:
        sub = stack.pop(0)
        out.append(sub.parts)
        stack[:0] = sub.children
    return out
