"""The lines after the last paragraph: meeting, vote, date, notes, web-page furniture, annex.

Everything from the first closing line on is out of the paragraphs. A closing line is a
meeting line ("69th (resumed) plenary meeting 30 December 2025", "1404th plenary meeting,"),
a vote or adoption line ("Adopted by 13 votes to 2 ...", "Adopted at its 2932nd meeting ..."),
a separator ("* *** *"), a date alone, or furniture of a web page ("▲ To the top"). Only
lines after the start of the operative part are considered, and apart from furniture only
after a line that ended a sentence or a clause: a closing line never continues a sentence.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import InvalidDate, date_only, find_date
from .errors import ParseWarning
from .header import header_meeting, paragraph_number
from .layout import RawFootnote, is_footnote_start, read_footnotes
from .ordinals import parse_ordinal
from .text import Lexicon, Line
from .vocabulary import operative_verb, past_operative_verb, preambular_verb

_MEETING = re.compile(
    r"^(?P<ordinal>\d{1,5}(?:st|nd|rd|th)|[A-Za-z]+(?:[\s\-](?!plenary\b)[A-Za-z]+)?)\s+"
    r"(?:\((?:resumed|continued)\)\s+)?(?:plenary\s+)?meeting\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_ADOPTED = re.compile(r"^[\[(]?\s*(?:Adopted|Approved|Vote)\b", re.IGNORECASE)
_VOTE = re.compile(
    r"\b(?:votes?\b|unanimously|without\s+(?:a\s+)?vote|by\s+consensus|recorded\s+vote|"
    r"abstentions?\b|in\s+favour)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^(?:-{3,}|={3,}|(?:\*\s*){3,}|(?:=\s*){3,}|~{3,}|\*\s+\*{3}\s+\*)$")
# Web-page furniture that ends a resolution: "▲ To the top", "Back to top", "Print".
_FURNITURE = re.compile(
    r"^(?:[\u25b2\u2191^]\s*)?(?:to\s+the\s+top|back\s+to\s+top|top\s+of\s+page)\b"
    r"|^print\b.{0,40}$|^copyright\b|^\u00a9|^\u25b2",
    re.IGNORECASE,
)
ANNEX = re.compile(r"^(?:annex|appendix)(?:\s+[IVX\d]+)?\.?$", re.IGNORECASE)


@dataclass
class Tail:
    """What follows the last paragraph: closing lines and an annex we do not parse."""

    meeting_date: datetime.date | None = None
    meeting: str | None = None
    vote: str | None = None
    footnotes: list[RawFootnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def meeting_of(text: str) -> tuple[str, str] | None:
    """ "1404th plenary meeting, 20 December 1965." -> ("1404th plenary meeting", "20 ...")."""
    match = _MEETING.match(text)
    if not match:
        return None
    ordinal = match["ordinal"]
    if not ordinal[:1].isdigit() and parse_ordinal(ordinal) is None:
        return None
    rest = match["rest"].strip(" ,.;")
    meeting = " ".join(text[: len(text) - len(match["rest"])].split())
    if rest:
        try:
            if date_only(rest) is None:
                raise InvalidDate(rest)
        except InvalidDate:
            # "1858th plenary meeting, 76/ E/INCB/17 ...": a footnote follows on the line
            if not (ordinal[:1].isdigit() and match["rest"].lstrip().startswith(",")):
                return None
            return meeting, ""
    return meeting, rest


def is_closing_meeting(text: str) -> bool:
    return meeting_of(text) is not None


def _is_vote(text: str) -> bool:
    return bool(_ADOPTED.match(text)) and bool(_VOTE.search(text))


# A record note in brackets: "(Document GB.313/LILS/4, paragraph 5, as amended.)",
# "[Adopted without a vote.]"; never a sub-paragraph label such as "(a)".
_NOTE = re.compile(r"^[(\[](?![a-z]{1,4}[)\]]|[ivxl]{1,6}[)\]]|\d{1,2}[)\]]).{3,}[)\]]\.?$")


def _closing_kind(text: str) -> str | None:
    if _FURNITURE.match(text):
        return "furniture"
    if _NOTE.match(text):
        return "note"
    if is_footnote_start(text) and not text[:1].isdigit():
        return "footnote"  # "* WPR/RC31/16 Corr.1" under the last paragraph
    if _SEPARATOR.match(text):
        return "separator"
    if meeting_of(text):
        return "meeting"
    if _ADOPTED.match(text):
        return "adopted"
    if _date_or_none(text) is not None:
        return "date"
    return None


_LABELLED = re.compile(r"^\((?P<label>[a-z])\)\s+(?P<rest>\S.*)$")


def _opens_operative(text: str) -> bool:
    labelled = _LABELLED.match(text)
    if labelled and past_operative_verb(labelled["rest"]):
        return True  # "(a) invited the Conference ..." (decisions in the past tense)
    numbered = paragraph_number(text)
    if numbered:
        return not numbered[1] or operative_verb(numbered[1], any_case=True) is not None
    return operative_verb(text, curated_only=True) is not None


_OPENER = re.compile(
    r"^(?:\((?:[a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)|[a-z]\)|(?:Part|PART|Section)\s+\S+|"
    r"[IVXL]{1,6}\.?$|[A-Z]\.?$|[IVXL]{1,6}\.\s|[A-Z]\.\s|\d{1,3}\s*[.)])"
)


def _opens_anything(text: str) -> bool:
    """Does the line open a paragraph, a sub-paragraph or a section heading?"""
    return bool(
        _OPENER.match(text)
        or operative_verb(text, any_case=True)
        or preambular_verb(text, any_case=True)
        or preambular_verb(text)
        or is_footnote_start(text)
    )


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"')]").endswith((".", ";", ":")) or is_closing_meeting(text)


def split_tail(lines: Sequence[Line], lexicon: Lexicon) -> tuple[list[Line], Tail]:
    """Cut off an annex and the closing lines; read the meeting, the vote and the date."""
    tail = Tail()
    body = _without_annex(lines, tail)
    operative_seen = False
    previous = ""
    blank_before = False
    quoted = False  # inside a quotation (an amended article, an annexed text)
    cut: int | None = None
    for index, line in enumerate(body):
        text = line.text
        if not text:
            blank_before = True
            continue
        if quoted:
            quoted = text.count('"') % 2 == 0
            previous, blank_before = text, False
            continue
        kind = _closing_kind(text) if operative_seen else None
        strong = kind in {"furniture", "separator"} or (kind == "meeting" and text[:1].isdigit())
        # An editor's note under the text: after a blank line that follows the end of a
        # sentence, a line that opens no paragraph, sub-paragraph or section.
        note = (
            operative_seen
            and blank_before
            and previous.rstrip("\"')]").endswith(".")
            and not _opens_anything(text)
        )
        if strong or note or (kind and _ends_sentence(previous)):
            cut = index
            break
        operative_seen = operative_seen or _opens_operative(text)
        quoted = text.count('"') % 2 == 1
        previous = text
        blank_before = False
    if cut is None:
        return body, tail
    _read_tail(body[cut:], tail, lexicon)
    return body[:cut], tail


def _read_tail(lines: Sequence[Line], tail: Tail, lexicon: Lexicon) -> None:
    ignored: list[Line] = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        if not text:
            index += 1
            continue
        meeting = meeting_of(text)
        value = _date_or_none(text)
        if meeting:
            tail.meeting = tail.meeting or meeting[0]
            if meeting[1]:
                tail.meeting_date = tail.meeting_date or _date_or_none(meeting[1])
        elif value is not None:  # before footnotes: "17 December 2024" reads like footnote 17
            tail.meeting_date = tail.meeting_date or value
        elif _ADOPTED.match(text):
            if _is_vote(text):
                tail.vote = tail.vote or _unbracket(text)
            tail.meeting = tail.meeting or header_meeting(text)
            found = _find_date(text)
            tail.meeting_date = tail.meeting_date or found
        elif _SEPARATOR.match(text) or _FURNITURE.match(text) or _NOTE.match(text):
            pass
        elif is_footnote_start(text):
            footnotes, index = read_footnotes(lines, index, set(), lexicon)
            tail.footnotes += footnotes
            continue
        else:
            ignored.append(lines[index])
        index += 1
    if ignored:
        tail.warnings.append(
            ParseWarning(
                ignored[0].number,
                f"{len(ignored)} line(s) after the closing lines are not part of the resolution",
            )
        )


def _unbracket(text: str) -> str:
    """The vote as printed, without its brackets and what follows its first sentence.

    "[Adopted without a vote.]" -> "Adopted without a vote."; "[Adopted by a recorded vote of
    28 to 6, with 13 abstentions. The voting was as follows:" -> "... 13 abstentions."
    """
    text = " ".join(text.split())
    for opening, closing in (("[", "]"), ("(", ")")):
        if text.startswith(opening):
            text = text[1:]
            if closing in text:
                text = text[: text.index(closing)]
            text = text.strip()
    end = re.search(r"\.\s+[A-Z]", text)
    return text[: end.start() + 1] if end else text


def _without_annex(lines: Sequence[Line], tail: Tail) -> list[Line]:
    started = False
    for index, line in enumerate(lines):
        numbered = paragraph_number(line.text)
        started = started or bool(numbered and numbered[0] == 1)
        if started and ANNEX.match(line.text):
            if any(rest.text for rest in lines[index + 1 :]):
                tail.warnings.append(
                    ParseWarning(line.number, "the annex is not part of the parsed paragraphs")
                )
            return list(lines[:index])
    return list(lines)


def _date_or_none(text: str) -> datetime.date | None:
    try:
        return date_only(text)
    except InvalidDate:
        return None


def _find_date(text: str) -> datetime.date | None:
    try:
        return find_date(text)[0]
    except InvalidDate:
        return None
