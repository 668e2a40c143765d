"""Pure text parser for resolutions and decisions: text in, dataclasses out.

It reads AALCO, UN General Assembly, Security Council, Human Rights Council, ECOSOC, WHO,
UNESCO, ILO, AU/OAU, Red Cross and Red Crescent, ASEAN and OIC texts, from PDF extractions
and web copies alike, and never refuses a text for its structure: odd numbering, a missing
symbol, date or session become warnings that name the line. Only a text with no resolution
in it (no enacting formula and no operative paragraph) raises ResolutionParseError.

No Django import here, on purpose: the parser runs in tests, commands and workers alike.

    parse_resolution(text, *, treaty_aliases=None) -> ParsedResolution
    parse_many(text, *, treaty_aliases=None) -> list[ParsedResolution]
    render_resolution(parsed) -> str
    ResolutionParseError(message, line)   # a ValueError; line is 1-based or None

`treaty_aliases` maps a short name to more ways of writing it ({"ICMW": ["...", "CMW"]}),
on top of KNOWN_TREATIES. Non-fatal problems come back in `ParsedResolution.warnings`.

`ParsedResolution.to_dict()` gives:

    {"symbol": "AALCO/RES/52/S 5" | null, "date": "2013-09-12" | null, "session": 52 | null,
     "title": str | null, "deliberated": false | true | null,
     "secretariat_document": str | null,
     "body": "aalco" | "un_ga" | "un_sc" | "un_hrc" | "ecosoc" | "who" | "unesco" | "ilo" |
             "au" | "icrc" | "asean" | "oic" | "other",
     "sections": [{"label": "II", "heading": "Human resources"}],   # [] without sections
     "meeting": "69th (resumed) plenary meeting" | null,
     "vote": "Adopted by 14 votes to none, with one abstention (Yemen)" | null,
     "enacting_line": str | null,
     "preambular": [{"verb": "Having considered", "text": str, "footnotes": [FOOTNOTE],
                     "section": "" | "II"}],
     "operative": [{"number": 1, "verb": "Requests", "text": str,
                    "section": "" | "II", "numbered": bool,   # identity: (section, number)
                    "subparagraphs": [{"label": "a", "text": str, "children": [...]}],
                    "requests_report": bool, "addressees": "all" | "non_parties" | "none",
                    "treaties": ["ICMW"], "carries_to_session": 53 | null,
                    "footnotes": [FOOTNOTE]}],
     "treaties": ["ICMW"],                      # every mention, preamble included
     "warnings": [{"line": 14 | null, "message": str}]}

    FOOTNOTE = {"marker": "1", "text": "See resolution 169 (II)."}
"""

from __future__ import annotations

from .document import parse_many, parse_resolution
from .errors import ParseWarning, ResolutionParseError
from .model import (
    Addressees,
    Footnote,
    Operative,
    ParsedResolution,
    Preambular,
    Section,
    Subparagraph,
)
from .ordinals import ordinal_words, parse_ordinal
from .render import render_resolution
from .treaties import KNOWN_TREATIES, TreatyRegistry

__all__ = [
    "KNOWN_TREATIES",
    "Addressees",
    "Footnote",
    "Operative",
    "ParseWarning",
    "ParsedResolution",
    "Preambular",
    "ResolutionParseError",
    "Section",
    "Subparagraph",
    "TreatyRegistry",
    "ordinal_words",
    "parse_many",
    "parse_ordinal",
    "parse_resolution",
    "render_resolution",
]
