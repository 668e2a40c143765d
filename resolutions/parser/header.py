"""Everything above the first paragraph: symbol, dates, title, markers, enacting line."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import InvalidDate, date_only, find_date
from .errors import ParseWarning
from .layout import is_anchor
from .ordinals import parse_ordinal
from .text import Lexicon, Line, join_lines, normalise_symbol
from .vocabulary import operative_verb, preambular_verb

# "AALCO/RES/52/S 5", "AALCO/RES/DFT/52/S 5", "RES/43/ORG 7", "A/RES/80/1", "A/RES/ES-11/1",
# "A/HRC/RES/52/1".
# The last part may be an item code with a space ("S 5"), which no other part may have.
SYMBOL = re.compile(
    r"(?<![\w/])(?:[A-Z]{1,8}/){0,3}RES(?:/[A-Za-z0-9.\-()]+)*?"
    r"/(?:[A-Z]{1,4} \d{1,3}(?:\s?\([A-Z]\))?|[A-Za-z0-9.\-]+"
    r"(?:\s?\((?:[IVXLC]{1,8}|(?:19|20)\d{2}|[A-Z]{1,5}-\d{1,4}|[A-Z]{1,5}-[IVXLC]{1,6})\))?)(?![\w/])"
)
# Symbols that are not of the "X/RES/..." kind, one pattern per family of bodies. Each is
# tried on a header line; the first that matches at the line start (after the masthead) wins.
_ROMAN_SESSION = r"\s?\((?P<roman>[IVXLC]{1,8})\)"
OTHER_SYMBOLS = [
    # Security Council: "S/RES/660 (1990)"
    re.compile(r"S/RES/\d{1,4}\s?\((?:19|20)\d{2}\)"),
    # African Union and OAU: "Assembly/AU/Dec.402(XVIII)", "EX.CL/Dec.93 (V)",
    # "CM/Res. 458 (XXVI)", "AHG/Res. 16 (I)", "Assembly/AU/Decl.1 (XXXIII)"
    re.compile(
        r"(?:Assembly/AU|EX\.?\s?CL|PSC/[A-Z]+|CM|AHG|AHSG)/\s?(?:Dec|Decl|Res|Resolution)"
        r"\.?\s?\d{1,4}(?:\s?/\s?Rev\.\s?\d)?" + _ROMAN_SESSION + r"(?:\s?Rev\.\s?\d)?",
        re.IGNORECASE,
    ),
    # World Health Assembly and WHO bodies: "WHA77.1", "EB154.R3", "WPR/RC7.R18"
    re.compile(
        r"(?:WHA(?P<wha>\d{1,2})\.\d{1,3}|EB\d{1,3}\.R\d{1,3}|[A-Z]{2,4}/RC(?P<rc>\d{1,3})\.R\d{1,3})"
    ),
    # UNESCO Executive Board: "219 EX/Decision 5", "210 EX/Dec.5.I.A"
    re.compile(r"(?P<unescoeb>\d{2,3})\s?EX/Dec(?:ision)?\.?\s?\d{1,3}(?:\.[A-Z0-9]{1,4}){0,3}"),
    # UNESCO General Conference: "39 C/Resolution 15", "39 C/Res.15"
    re.compile(r"(?P<unesco>\d{1,2})\s?C/Res(?:olution)?\.?\s?\d{1,3}(?:\.\d{1,3})*"),
    # Red Cross and Red Crescent: "CD/24/R1", "33IC/19/R2"
    re.compile(r"(?:CD|\d{2}IC)/\d{2}/R\d{1,2}"),
    # ASEAN Inter-Parliamentary Assembly: "RES.43GA/2022/Pol/01"
    re.compile(r"RES\.(?P<aipa>\d{1,2})GA/\d{4}/[A-Za-z]{2,8}/\d{1,3}"),
    # OIC: "Resolution No. 1/44-POL", "45/10-P(IS)"
    re.compile(r"(?<![\w/])\d{1,3}/(?P<oic>\d{1,2})-[A-Z]{1,6}(?:\s?\([A-Z]{2,4}\))?(?![\w/])"),
]
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    total = 0
    values = [_ROMAN_VALUES.get(c) for c in text.upper()]
    if not values or None in values:
        return None
    for i, value in enumerate(values):
        assert value is not None
        following = values[i + 1] if i + 1 < len(values) else None
        total += -value if following is not None and following > value else value
    return total or None


DELIBERATION_MARKER = re.compile(r"\(?\s*(?P<non>Non[\s\-]*)?Deliberated\s*\)?", re.IGNORECASE)
_UN_TITLE = re.compile(r"^(?P<number>(?:[A-Z]{1,3}-)?\d{1,3}/\d{1,4})\s*\.\s*(?P<title>\S.*)$")
_SESSION_LINE = re.compile(
    r"^(?P<ordinal>[\w\s\-]+?)\s+(?:annual\s+|regular\s+|ordinary\s+|(?:emergency\s+)?special\s+)?"
    r"session\b.*$",
    re.IGNORECASE,
)
# "The General Assembly,", "The Meeting of States Parties,", "The Asian-African Legal
# Consultative Organization at its Fifty-Second Session".
ENACTING_NOUNS = (
    r"(?:organi[sz]ation|assembly|council|conference|committee|commission|board|body|parties|"
    r"meeting|congress|summit|forum|delegates|ministers|movement)"
)
_ENACTING = re.compile(
    r"^the\s+(?:[\w'\-]+\s+){0,7}?" + ENACTING_NOUNS + r"(?:\s+of\s+(?:[\w'\-]+\s+){0,8}?[\w'\-]+)?"
    r"(?:\s*\([^()]{2,60}\))?"  # "(International Conference)", "(Council of Delegates)"
    r"\s*(?P<rest>[,:;]|,?\s*(?:at|in|meeting\s+(?:at|in))\s+its\b.{0,240})?$",
    re.IGNORECASE,
)
_ENACTING_SESSION = re.compile(
    r"\b(?:at|in)\s+its\s+(?P<ordinal>.+?)\s+"
    r"(?:annual\s+|regular\s+|ordinary\s+|extraordinary\s+|special\s+)?session\b",
    re.IGNORECASE,
)
# "Adopted by the Security Council at its 2932nd meeting", "At its 1937th meeting"
_MEETING_IN_TEXT = re.compile(
    r"\bat\s+its\s+(?P<meeting>\d{1,5}(?:st|nd|rd|th)\s+(?:\((?:resumed|continued)\)\s+)?"
    r"(?:plenary\s+)?meeting)\b",
    re.IGNORECASE,
)
# "Security Council Resolution 660 (1990)", "Resolution 2223 (2015)"
_SC_RESOLUTION = re.compile(
    r"^(?:UN\s+)?(?:Security\s+Council\s+)?Resolution\s+(?P<number>\d{1,4})"
    r"(?:\s*\((?P<year>(?:19|20)\d{2})\))?(?P<rest>.*)$",
    re.IGNORECASE,
)
# "2097. Review and reappraisal ...", "2097 (XX). Review ...": an old UN title with its number
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:\d{4}/)?\d{1,4}\s*(?:\([A-Z\-]{1,8}\))?\s*\.\s+(?=\S)"  # "2097.", "1973/1779(LIV)."
    r"|(?:RESOLUTION|Resolution|DECISION|Decision)\s+\d{1,3}\s+(?=[A-Z]{2})"  # "RESOLUTION 1 ..."
    r"|\d{1,3}(?:\.\d{1,3}){0,2}\s+(?=[A-Z][a-z]))"  # UNESCO's item number: "5 Report by ..."
)
_VOTE_WORDS = re.compile(
    r"\b(?:votes?\b|unanimously|without\s+(?:a\s+)?vote|by\s+consensus|abstentions?\b)",
    re.IGNORECASE,
)
_DOCUMENT_REFERENCE = re.compile(r"^[(\[]?\s*Doc(?:ument)?s?\b\.?", re.IGNORECASE)
# What follows a title on a web page: "(Doc. EX.CL/199 (VII))", "- Doc. Assembly/AU/14(XVIII)"
_TITLE_TAIL = re.compile(r"\s*[-\u2013(\[]*\s*\bDoc(?:ument)?s?\.?\s.*$", re.IGNORECASE)
_ADOPTED_ON = re.compile(r"\badopted\b[^.;]{0,300}?\bon\s+(?P<rest>.{6,40})", re.IGNORECASE)
# "Distr.: General", alone or after the masthead ("General Assembly Distr.: General").
_DISTRIBUTION = re.compile(r"(?:^|\s)Distr(?:\.|\b)", re.IGNORECASE)
_AGENDA = re.compile(r"^Agenda\s+items?\b", re.IGNORECASE)
_MASTHEAD = re.compile(
    r"^(?:United\s+Nations|General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council|"
    r"Economic\s+and\s+Social\s+Council|Asian[\s\-]African\s+Legal\s+Consultative\s+"
    r"Organi[sz]ation|AALCO|(?:Draft\s+)?Resolutions?(?:\s+adopted\b.*)?|Original\s*:.*|"
    r"Distr\.?\s*:?.*|Limited|Restricted|English|French|Arabic|\(E\)|"
    # Web-page furniture above the text
    r"Reading\s+time\b.*|Download(?:\s+(?:PDF|as\b.*))?|This\s+article\s+is\s+also\s+available.*|"
    r"Skip\s+to\s+(?:main\s+)?content|Breadcrumb|Share\b.{0,30}|Print\b.{0,30}|"
    r"Abstract|Search\s+engine\s+for\b.*|EN|FR|ES|Adopted|For\s+(?:decision|information))$",
    re.IGNORECASE,
)
# "NEW DELHI, 9-12 SEPTEMBER 2013" is a venue, not a title.
_VENUE = re.compile(
    r",[^,]{0,12}\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b.*\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
# What shares a line with the symbol at the top of a UN page.
_MASTHEAD_WORDS = re.compile(
    r"\b(?:United\s+Nations|General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+"
    r"Council|Human\s+Rights\s+Council|Distr\.?\s*:?\s*(?:General|Limited|Restricted)?|"
    r"Original\s*:\s*[A-Z]\w+)(?!\w)",
    re.IGNORECASE,
)
_PARAGRAPH_NUMBER = re.compile(r"^(?P<number>\d{1,3})\s*[.)](?!\d)\s*(?P<rest>.*)$")


@dataclass
class Header:
    symbol: str | None = None
    title: str | None = None
    deliberated: bool | None = None
    adopted_on: datetime.date | None = None
    plain_date: datetime.date | None = None
    distributed_on: datetime.date | None = None
    session_line: int | None = None
    title_line: int | None = None
    un_number: str | None = None  # "80/1" from the title line "80/1. Participation ..."
    sc_symbol: str | None = None  # "S/RES/660 (1990)" from "Security Council Resolution 660 (1990)"
    meeting: str | None = None  # "7451st meeting" from "Adopted ... at its 7451st meeting"
    vote: str | None = None  # "Adopted by 11 votes to none ..." above the text (web copies)
    symbol_title: list[Line] = field(default_factory=list)  # title beside the symbol
    warnings: list[ParseWarning] = field(default_factory=list)


def find_symbol(text: str) -> re.Match[str] | None:
    return SYMBOL.search(normalise_symbol(text))


def other_symbol(text: str) -> tuple[str, str] | None:
    """A symbol of another family at the start of the line, and what follows it."""
    text = normalise_symbol(text)
    stripped = _MASTHEAD_WORDS.sub(" ", text).strip(" ,")
    for pattern in OTHER_SYMBOLS:
        match = pattern.search(stripped)
        # At the start of the line, or after a masthead in capitals
        # ("SEVENTY-SEVENTH WORLD HEALTH ASSEMBLY WHA77.1").
        before = stripped[: match.start()].strip() if match else ""
        if match and (not before or is_upper_line(before)):
            return " ".join(match.group(0).split()), stripped[match.end() :].strip(" ,:-")
    return None


def symbol_line(text: str) -> str | None:
    """The symbol if the line holds nothing else but a date or the UN masthead."""
    text = normalise_symbol(text)
    match = SYMBOL.search(text)
    if not match:
        other = other_symbol(text)
        if other and not other[1]:
            return other[0]
        return None
    rest = _MASTHEAD_WORDS.sub(" ", text[: match.start()] + " " + text[match.end() :])
    rest = rest.strip(" ,()")
    if not rest:
        return match.group(0)
    try:
        if date_only(rest):
            return match.group(0)
    except InvalidDate:
        pass
    return None


def is_enacting(text: str) -> bool:
    match = _ENACTING.match(text)
    # A capital T: "the Council," inside a wrapped paragraph is no enacting line.
    if not match or not text.startswith("T") or len(text) > 320:
        return False
    rest = match.group("rest") or ""
    # All-capital lines are titles ("THE ROLE OF THE GENERAL ASSEMBLY") unless they carry a
    # session or the comma that introduces the paragraphs.
    if text.isupper():
        return bool(rest) and (rest[:1] in ",:" or "AT ITS" in rest)
    return True


def paragraph_number(text: str) -> tuple[int, str] | None:
    match = _PARAGRAPH_NUMBER.match(text)
    if not match:
        return None
    return int(match.group("number")), match.group("rest")


def opens_body(text: str) -> bool:
    """Does this line open a preambular or operative paragraph, by the curated words?"""
    numbered = paragraph_number(text)
    if numbered:
        rest = numbered[1]
        return numbered[0] == 1 and (not rest or operative_verb(rest, any_case=True) is not None)
    return (
        preambular_verb(text, curated_only=True) is not None
        or operative_verb(text, curated_only=True) is not None
    )


def _numbered_paragraph(text: str) -> bool:
    """ "2. Urges ...": a paragraph of its own, never the wrapped end of an enacting line."""
    numbered = paragraph_number(text)
    return numbered is not None and numbered[1][:1].isupper()


def find_enacting(lines: Sequence[Line], lexicon: Lexicon) -> tuple[int, int, str | None]:
    """(first body index, enacting line index or -1, enacting text).

    Without an enacting line, the body starts at the first paragraph opener.
    """
    for i, line in enumerate(lines):
        numbered = paragraph_number(line.text)
        if numbered and numbered[0] == 1 and numbered[1][:1].isupper():
            break  # the enacting line comes before the operative paragraphs or not at all
        if line.text and is_enacting(line.text):
            parts = [line.text]
            end = i + 1
            # The enacting line may wrap: "... at its Fifty-" / "Second Session,"
            while (
                end < len(lines)
                and len(parts) < 3
                and lines[end].text
                and not parts[-1].endswith((",", ":", ";"))
                and not opens_body(lines[end].text)
                and not _numbered_paragraph(lines[end].text)
                and len(lines[end].text) < 80
            ):
                parts.append(lines[end].text)
                end += 1
            return end, i, join_lines(parts, lexicon)
    # Only the curated openers count here: a title may well start with a participle.
    for i, line in enumerate(lines):
        if line.text and opens_body(line.text):
            return i, -1, None
    return len(lines), -1, None


def enacting_session(enacting: str | None) -> int | None:
    if not enacting:
        return None
    match = _ENACTING_SESSION.search(enacting)
    return parse_ordinal(match.group("ordinal")) if match else None


def symbol_session(symbol: str | None) -> int | None:
    """52 from "AALCO/RES/52/S 5", 80 from "A/RES/80/1"; None for "S/RES/2720".

    Also 18 from "Assembly/AU/Dec.402(XVIII)", 77 from "WHA77.1", 44 from "1/44-POL".
    """
    if not symbol:
        return None
    if symbol.startswith("S/"):
        return None
    for pattern in OTHER_SYMBOLS:
        match = pattern.fullmatch(symbol)
        if not match:
            continue
        for name, value in match.groupdict().items():
            if value:
                return roman_value(value) if name == "roman" else int(value)
        return None
    roman = re.search(r"\((?P<roman>[IVXLC]{1,8})\)\s*$", symbol)
    if roman:  # "A/RES/2097 (XX)"
        return roman_value(roman["roman"])
    parts = symbol.split("/")
    try:
        res = parts.index("RES")
    except ValueError:
        return None
    for index in range(res + 1, len(parts) - 1):
        if parts[index].isdigit() and int(parts[index]) < 1000:  # not "E/RES/2023/1"
            return int(parts[index])
    return None


def header_meeting(text: str) -> str | None:
    match = _MEETING_IN_TEXT.search(text)
    return " ".join(match["meeting"].split()) if match else None


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and text.upper() == text and any(c.isupper() for c in letters)


class _HeaderReader:
    """Reads the header line by line; each kind of line has its own small handler."""

    def __init__(self) -> None:
        self.header = Header()
        self.upper_block: list[Line] = []
        self.other_block: list[Line] = []
        self.upper_title: list[Line] = []
        self.other_title: list[Line] = []
        self.un_title: list[Line] = []
        self.collecting_un_title = False
        self.in_agenda = False
        self.after_distribution = False

    def feed(self, line: Line) -> None:
        if not line.text:
            self._close_blocks()
            self.in_agenda = self.collecting_un_title = False
            return
        if self.collecting_un_title:
            self.un_title.append(line)  # "79/160. Protection of" / "migrants"
            return
        line = self._marker(line)
        if not line.text:
            return
        for handler in (
            self._symbol,
            self._other_symbol,
            self._sc_resolution,
            self._distribution,
            self._un_title_line,
            self._agenda,
            self._date,
            self._session,
            self._furniture,
        ):
            if handler(line):
                self._close_blocks()
                return
        self._title_candidate(line)

    def _close_blocks(self) -> None:
        # The last block in capitals before the text is the title: what comes earlier is
        # the meeting's name ("33rd INTERNATIONAL CONFERENCE OF THE RED CROSS ...").
        if self.upper_block:
            self.upper_title = self.upper_block
        if self.other_block:
            self.other_title = self.other_block
        self.upper_block, self.other_block = [], []

    def _marker(self, line: Line) -> Line:
        """Take "(Non-Deliberated)" off the line, alone or after the title."""
        match = DELIBERATION_MARKER.search(line.text)
        if not match or not (
            match.group(0).startswith("(") or DELIBERATION_MARKER.fullmatch(line.text)
        ):
            return line
        self.header.deliberated = not match.group("non")
        return Line(line.number, (line.text[: match.start()] + line.text[match.end() :]).strip())

    def _symbol(self, line: Line) -> bool:
        symbol = symbol_line(line.text)
        if not symbol:
            return False
        self.header.symbol = self.header.symbol or symbol
        rest = normalise_symbol(line.text).replace(symbol, "").strip(" ,()")
        if self._distribution(Line(line.number, rest)):
            pass  # "A/RES/80/1 Distr.: General 19 September 2025"
        elif rest and (value := self._date_of(rest, line.number)):
            self.header.plain_date = self.header.plain_date or value
        return True

    def _other_symbol(self, line: Line) -> bool:
        """ "Assembly/AU/Dec.108 (VI) DECISION ON ...": the symbol, perhaps with the title."""
        found = other_symbol(line.text)
        if not found:
            return False
        symbol, rest = found
        self.header.symbol = self.header.symbol or symbol
        if rest and not self.header.symbol_title and not _safe_find_date(rest)[1]:
            self.header.symbol_title = [Line(line.number, rest)]
        return True

    def _sc_resolution(self, line: Line) -> bool:
        """ "Security Council Resolution 660 (1990), 2 August 1990" (web copies)."""
        match = _SC_RESOLUTION.match(line.text)
        if not match:
            return False
        rest = match["rest"].strip(" ,.")
        found, date_match = _safe_find_date(rest)
        if rest and (date_match is None or rest[date_match.end() :].strip(" ,.")):
            return False
        if match["year"]:
            self.header.sc_symbol = f"S/RES/{match['number']} ({match['year']})"
        else:
            self.header.sc_symbol = f"S/RES/{match['number']}"
        self.header.plain_date = self.header.plain_date or found
        return True

    def _distribution(self, line: Line) -> bool:
        if not _DISTRIBUTION.search(line.text):
            return False
        found, _match = _safe_find_date(line.text)
        self.header.distributed_on = self.header.distributed_on or found
        # "Distr.: General" alone: the distribution date is the next date line.
        self.after_distribution = found is None
        return True

    def _un_title_line(self, line: Line) -> bool:
        match = _UN_TITLE.match(line.text)
        if not match:
            return False
        self.un_title = [Line(line.number, match.group("title"))]
        self.header.un_number = self.header.un_number or match.group("number")
        self.collecting_un_title = True
        return True

    def _agenda(self, line: Line) -> bool:
        # "Agenda item 71 (b)" and the item's title on the lines under it, up to a blank line.
        if _AGENDA.match(line.text):
            self.in_agenda = True
        return self.in_agenda

    def _date(self, line: Line) -> bool:
        text = line.text
        if "|" in text:  # "Record of decisions | 27 March 2012" on a web page
            text = text.rsplit("|", 1)[1].strip()
        value = self._date_of(text, line.number)
        if value is None:
            return False
        if self.after_distribution:
            self.header.distributed_on = self.header.distributed_on or value
            self.after_distribution = False
        else:
            self.header.plain_date = self.header.plain_date or value
        return True

    def _session(self, line: Line) -> bool:
        match = _SESSION_LINE.match(line.text)
        number = parse_ordinal(match.group("ordinal")) if match else None
        if number is None:
            return False
        self.header.session_line = self.header.session_line or number
        return True

    def _furniture(self, line: Line) -> bool:
        text = line.text
        if re.match(r"^\[?adopted\b", text, re.IGNORECASE) and (
            _MEETING_IN_TEXT.search(text) or _VOTE_WORDS.search(text)
        ):
            self.header.meeting = self.header.meeting or header_meeting(text)
            if _VOTE_WORDS.search(text):
                self.header.vote = self.header.vote or " ".join(text.strip("[] .").split())
            return True
        return (
            bool(_MASTHEAD.match(text))
            or text.startswith("[")
            or bool(_DOCUMENT_REFERENCE.match(text))
            or is_anchor(text, None)
        )

    def _title_candidate(self, line: Line) -> None:
        if _VENUE.search(line.text):
            self._close_blocks()
        elif is_upper_line(line.text):
            if self.other_block:
                self._close_blocks()
            self.upper_block.append(line)
        else:
            if self.upper_block:
                self._close_blocks()
            self.other_block.append(line)

    def _date_of(self, text: str, line: int) -> datetime.date | None:
        try:
            return date_only(text)
        except InvalidDate:
            self.header.warnings.append(ParseWarning(line, f"'{text}' is not a real date"))
            return None

    def finish(self, lines: Sequence[Line], lexicon: Lexicon) -> Header:
        self._close_blocks()
        header = self.header
        header.adopted_on = _adoption_date(lines)
        # A UN "80/1. Title" line is certain; an all-capital AALCO title nearly so; otherwise
        # the last block of lines we could not place is the best guess.
        chosen = self.un_title or self.upper_title or header.symbol_title or self.other_title
        if chosen:
            title = join_lines([t.text for t in chosen], lexicon).rstrip(" *")
            title = _TITLE_TAIL.sub("", _NUMBERED_TITLE.sub("", title)).strip(" -\u2013,")
            header.title = title or None
            header.title_line = chosen[0].number
        header.meeting = header.meeting or header_meeting(" ".join(t.text for t in lines))
        return header


def parse_header(lines: Sequence[Line], lexicon: Lexicon) -> Header:
    reader = _HeaderReader()
    for line in lines:
        reader.feed(line)
    return reader.finish(lines, lexicon)


def _safe_find_date(text: str) -> tuple[datetime.date | None, re.Match[str] | None]:
    try:
        return find_date(text)
    except InvalidDate:
        return None, None


def _adoption_date(lines: Sequence[Line]) -> datetime.date | None:
    """The date in "Resolution adopted by the General Assembly on 19 September 2025".

    The phrase is often wrapped over two lines, so the header is read as one string.
    """
    joined = " ".join(line.text for line in lines if line.text)
    for match in _ADOPTED_ON.finditer(joined):
        value, found = _safe_find_date(match.group("rest"))
        if found is not None and found.start() == 0:
            return value
    return None
