"""The lines after the last paragraph: "3rd plenary meeting", its date, an annex."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import InvalidDate, date_only
from .errors import ParseWarning
from .header import paragraph_number
from .text import Line

_PLENARY = re.compile(r"^[\w\-]+(?:\s+[\w\-]+)?\s+(?:plenary\s+)?meeting\.?$", re.IGNORECASE)
_ADOPTED = re.compile(r"^Adopted\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^(?:-{3,}|={3,}|(?:\*\s*){3,}|~{3,})$")
ANNEX = re.compile(r"^(?:annex|appendix)(?:\s+[IVX\d]+)?\.?$", re.IGNORECASE)


@dataclass
class Tail:
    """What follows the last paragraph: closing lines and an annex we do not parse."""

    meeting_date: datetime.date | None = None
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


def split_tail(lines: Sequence[Line]) -> tuple[list[Line], Tail]:
    """Cut off an annex and the closing lines ("3rd plenary meeting", its date)."""
    tail = Tail()
    body = list(lines)
    started = False
    for index, line in enumerate(body):
        numbered = paragraph_number(line.text)
        started = started or bool(numbered and numbered[0] == 1)
        if started and ANNEX.match(line.text):
            if any(rest.text for rest in body[index + 1 :]):
                tail.warnings.append(
                    ParseWarning(line.number, "the annex is not part of the parsed paragraphs")
                )
            body = body[:index]
            break
    end = len(body)
    while end:
        content = [i for i in range(end) if body[i].text]
        if not content:
            break
        last = content[-1]
        previous = body[content[-2]].text if len(content) > 1 else ""
        if not _is_closing(body[last].text, previous):
            break
        try:
            found = date_only(body[last].text.removeprefix("Adopted").strip(" :"))
        except InvalidDate:
            found = None
        if found and tail.meeting_date is None:
            tail.meeting_date = found
        end = last
    return body[:end], tail
