"""What the parser returns: plain dataclasses and their JSON shape.

Equality compares content only: source line numbers and warnings are left out, so the same
resolution read from a PDF and from a clean copy compares equal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import ParseWarning


class Addressees(StrEnum):
    """Whom an operative paragraph asks to act (the app stores the value)."""

    ALL = "all"
    NON_PARTIES = "non_parties"
    NONE = "none"


@dataclass(frozen=True)
class Footnote:
    marker: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "text": self.text}


@dataclass(frozen=True)
class Subparagraph:
    label: str  # "a", "ii" — without the brackets
    text: str
    children: list[Subparagraph] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "children": [child.to_dict() for child in self.children],
        }

    def all_text(self) -> str:
        return " ".join([self.text, *(child.all_text() for child in self.children)])


@dataclass(frozen=True)
class Section:
    """A part of a resolution in sections ("I", "II", "A", "B"...): its label and heading."""

    label: str  # as printed, without the trailing dot: "I", "B", "Part II" -> "II"
    heading: str = ""  # the heading's words after the label, if any

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "heading": self.heading}


@dataclass(frozen=True)
class Preambular:
    verb: str
    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)
    section: str = ""  # label of the section the paragraph belongs to; "" without sections

    def to_dict(self) -> dict[str, Any]:
        return {
            "verb": self.verb,
            "text": self.text,
            "footnotes": [f.to_dict() for f in self.footnotes],
            "section": self.section,
        }


@dataclass(frozen=True)
class Operative:
    number: int
    verb: str
    text: str  # the chapeau: up to the first sub-paragraph
    subparagraphs: list[Subparagraph] = field(default_factory=list)
    requests_report: bool = False
    addressees: Addressees = Addressees.NONE
    treaties: list[str] = field(default_factory=list)
    carries_to_session: int | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)
    # A paragraph's identity is (section, number): numbering may restart in each section.
    section: str = ""
    # False when the text printed no number and the parser numbered it by position.
    numbered: bool = True

    @property
    def reference(self) -> str:
        """ "II.3" in a resolution with sections, "3" otherwise."""
        return f"{self.section}.{self.number}" if self.section else str(self.number)

    def full_text(self) -> str:
        """Chapeau and sub-paragraphs together, for searching."""
        return " ".join([self.text, *(sub.all_text() for sub in self.subparagraphs)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "verb": self.verb,
            "text": self.text,
            "subparagraphs": [sub.to_dict() for sub in self.subparagraphs],
            "requests_report": self.requests_report,
            "addressees": str(self.addressees),
            "treaties": list(self.treaties),
            "carries_to_session": self.carries_to_session,
            "footnotes": [f.to_dict() for f in self.footnotes],
            "section": self.section,
            "numbered": self.numbered,
        }


@dataclass(frozen=True)
class ParsedResolution:
    symbol: str | None
    date: datetime.date | None
    session: int | None
    title: str | None
    deliberated: bool | None  # None when the text carries no (Non-)Deliberated marker
    secretariat_document: str | None
    # "aalco", "un_ga", "un_sc", "un_hrc", "ecosoc", "who", "unesco", "ilo", "au", "icrc",
    # "asean", "oic" or "other"
    body: str
    enacting_line: str | None
    preambular: list[Preambular] = field(default_factory=list)
    operative: list[Operative] = field(default_factory=list)
    treaties: list[str] = field(default_factory=list)  # every mention, preamble included
    warnings: list[ParseWarning] = field(default_factory=list, compare=False)
    sections: list[Section] = field(default_factory=list)  # in document order; [] if none
    meeting: str | None = None  # "69th plenary meeting", "1404th plenary meeting"...
    vote: str | None = None  # "Adopted by 13 votes to 2, with 1 abstention" ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "date": self.date.isoformat() if self.date else None,
            "session": self.session,
            "title": self.title,
            "deliberated": self.deliberated,
            "secretariat_document": self.secretariat_document,
            "body": self.body,
            "enacting_line": self.enacting_line,
            "preambular": [p.to_dict() for p in self.preambular],
            "operative": [o.to_dict() for o in self.operative],
            "treaties": list(self.treaties),
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
            "sections": [s.to_dict() for s in self.sections],
            "meeting": self.meeting,
            "vote": self.vote,
        }
