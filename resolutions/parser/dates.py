"""Dates as resolutions print them ("12 September 2013", "September 12, 2013", "12.09.2013")."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# A leading "-" or digit means a range such as "9-12 September 2013": not one date.
_DATE_PATTERNS = [
    re.compile(rf"(?<![\d\-\u2013])\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"(?<![\d./])\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})\b"),
]


class InvalidDate(ValueError):
    """A date-shaped string that names no real day ("31 February 2013")."""


def _build(match: re.Match[str]) -> datetime.date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if month is None:
        return None  # "12 Sessions 2013" is not a date
    try:
        return datetime.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError as error:
        raise InvalidDate(match.group(0)) from error


def find_date(text: str) -> tuple[datetime.date | None, re.Match[str] | None]:
    """The first date in `text` and the match it came from.

    Raises InvalidDate for a date-shaped string that names no real day.
    """
    best: tuple[datetime.date | None, re.Match[str] | None] = (None, None)
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _build(match)
            if value is None:
                continue
            if best[1] is None or match.start() < best[1].start():
                best = (value, match)
            break
    return best


# "on 19 September 2025" is the wrapped half of "Resolution adopted by ... on 19 September 2025".
_LABEL = re.compile(r"^(?:Date|Dated|Done|Adopted(?:\s+on)?|on)\b\s*:?\s*", re.IGNORECASE)


def date_only(text: str) -> datetime.date | None:
    """The date if the line is nothing but a date, "Place, date" or "Date: date".

    Raises InvalidDate when the line is a date that names no real day.
    """
    text = _LABEL.sub("", text.strip()).rstrip(" .")
    candidates = [text]
    place, comma, rest = text.partition(", ")
    if comma and place[:1].isupper() and not place[:1].isdigit():
        candidates.append(rest)
    for candidate in candidates:
        value, found = find_date(candidate)
        if found is not None and found.group(0) == candidate:
            return value
    return None


def format_date(value: datetime.date) -> str:
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
