"""Parser readings written by hand, so the import layer is tested on any structure.

The import layer must take whatever the parser returns (sections, restarting or repeated
numbers, no symbol, other bodies); these readings stand for what the parser gives, whatever
its progress on real layouts.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from resolutions.parser.errors import ParseWarning
from resolutions.parser.model import (
    Addressees,
    Operative,
    ParsedResolution,
    Preambular,
    Section,
    Subparagraph,
)


def sectioned(**changes) -> ParsedResolution:
    """A General Assembly resolution in two sections, numbering restarting in each."""
    line = itertools.count(10, 2)
    values = {
        "symbol": "A/RES/79/900",
        "date": datetime.date(2024, 12, 17),
        "session": 79,
        "title": "Omnibus resolution on legal questions",
        "deliberated": None,
        "secretariat_document": None,
        "body": "un_ga",
        "enacting_line": "The General Assembly,",
        "preambular": [
            Preambular("Recalling", "Recalling its earlier resolutions,", line=next(line)),
            Preambular(
                "Having considered",
                "Having considered the report of the Secretary-General,",
                line=next(line),
                section="II",
            ),
        ],
        "operative": [
            Operative(1, "Requests", "Requests all Member States to report;",
                      requests_report=True, addressees=Addressees.ALL, line=next(line),
                      section="I"),
            Operative(2, "Decides", "Decides to remain seized of the matter;",
                      subparagraphs=[Subparagraph("a", "first;"), Subparagraph("b", "second.")],
                      line=next(line), section="I"),
            Operative(1, "Takes note", "Takes note of the notes by the Secretary-General;",
                      line=next(line), section="II", numbered=False),
            Operative(2, "Urges", "Urges States to ratify the ICMW;", treaties=["ICMW"],
                      requests_report=True, addressees=Addressees.NON_PARTIES,
                      line=next(line), section="II"),
        ],
        "treaties": ["ICMW"],
        "warnings": [ParseWarning(16, "numbering restarts in section II")],
        "sections": [Section("I", "Legal questions"), Section("II", "Migrant workers")],
        "meeting": "55th plenary meeting",
        "vote": "Adopted by 160 votes to 2, with 5 abstentions",
    }  # fmt: skip
    values.update(changes)
    return ParsedResolution(**values)


@pytest.fixture
def parser_reads(monkeypatch):
    """Make the import layer's parser return the given readings for any text."""

    def install(*readings: ParsedResolution) -> None:
        monkeypatch.setattr(
            "resolutions.services.import_preview.parse_many",
            lambda text, treaty_aliases=None: list(readings),
        )

    return install
