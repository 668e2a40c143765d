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

from .errors import ParseWarning
from .header import is_enacting, paragraph_number
from .labels import LabelKind, label_kinds, place_label
from .text import Line
from .vocabulary import (
    base_operative_verb,
    operative_verb,
    past_operative_verb,
    preambular_verb,
)

_LABEL = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,7}|\d{1,2})\)\s*(?P<rest>.*)$")
_LOOSE_LABEL = re.compile(r"^(?P<label>[a-z]|[ivx]{1,5})\)\s+(?P<rest>.*)$")
# "...; and (b) The State ..." pasted on one line: split before the label.
_INLINE_LABEL = re.compile(
    r"(?<=[:;])(?:\s+(?:and|or))?(?=\s+\((?:[a-z]|[ivxl]{1,6}|\d{1,2})\)\s+\S)"
)
# The end of a clause, perhaps with a footnote marker still glued on ("Families,3").
_CLAUSE_END = re.compile(r"(?:[,;:.][\"')\]]?(?:\d{0,3}|\*{1,3}|\d{1,3}/)|[,;]\s+(?:and|or))$")
_REFERENCE_BEFORE = re.compile(
    r"(?:paragraphs?|subparagraphs?|articles?|rules?|sections?|annex)\s+\d+\s*$", re.IGNORECASE
)
_REFERENCE_AFTER = re.compile(
    r"^(?:above|below|hereof|thereof|respectively|(?:and|or)\s+\([a-z]{1,4}\))\b", re.IGNORECASE
)
# Section headings: "II" or "B." alone on a line (the heading on the next line), or with the
# heading on the same line ("A. ON THE DATE AND VENUE ...", "Part II. Capacity-building").
_SECTION_ALONE = re.compile(
    r"^(?:(?:Part|PART|Section|SECTION)\s+)?(?P<label>[IVXL]{1,6}|[A-Z]|\d{1,2})\.?$"
)
_SECTION_INLINE = re.compile(
    r"^(?:(?P<part>Part|PART|Section|SECTION)\s+(?P<plabel>[IVXL]{1,6}|\d{1,2}|[A-Z])\b[.:]?"
    r"|(?P<label>[IVXL]{1,6}|[A-Z])\.)\s+(?P<heading>\S.{0,200})$"
)
_QUOTES = re.compile(r'"')


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
    section: str = ""
    numbered: bool = True
    quotes: int = 0  # straight double quotes seen so far: odd means a quotation is open
    decision_label: str = ""  # "a", "b" for decisions printed as "(a) invited ..."

    def append(self, text: str, line: int) -> None:
        target = self.open_path[-1].parts if self.open_path else self.parts
        target.append(text)
        self.last_line = line
        self.quotes += len(_QUOTES.findall(text))

    def last_text(self) -> str:
        target = self.open_path[-1].parts if self.open_path else self.parts
        return target[-1] if target else ""

    @property
    def in_quote(self) -> bool:
        return self.quotes % 2 == 1


@dataclass(frozen=True)
class RawSection:
    label: str
    heading: str
    line: int


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
    """A small state machine over the body lines: preamble, then operative paragraphs.

    It never refuses: odd numbering becomes a warning, and every paragraph gets an identity
    (section, number) that is unique in the resolution.
    """

    def __init__(self) -> None:
        self.paragraphs: list[RawParagraph] = []
        self.warnings: list[ParseWarning] = []
        self.sections: list[RawSection] = []
        self.state: Literal["preamble", "operative"] = "preamble"
        self.current: RawParagraph | None = None
        self.section = ""
        self.last_number = 0  # in the current section
        self.seen: dict[int, int] = {}  # printed number -> its line, in the current section
        self.previous_blank = True
        self.pending: Line | None = None  # a bare section label waiting for its heading
        self.section_start = False  # a section heading was just read: its preamble may follow
        self.previous_last = 0  # last printed number so far (numbering may run across sections)
        self.lettered = False  # decisions as "(a) invited ...; (b) approved ..." (ILO style)
        self.list_open = False  # numbered items after "... the following:" belong to it
        self.line_per_paragraph = False

    def run(self, lines: Sequence[Line]) -> list[RawParagraph]:
        # A web copy with one paragraph per line: nearly every line ends a clause.
        texts = [line.text for line in lines if line.text]
        ended = sum(1 for text in texts if text.rstrip("\"')]*").endswith((",", ";", ":", ".")))
        self.line_per_paragraph = len(texts) >= 4 and ended >= 0.8 * len(texts)
        for line in split_inline_labels(lines):
            if not line.text:
                self.previous_blank = True
                continue
            if not self._section_heading(line):
                self._feed(line)
            self.previous_blank = False
        if self.pending is not None:
            self._open_section(self.pending, "")
        if self.current is not None and self.current.in_quote:
            self.warnings.append(
                ParseWarning(self.current.line, "a quotation in this paragraph is never closed")
            )
        return self.paragraphs

    # Sections -------------------------------------------------------------------------------

    def _in_quote(self) -> bool:
        return self.current is not None and self.current.in_quote

    def _may_open_section(self) -> bool:
        if self.current is None:
            return False
        last = self.current.last_text()
        return not self._in_quote() and (ends_clause(last) and not last.endswith(":"))

    def _section_heading(self, line: Line) -> bool:
        text = line.text
        if self.pending is not None:
            return self._heading_after_label(text)
        at_start = self.current is None and (self.section_ok(text) or _SECTION_INLINE.match(text))
        if not self._may_open_section() and not at_start:
            return False
        alone = _SECTION_ALONE.match(text)
        if alone and not alone["label"].isdigit():
            self.pending = line
            return True
        return self._inline_section(line)

    def _heading_after_label(self, text: str) -> bool:
        """The line after a bare section label: its heading, or already the section's text."""
        assert self.pending is not None
        label_line, self.pending = self.pending, None
        # A short line without final punctuation is the heading even when it opens with
        # a word like "Notes" ("Notes by the Secretary-General").
        opener = (
            operative_verb(text, curated_only=True) is not None
            or preambular_verb(text, curated_only=True) is not None
        )
        heading = (
            not ends_clause(text)
            and not text.rstrip().endswith(".")
            and paragraph_number(text) is None
            and not _LABEL.match(text)
            and len(text) < (70 if opener else 150)
        )
        self._open_section(label_line, text if heading else "")
        return heading

    def _inline_section(self, line: Line) -> bool:
        """ "II. Cooperation with other organizations" on one line opens a section."""
        inline = _SECTION_INLINE.match(line.text)
        if not inline:
            return False
        heading = inline["heading"].strip()
        if (
            heading.endswith((";", ","))
            or operative_verb(heading, any_case=True) is not None
            or preambular_verb(heading, curated_only=True, any_case=True) is not None
            or (inline["label"] and inline["label"].isdigit())
        ):
            return False
        self._open_section(line, heading, label=inline["label"] or inline["plabel"])
        return True

    @staticmethod
    def section_ok(text: str) -> bool:
        """A section may open the body ("I" before any paragraph) only as a bare label."""
        alone = _SECTION_ALONE.match(text)
        return alone is not None and not alone["label"].isdigit()

    def _open_section(self, line: Line, heading: str, label: str | None = None) -> None:
        if label is None:
            match = _SECTION_ALONE.match(line.text)
            label = match["label"] if match else line.text.rstrip(".")
        if any(section.label == label for section in self.sections):
            self.warnings.append(
                ParseWarning(line.number, f"section {label} appears twice; read as one section")
            )
        else:
            self.sections.append(RawSection(label, heading, line.number))
        self.section = label
        self.last_number = 0
        self.seen = {}
        self.section_start = True

    # Paragraphs -----------------------------------------------------------------------------

    def _feed(self, line: Line) -> None:
        text = line.text
        if self.section_start and is_enacting(text):
            return  # each part (A, B) of a resolution in parts repeats "The General Assembly,"
        if self._in_quote():
            assert self.current is not None
            self.current.append(text, line.number)
            return
        # Read before a numbered line may drop the current paragraph (_resolves_to).
        last = self.current.last_text() if self.current else ""
        clause_ended = ends_clause(last) if self.current else True
        numbered = paragraph_number(text)
        if numbered and self._numbered_line(line, numbered, last, clause_ended):
            return
        if self._lettered_decision(line):
            return
        if self.state != "preamble" and self.current and self._sub_label(line):
            return
        self._plain_line(line, last, clause_ended)

    def _numbered_line(
        self, line: Line, numbered: tuple[int, str], last: str, clause_ended: bool
    ) -> bool:
        """An item of an open list, a numbered preamble or an operative paragraph."""
        if self._list_item(numbered[1], last):
            assert self.current is not None
            self.current.append(line.text, line.number)
            return True
        if self._numbered_preamble(line, *numbered):
            return True
        if self._opens_operative(*numbered, clause_ended=clause_ended):
            self._numbered(line, *numbered)
            return True
        return False

    def _plain_line(self, line: Line, last: str, clause_ended: bool) -> None:
        """A line without a number: a new paragraph if it opens one, else the current's."""
        text = line.text
        if self._opens_preambular(text, clause_ended):
            self._start(self._paragraph("preambular", None, line.number), text, line.number)
            return
        if self._opens_unnumbered(text, clause_ended, last):
            self._unnumbered(line)
            return
        if self.current is None:
            self.warnings.append(
                ParseWarning(line.number, "this paragraph does not open with a known phrase")
            )
            self._start(self._paragraph("preambular", None, line.number), text, line.number)
            return
        self.current.append(text, line.number)

    def _resolves_to(self, rest: str) -> bool:
        """ "Hereby resolves to:" then "1. Urge ...", "2. Encourage ...": the items are the
        operative paragraphs and the short chapeau above them gives way (ASEAN style)."""
        current = self.current
        if (
            current is None
            or current.kind != "operative"
            or current.numbered
            or current.subs
            or len(current.parts) != 1
            or len(current.parts[0]) > 60
            or not current.parts[0].endswith(":")
            or base_operative_verb(rest) is None
        ):
            return False
        self.paragraphs.remove(current)
        self.warnings = [w for w in self.warnings if w.line != current.line]
        self.warnings.append(
            ParseWarning(current.line, f"'{current.parts[0]}' read as the chapeau of the items")
        )
        self.current = None
        self.last_number = 0
        return True

    def _numbered_preamble(self, line: Line, number: int, rest: str) -> bool:
        """ "1. Having examined document 219 EX/5," (UNESCO): numbered, yet preambular.

        Only before the first operative paragraph; in the middle of them a paragraph such as
        "4. AWARE of the challenges" stays operative.
        """
        if self.state != "preamble" or number != self.last_number + 1 or not rest:
            return False
        if operative_verb(rest, any_case=True) is not None:
            return False
        if preambular_verb(rest, curated_only=True, any_case=True) is None:
            return False
        self.last_number = self.previous_last = number
        self._start(self._paragraph("preambular", None, line.number), rest, line.number)
        return True

    def _list_item(self, rest: str, last: str) -> bool:
        """ "2. ADOPTS the following instruments:" then "1. Draft Revised Financial Rules;"."""
        if self.current is None or self.current.kind != "operative":
            return False
        if self._resolves_to(rest):
            return False
        if last.rstrip().endswith(":"):
            self.list_open = True
        if not self.list_open:
            return False
        if operative_verb(rest, any_case=True) is not None:
            self.list_open = False
            return False
        return True

    def _lettered_decision(self, line: Line) -> bool:
        """ "The Governing Body:" then "(a) invited ...;" "(b) approved ...": each a decision."""
        match = _LABEL.match(line.text)
        if not match:
            return False
        label, rest = match["label"], match["rest"]
        expected = "a" if not self.lettered else None
        if self.lettered and self.current is not None and self.current.kind == "operative":
            previous = self.current.decision_label
            expected = chr(ord(previous) + 1) if previous else None
        if label != expected or self.state != ("operative" if self.lettered else "preamble"):
            return False
        if (
            self.current is not None
            and not self.lettered
            and self.current.kind == "preambular"
            and not ends_clause(self.current.last_text())
        ):
            return False
        if past_operative_verb(rest) is None and operative_verb(rest, any_case=True) is None:
            return False
        self.lettered = True
        self.state = "operative"
        self.last_number += 1
        paragraph = self._paragraph("operative", self.last_number, line.number)
        paragraph.numbered = False
        paragraph.decision_label = label
        self._start(paragraph, rest, line.number)
        return True

    def _paragraph(
        self, kind: Literal["preambular", "operative"], number: int | None, line: int
    ) -> RawParagraph:
        return RawParagraph(kind, number, line, section=self.section)

    def _start(self, paragraph: RawParagraph, text: str, line: int) -> None:
        self.list_open = False
        self.paragraphs.append(paragraph)
        self.current = paragraph
        if text:
            paragraph.append(text, line)
        paragraph.last_line = line
        self.section_start = False

    def _opens_operative(self, number: int, rest: str, *, clause_ended: bool) -> bool:
        if not rest:
            return True  # a number alone on its line is always a paragraph number
        verb = operative_verb(rest, any_case=True) is not None
        capital = rest[:1].isupper()
        if self.state == "operative":
            if number in self._expected():
                return capital or verb
            return (clause_ended or self.previous_blank) and (verb or (capital and number == 1))
        return verb or (capital and number == 1)

    def _expected(self) -> set[int]:
        expected = {self.last_number + 1}
        if self.last_number == 0 and self.previous_last:
            expected.add(self.previous_last + 1)  # UN omnibus texts number across sections
        return expected

    def _numbered(self, line: Line, printed: int, rest: str) -> None:
        number = printed
        where = f" in section {self.section}" if self.section else ""
        if printed in self._expected():
            pass
        elif printed <= self.last_number:
            number = self.last_number + 1
            if printed in self.seen:
                message = (
                    f"operative paragraph {printed}{where} appears twice "
                    f"(lines {self.seen[printed]} and {line.number}); "
                    f"the second is read as paragraph {number}"
                )
            else:
                message = (
                    f"operative paragraph numbered {printed}{where} follows paragraph "
                    f"{self.last_number}; read as paragraph {number}"
                )
            self.warnings.append(ParseWarning(line.number, message))
        elif printed > self.last_number + 1:
            missing = self.last_number + 1
            if self.last_number == 0:
                message = f"operative paragraph 1{where} is missing (the first one is {printed})"
            else:
                message = (
                    f"operative paragraph {missing}{where} is missing "
                    f"(found {self.last_number} then {printed})"
                )
            self.warnings.append(ParseWarning(line.number, message))
        self.seen.setdefault(printed, line.number)
        self.last_number = number
        self.previous_last = number  # numbering may run on into the next section
        self.state = "operative"
        self._start(self._paragraph("operative", number, line.number), rest, line.number)

    def _opens_unnumbered(self, text: str, clause_ended: bool, last: str) -> bool:
        if (
            self.state == "preamble"
            or self.current is None
            or self.section_start
            or self.current.kind == "preambular"  # a section's own preamble
        ):
            boundary = self.previous_blank or clause_ended
            if not boundary:
                return False
            if operative_verb(text, curated_only=True) is not None:
                return True
            # "requests ..." in lower case: only on a line of its own after a blank line.
            return self.previous_blank and (
                operative_verb(text, curated_only=True, any_case=True) is not None
                and self.state == "operative"
            )
        # Among numbered paragraphs, a new unnumbered one ("FURTHER REQUESTS ...") must
        # follow the end of a sentence or a clause.
        verb = operative_verb(text, curated_only=True) is not None
        if (
            verb
            and self.line_per_paragraph
            and self.current is not None
            and self.current.numbered is False
        ):
            return True
        if last.rstrip().endswith(":") and self.current is not None and not self.current.subs:
            # "Affirms ... the following principles:" whose items the copy left out
            return verb and not self.current.numbered
        if not last.rstrip("\"')").endswith((";", ".")) and not re.search(r"[;,]\s+and$", last):
            return False
        return verb

    def _unnumbered(self, line: Line) -> None:
        # In a resolution in sections a lone unnumbered paragraph is the normal layout.
        if self.state == "preamble" and not self.paragraphs_operative() and not self.section:
            self.warnings.append(
                ParseWarning(
                    line.number, "the operative paragraphs are not numbered; numbered in order"
                )
            )
        self.state = "operative"
        self.last_number += 1
        paragraph = self._paragraph("operative", self.last_number, line.number)
        paragraph.numbered = False
        self._start(paragraph, line.text, line.number)

    def paragraphs_operative(self) -> bool:
        return any(p.kind == "operative" for p in self.paragraphs)

    def _opens_preambular(self, text: str, clause_ended: bool) -> bool:
        if self.state == "operative" and not self.section_start:
            return False
        if operative_verb(text, curated_only=True) is not None:
            return False
        if self.current is None or self.previous_blank:
            return (
                preambular_verb(text) is not None
                or preambular_verb(text, curated_only=True, any_case=True) is not None
            )
        # Without a blank line, trust only the phrases resolutions really open with.
        return clause_ended and (
            preambular_verb(text, curated_only=True, any_case=True) is not None
        )

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


def segment(
    lines: Sequence[Line],
) -> tuple[list[RawParagraph], list[RawSection], list[ParseWarning]]:
    segmenter = Segmenter()
    paragraphs = segmenter.run(lines)
    return paragraphs, segmenter.sections, segmenter.warnings
