"""Ordinal numbers as resolutions write them: "Fifty-Third", "one hundred and fifth", "53rd"."""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_UNIT_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TEN_ORDINALS = [
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]

_CARDINAL = {word: n for n, word in enumerate(_UNITS) if n} | {
    word: 10 * n for n, word in enumerate(_TENS) if word
}
_ORDINAL = {word: n for n, word in enumerate(_UNIT_ORDINALS) if n} | {
    word: 10 * n for n, word in enumerate(_TEN_ORDINALS) if word
}
_ORDINAL["hundredth"] = 100
_ORDINAL["fourty"] = 40  # not an ordinal, but "Fourty-Second" does appear in print
_CARDINAL["fourty"] = 40

_HUNDRED = frozenset({"hundred", "hundredth"})
_DIGITS = re.compile(r"^(\d{1,4})(?:st|nd|rd|th|\.)?$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")


def parse_ordinal(text: str) -> int | None:
    """Turn an ordinal written in words or digits into an int; None if it is not one.

    Accepts "Fifty-Third", "sixty first", "One Hundred and Fifth", "eightieth", "53rd", "53".
    """
    text = text.strip().lower()
    if match := _DIGITS.match(text):
        value = int(match.group(1))
        return value or None
    tokens = [t for t in _SEPARATORS.split(text) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if token in _HUNDRED:
            # Only "(one) hundred" .. "nine hundred": the multiplier must be a lone unit, and
            # a bare "hundred" at the end is a cardinal, not an ordinal.
            if total >= 10 or token.endswith("th") != last:
                return None
            total = (total or 1) * 100
            continue
        # Only the last word is an ordinal: "fifty-third", not "fiftieth-three".
        word = (_ORDINAL if last else _CARDINAL).get(token)
        if word is None:
            return None
        value = word
        # Tens must come before units within each hundred ("fifty-third", not "third-fifty").
        within = total % 100
        if within and (within < 20 or value >= 10 or within % 10):
            return None
        total += value
    return total or None


def ordinal_words(number: int, *, capitalize: bool = True) -> str:
    """Write 1..999 as an ordinal phrase: 53 -> "Fifty-Third", 105 -> "One Hundred and Fifth"."""
    if not 0 < number < 1000:
        raise ValueError(f"cannot write {number} as an ordinal word")
    hundreds, rest = divmod(number, 100)
    parts: list[str] = []
    if hundreds:
        parts.append(f"{_UNITS[hundreds]} hundred" if rest else f"{_UNITS[hundreds]} hundredth")
        if rest:
            parts.append("and")
    if rest:
        tens, units = divmod(rest, 10)
        if rest < 20:
            parts.append(_UNIT_ORDINALS[rest])
        elif units:
            parts.append(f"{_TENS[tens]}-{_UNIT_ORDINALS[units]}")
        else:
            parts.append(_TEN_ORDINALS[tens])
    phrase = " ".join(parts)
    if not capitalize:
        return phrase
    return "-".join(
        " ".join(w if w == "and" else w.capitalize() for w in chunk.split(" "))
        for chunk in phrase.split("-")
    )
