"""The lines after the last paragraph: "3rd plenary meeting", its date, an annex."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import InvalidDate, date_only
from .errors import ParseWarning
from .header import paragraph_number
from .layout import RawFootnote, is_footnote_start, read_footnotes
from .text import Lexicon, Line

_PLENARY = re.compile(r"^[\w\-]+(?:\s+[\w\-]+)?\s+(?:plenary\s+)?meeting\.?$", re.IGNORECASE)
_ADOPTED = re.compile(r"^Adopted\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^(?:-{3,}|={3,}|(?:\*\s*){3,}|~{3,})$")
ANNEX = re.compile(r"^(?:annex|appendix)(?:\s+[IVX\d]+)?\.?$", re.IGNORECASE)


@dataclass
class Tail:
    """What follows the last paragraph: closing lines and an annex we do not parse."""

    meeting_date: datetime.date | None = None
    footnotes: list[RawFootnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def is_closing_meeting(text: str) -> bool:
    return bool(_PLENARY.match(text))


def _is_closing(text: str, previous: str) -> bool:
    # A closing line never continues a sentence: the line before it must have ended one.
    ended = not previous or previous.endswith((".", ";", ":")) or bool(_PLENARY.match(previous))
    if _SEPARATOR.match(text):
        return True
    if not ended:
        return False
    if _PLENARY.match(text) or _ADOPTED.match(text):
        return True
    try:
        return date_only(text) is not None
    except InvalidDate:
        return False


def split_tail(lines: Sequence[Line], lexicon: Lexicon) -> tuple[list[Line], Tail]:
    """Cut off an annex and the closing lines ("3rd plenary meeting", its date)."""
    tail = Tail()
    body = _without_annex(lines, tail)
    body = _after_the_meeting(body, tail, lexicon)
    content = [i for i, line in enumerate(body) if line.text]
    end = len(body)
    while content:
        last = content.pop()
        previous = body[content[-1]].text if content else ""
        if not _is_closing(body[last].text, previous):
            break
        found = _date_or_none(body[last].text.removeprefix("Adopted").strip(" :"))
        if found and tail.meeting_date is None:
            tail.meeting_date = found
        end = last
    return body[:end], tail


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


def _after_the_meeting(lines: list[Line], tail: Tail, lexicon: Lexicon) -> list[Line]:
    """Read what follows "50th plenary meeting": its date, and footnotes without a rule.

    Text copied from the UN website puts all the footnotes at the very end, after the
    closing lines and without the "____" rule that PDF text has.
    """
    content = [i for i, line in enumerate(lines) if line.text]
    meeting = next(
        (
            i
            for n, i in enumerate(content)
            if _PLENARY.match(lines[i].text)
            and n
            and lines[content[n - 1]].text.endswith((".", ";", ":"))
        ),
        None,
    )
    if meeting is None:
        return lines
    index = meeting + 1
    ignored: list[Line] = []
    while index < len(lines):
        text = lines[index].text
        value = _date_or_none(text)
        if value is not None:  # before footnotes: "17 December 2024" reads like footnote 17
            tail.meeting_date = tail.meeting_date or value
        elif is_footnote_start(text):
            found, index = read_footnotes(lines, index, set(), lexicon)
            tail.footnotes += found
            continue
        elif text:
            ignored.append(lines[index])
        index += 1
    if ignored:
        tail.warnings.append(
            ParseWarning(
                ignored[0].number,
                f"{len(ignored)} line(s) after the closing lines are not part of the resolution",
            )
        )
    return lines[: meeting + 1]


def _date_or_none(text: str) -> datetime.date | None:
    try:
        return date_only(text)
    except InvalidDate:
        return None
