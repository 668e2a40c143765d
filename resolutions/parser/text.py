"""Character-level clean-up and line joining.

Everything downstream works on `Line` objects that keep the 1-based line number of the
original input, so warnings and errors can point at what the user pasted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ParseWarning

SOFT_HYPHEN = "\u00ad"

# Every line-break convention we have met: CRLF, old Mac CR, Unicode separators, and the
# form feed / vertical tab that PDF extractors emit at page breaks.
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")

# Applied after NFKC, which already maps NBSP, ligatures and superscript digits.
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # NFKC turns the non-breaking hyphen U+2011 into this one
        "\u2011": "-",
        "\u2212": "-",
        "\t": " ",
    }
)

# Markdown emphasis; underscores only next to letters, so the footnote rule "____" survives.
_BOLD = re.compile(r"\*\*|__(?=[^\W_])|(?<=[^\W_])__")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# A list bullet from a web page ("- REQUESTS ...", "• Decides ..."); never "- 3 -".
_BULLET = re.compile(r"^[-\u2022\u25aa\u25cf]\s+(?=[A-Za-z(])")
_SPACES = re.compile(r"[ ]{2,}")
_SLASH_SPACES = re.compile(r"\s*/\s*")
# Markdown italics around words ("*Requests*"); never the bar code "*2515106*" or "* * *".
_ITALIC = re.compile(r"(?<![\w*])\*([^\W\d_][^*]*?)\*(?![\w*])|(?<![\w_])_([^\W\d_][^_]*?)_(?!\w)")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE_END_WORD = re.compile(r"([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def _is_dropped_char(char: str) -> bool:
    """Control characters, lone surrogates and invisible format characters.

    PostgreSQL refuses NUL, and the others only ever come from broken extraction. The soft
    hyphen is a format character too but carries meaning at a line end, so it survives here.
    """
    if char == SOFT_HYPHEN or char in "\n\t":
        return False
    return unicodedata.category(char) in {"Cc", "Cs", "Cf", "Co"}


def clean_line(raw: str) -> tuple[str, int]:
    """Return the cleaned line and how many control characters were dropped."""
    dropped = 0
    # isprintable() is False for every character we drop, and fast: most lines skip the loop.
    if not raw.isprintable() and any(_is_dropped_char(c) for c in raw):
        kept = []
        for char in raw:
            if _is_dropped_char(char):
                # Invisible format characters (zero-width space, BOM) are not worth a warning.
                if unicodedata.category(char) != "Cf":
                    dropped += 1
            else:
                kept.append(char)
        raw = "".join(kept)
    text = unicodedata.normalize("NFKC", raw).translate(_TRANSLATE)
    text = _ITALIC.sub(lambda m: m.group(1) or m.group(2), _BOLD.sub("", text))
    text = _MD_HEADING.sub("", text.strip())
    text = _BULLET.sub("", text)
    if text.endswith("|"):  # a table row of a web page: "1973/1779(LIV). | Report of ... |"
        text = " ".join(cell.strip() for cell in text.split("|") if cell.strip())
    text = _SPACES.sub(" ", text)
    # A soft hyphen only matters where a word breaks across lines.
    if SOFT_HYPHEN in text[:-1]:
        text = text[:-1].replace(SOFT_HYPHEN, "") + text[-1]
    return text.strip(" "), dropped


def split_lines(text: str) -> tuple[list[Line], list[ParseWarning]]:
    """Split into cleaned, numbered lines; warn once about stripped control characters."""
    lines: list[Line] = []
    dropped_total = 0
    first_dropped: int | None = None
    for number, raw in enumerate(_NEWLINES.sub("\n", text).split("\n"), start=1):
        cleaned, dropped = clean_line(raw)
        if dropped and first_dropped is None:
            first_dropped = number
        dropped_total += dropped
        lines.append(Line(number, cleaned))
    warnings = []
    if dropped_total:
        warnings.append(
            ParseWarning(
                first_dropped,
                f"removed {dropped_total} control character(s) that cannot be stored",
            )
        )
    return lines, warnings


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words seen in the document, to decide whether a line-end hyphen is part of the word."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def from_lines(cls, lines: Iterable[Line]) -> Lexicon:
        words: set[str] = set()
        compounds: set[str] = set()
        for line in lines:
            # A hyphen at the line end says nothing about the word, so leave that token out.
            body = line.text[:-1] if line.text.endswith("-") else line.text
            for token in _WORDS.findall(body):
                lowered = token.lower()
                if "-" in lowered:
                    compounds.add(lowered)
                else:
                    words.add(lowered)
        return cls(frozenset(words), frozenset(compounds))


EMPTY_LEXICON = Lexicon(frozenset(), frozenset())


def _keep_hyphen(left: str, right: str, lexicon: Lexicon) -> bool:
    # "Fifty-\nSecond", "Asian-\nAfrican": a capital after the break is never a split word.
    if right[:1].isupper():
        return True
    if f"{left}-{right}".lower() in lexicon.compounds:
        return True
    # Resolutions are typeset without automatic hyphenation, so a hyphen we cannot explain
    # is more likely a real one ("high-\nlevel") than a broken word: drop it only when the
    # document spells the joined word elsewhere ("interna-\ntional").
    return (left + right).lower() not in lexicon.words


def join_lines(parts: Iterable[str], lexicon: Lexicon = EMPTY_LEXICON) -> str:
    """Join wrapped lines into one paragraph, undoing line-end hyphenation sensibly."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + part
        elif out.endswith("-") and (end := _LINE_END_WORD.search(out[-80:])):
            start = _LINE_START_WORD.match(part)
            if start and _keep_hyphen(end.group(1), start.group(0), lexicon):
                out += part
            elif start:
                out = out[:-1] + part
            else:
                out += part
        elif out[-1] in "-\u2013\u2014" and out[-2:-1].isdigit() and part[:1].isdigit():
            out += part  # "3-\n4 October"
        else:
            out += " " + part
    return squash(out.replace(SOFT_HYPHEN, ""))


def squash(text: str) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join(text.split())


def normalise_symbol(text: str) -> str:
    """Close up the spaces documents put around slashes: "AALCO/RES/ 52 / S 5"."""
    return squash(_SLASH_SPACES.sub("/", text))
