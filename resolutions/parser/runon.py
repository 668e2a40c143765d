"""Lines that hold several paragraphs: web copies run the enacting formula, the preamble and
sometimes the operative paragraphs together ("The Security Council, Recalling ...,
Reaffirming ..."; "The Council of Delegates,alarmed by ...,1. reaffirms ...;2. appeals").

We cut such a line where a new paragraph evidently starts: after an enacting formula that is
followed by a paragraph opener, before a capitalised opening phrase that follows a comma
("..., Acting under Articles 39 and 40"), before a lower-case opening phrase glued to a comma
(",alarmed by"), and before a paragraph number glued to the end of a clause (";2. appeals").
Each cut point is checked once, so the work stays linear in the length of the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .header import ENACTING_NOUNS, paragraph_number
from .text import Line
from .vocabulary import operative_verb, preambular_verb

# An enacting formula anywhere in the line, ending with its comma or colon.
_ENACTING = re.compile(
    r"(?:^|(?<=\s))(?-i:The)\s+(?:[\w'\-]+\s+){0,7}?"
    + ENACTING_NOUNS
    + r"(?:\s+of\s+(?:[\w'\-]+\s+){0,8}?[\w'\-]+)?\s*[,:]",
    re.IGNORECASE,
)
# Where a paragraph may start inside a line.
_CANDIDATE = re.compile(
    r"(?P<comma>[,;](?:\d{1,3}/)?)\s*(?=[A-Z][a-z])"  # "..., Recalling", "Fund,9/ Mindful"
    r"|(?P<glued>,)(?=[a-z]{3})"  # ",alarmed by" (a lost line break)
    r"|(?P<caps>,)\s+(?=[A-Z]{3,}\b)"  # "Having examined the report, RECOMMENDS:"
    r"|(?P<number>(?:[;:,]\s*|\.))(?=\d{1,3}\.\s*[A-Za-z])"  # ";2. appeals", ": 1. TAKES"
    # "... resolution. [Adopted by a vote of 14-0]" run on after the last paragraph
    r"|(?P<adopted>[.;])\s+(?=\[?(?:Adopted|Approved)\b)"
    # ". 1816th plenary meeting," run on after the last paragraph
    r"|(?P<meeting>[.;])\s+(?=\d{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b)"
)
_MIN_PIECE = 12
_LOOKAHEAD = 200  # enough to read an opening phrase


def _opens_paragraph(rest: str, *, any_case: bool) -> bool:
    numbered = paragraph_number(rest)
    if numbered:
        return operative_verb(numbered[1], any_case=True) is not None
    return (
        preambular_verb(rest, curated_only=True, any_case=any_case) is not None
        or operative_verb(rest, curated_only=True, any_case=any_case) is not None
    )


def _cuts(text: str) -> list[int]:
    cuts: list[int] = []
    # A preambular line may end in the operative verb, in capitals (OAU and AU texts).
    preamble_line = preambular_verb(text[:_LOOKAHEAD], curated_only=True, any_case=True)
    for match in _ENACTING.finditer(text):
        rest = text[match.end() : match.end() + _LOOKAHEAD].lstrip()
        if not rest or not _opens_paragraph(rest, any_case=True):
            continue
        if match.start() >= _MIN_PIECE:
            cuts.append(match.start())
        cuts.append(match.end())
    for match in _CANDIDATE.finditer(text):
        rest = text[match.end() : match.end() + _LOOKAHEAD]  # a bounded look: linear work
        if match["comma"]:
            # Only the phrases resolutions really open with; a participle in mid-sentence
            # is never capitalised.
            ok = preambular_verb(rest, curated_only=True) is not None
        elif match["meeting"] or match["adopted"]:
            ok = True
        elif match["caps"]:
            verb = operative_verb(rest, curated_only=True)
            ok = bool(preamble_line and verb and verb.isupper())
        elif match["glued"]:
            ok = preambular_verb(rest, curated_only=True, any_case=True) is not None
        else:
            numbered = paragraph_number(rest)
            ok = numbered is not None and operative_verb(numbered[1], any_case=True) is not None
        if ok and match.start() >= _MIN_PIECE:
            cuts.append(match.start() + len(match.group(0).rstrip()))
    return sorted(set(cuts))


def split_run_together(lines: Sequence[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        text = line.text
        if len(text) < 30:
            out.append(line)
            continue
        start = 0
        for cut in _cuts(text):
            piece = text[start:cut].strip()
            if piece and cut + 3 <= len(text):
                out.append(Line(line.number, piece))
                start = cut
        out.append(Line(line.number, text[start:].strip()))
    return out
