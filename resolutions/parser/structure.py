"""Cutting the body into paragraphs and sub-paragraphs.

Blank lines are only hints: pasted text often has none between paragraphs, and PDF text
has them in odd places. A paragraph starts where its number, its label or its opening
phrase says so; every other line continues what came before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import ParseWarning, ResolutionParseError
from .header import paragraph_number
from .labels import LabelKind, label_kinds, place_label
from .text import Line
from .vocabulary import operative_verb, preambular_verb

_LABEL = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,7}|\d{1,2})\)\s*(?P<rest>.*)$")
_LOOSE_LABEL = re.compile(r"^(?P<label>[a-z]|[ivx]{1,5})\)\s+(?P<rest>.*)$")
# "...; and (b) The State ..." pasted on one line: split before the label.
_INLINE_LABEL = re.compile(
    r"(?<=[:;])(?:\s+(?:and|or))?(?=\s+\((?:[a-z]|[ivxl]{1,6}|\d{1,2})\)\s+\S)"
)
# The end of a clause, perhaps with a footnote marker still glued on ("Families,3").
_CLAUSE_END = re.compile(r"(?:[,;:.][\"')\]]?\d{0,3}|[,;]\s+(?:and|or))$")
_REFERENCE_BEFORE = re.compile(
    r"(?:paragraphs?|subparagraphs?|articles?|rules?|sections?|annex)\s+\d+\s*$", re.IGNORECASE
)
_REFERENCE_AFTER = re.compile(
    r"^(?:above|below|hereof|thereof|respectively|(?:and|or)\s+\([a-z]{1,4}\))\b", re.IGNORECASE
)
# "II" alone, then the section's name: UN omnibus resolutions number paragraphs across them.
_SECTION = re.compile(r"^[IVX]{1,6}\.?$")


@dataclass
class RawSub:
    label: str
    kind: LabelKind
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[RawSub] = field(default_factory=list)


@dataclass
class RawParagraph:
    kind: Literal["preambular", "operative"]
    number: int | None
    line: int
    parts: list[str] = field(default_factory=list)
    subs: list[RawSub] = field(default_factory=list)
    open_path: list[RawSub] = field(default_factory=list)
    last_line: int = 0

    def append(self, text: str, line: int) -> None:
        target = self.open_path[-1].parts if self.open_path else self.parts
        target.append(text)
        self.last_line = line

    def last_text(self) -> str:
        target = self.open_path[-1].parts if self.open_path else self.parts
        return target[-1] if target else ""


def split_inline_labels(lines: Sequence[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        start = 0
        for match in _INLINE_LABEL.finditer(line.text):
            out.append(Line(line.number, line.text[start : match.end()].strip()))
            start = match.end()
        out.append(Line(line.number, line.text[start:].strip()))
    return out


def ends_clause(text: str) -> bool:
    """Does the text end where a new paragraph may begin ("...;", "...; and")?"""
    return bool(_CLAUSE_END.search(text))


class Segmenter:
    """A small state machine over the body lines: preamble, then operative paragraphs."""

    def __init__(self) -> None:
        self.paragraphs: list[RawParagraph] = []
        self.warnings: list[ParseWarning] = []
        self.state: Literal["preamble", "numbered", "unnumbered"] = "preamble"
        self.current: RawParagraph | None = None
        self.seen: dict[int, int] = {}  # operative number -> its line
        self.operative_count = 0
        self.previous_blank = True
        self.section: Line | None = None

    def run(self, lines: Sequence[Line]) -> list[RawParagraph]:
        for line in split_inline_labels(lines):
            if not line.text:
                self.previous_blank = True
                continue
            if not self._section_heading(line):
                self._feed(line)
            self.previous_blank = False
        if self.section is not None and self.current is not None:
            self.current.append(self.section.text, self.section.number)
        return self.paragraphs

    def _section_heading(self, line: Line) -> bool:
        """Skip "II" / "Migrant workers" headings; keep the numeral if text runs on after it."""
        if self.section is not None:
            numeral, self.section = self.section, None
            heading = (
                not ends_clause(line.text)
                and paragraph_number(line.text) is None
                and not _LABEL.match(line.text)
                and len(line.text) < 150
            )
            if heading:
                self.warnings.append(
                    ParseWarning(
                        numeral.number, f"section heading '{numeral.text} {line.text}' skipped"
                    )
                )
                return True
            self._feed(numeral)
            return False
        if _SECTION.match(line.text) and self.current is not None:
            self.section = line
            return True
        return False

    def _feed(self, line: Line) -> None:
        text = line.text
        clause_ended = ends_clause(self.current.last_text()) if self.current else True
        numbered = paragraph_number(text)
        if numbered and self._opens_operative(*numbered):
            self._numbered(line, *numbered)
            return
        if self.state != "preamble" and self.current and self._sub_label(line):
            return
        if self.state == "preamble" and self._opens_preambular(text, clause_ended):
            self._start(RawParagraph("preambular", None, line.number), text, line.number)
            return
        if (
            self.state != "numbered"
            and operative_verb(text, curated_only=True)
            and (self.previous_blank or clause_ended)
        ):
            self._unnumbered(line)
            return
        if self.current is None:
            self.warnings.append(
                ParseWarning(line.number, "this paragraph does not open with a known phrase")
            )
            self._start(RawParagraph("preambular", None, line.number), text, line.number)
            return
        self.current.append(text, line.number)

    def _start(self, paragraph: RawParagraph, text: str, line: int) -> None:
        self.paragraphs.append(paragraph)
        self.current = paragraph
        if text:
            paragraph.append(text, line)
        paragraph.last_line = line

    def _opens_operative(self, number: int, rest: str) -> bool:
        capital = rest[:1].isupper()
        if self.state == "numbered":
            return not rest or number == self._expected() or capital
        # A number alone on its line is always a paragraph number.
        return not rest or (capital and (number == 1 or operative_verb(rest) is not None))

    def _expected(self) -> int:
        return self.operative_count + 1

    def _numbered(self, line: Line, number: int, rest: str) -> None:
        if self.state == "unnumbered":
            unnumbered = self.operative_count
            raise ResolutionParseError(
                f"operative paragraph {number} follows {unnumbered} operative paragraph(s) "
                "without a number — number them all or none",
                line.number,
            )
        expected = self._expected()
        if number != expected:
            if number in self.seen:
                message = (
                    f"operative paragraph {number} appears twice "
                    f"(lines {self.seen[number]} and {line.number})"
                )
            elif not self.seen:
                message = f"operative paragraph 1 is missing (the first one is numbered {number})"
            else:
                message = (
                    f"operative paragraph {expected} is missing "
                    f"(found {expected - 1} then {number})"
                )
            raise ResolutionParseError(message, line.number)
        self.seen[number] = line.number
        self.operative_count += 1
        self.state = "numbered"
        self._start(RawParagraph("operative", number, line.number), rest, line.number)

    def _unnumbered(self, line: Line) -> None:
        if self.state == "preamble":
            self.warnings.append(
                ParseWarning(
                    line.number, "the operative paragraphs are not numbered; numbered in order"
                )
            )
        self.state = "unnumbered"
        self.operative_count += 1
        number = self.operative_count
        self._start(RawParagraph("operative", number, line.number), line.text, line.number)

    def _opens_preambular(self, text: str, clause_ended: bool) -> bool:
        if self.current is None or self.previous_blank:
            return preambular_verb(text) is not None
        # Without a blank line, trust only the phrases resolutions really open with.
        return clause_ended and preambular_verb(text, curated_only=True) is not None

    def _sub_label(self, line: Line) -> bool:
        match = _LABEL.match(line.text) or _LOOSE_LABEL.match(line.text)
        if not match:
            return False
        label, rest = match.group("label"), match.group("rest")
        paragraph = self.current
        assert paragraph is not None
        if _REFERENCE_AFTER.match(rest) or _REFERENCE_BEFORE.search(paragraph.last_text()):
            return False  # "paragraph 1\n(a) above": a reference, not a label
        depth, kind = place_label(paragraph.open_path, label)
        if depth is None:
            if rest[:1].islower():
                return False
            depth = max(len(paragraph.open_path) - 1, 0)
            kind = paragraph.open_path[-1].kind if paragraph.open_path else label_kinds(label)[0]
            self.warnings.append(
                ParseWarning(line.number, f"sub-paragraph ({label}) is out of sequence")
            )
        node = RawSub(label, kind, line.number)
        siblings = paragraph.subs if depth == 0 else paragraph.open_path[depth - 1].children
        siblings.append(node)
        paragraph.open_path = [*paragraph.open_path[:depth], node]
        if rest:
            paragraph.append(rest, line.number)
        paragraph.last_line = line.number
        return True


def segment(lines: Sequence[Line]) -> tuple[list[RawParagraph], list[ParseWarning]]:
    segmenter = Segmenter()
    paragraphs = segmenter.run(lines)
    return paragraphs, segmenter.warnings
