"""Pure text parser for AALCO and UN General Assembly resolutions: text in, dataclasses out.

No Django import here, on purpose: the parser runs in tests, commands and workers alike.
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
    "Subparagraph",
    "TreatyRegistry",
    "ordinal_words",
    "parse_many",
    "parse_ordinal",
    "parse_resolution",
    "render_resolution",
]
