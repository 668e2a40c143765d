"""From text to ParsedResolution: the pipeline that runs the other modules in order."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence

from . import followup
from .closing import split_tail
from .errors import ParseWarning, ResolutionParseError
from .footnotes import assign_footnotes
from .header import (
    Header,
    enacting_session,
    find_enacting,
    find_symbol,
    parse_header,
    symbol_session,
)
from .layout import strip_page_furniture
from .model import (
    Addressees,
    Footnote,
    Operative,
    ParsedResolution,
    Preambular,
    Section,
    Subparagraph,
)
from .runon import split_run_together
from .splitting import split_resolutions
from .structure import RawParagraph, RawSub, segment
from .text import Lexicon, Line, join_lines, split_lines
from .treaties import DEFAULT_REGISTRY, TreatyRegistry
from .vocabulary import (
    base_operative_verb,
    operative_verb,
    past_operative_verb,
    preambular_verb,
)

TreatyAliases = Mapping[str, Iterable[str]]


def parse_resolution(text: str, *, treaty_aliases: TreatyAliases | None = None) -> ParsedResolution:
    """Parse one resolution. Raises ResolutionParseError when the text is not one."""
    chunks, warnings = _chunks(text)
    if len(chunks) > 1:
        raise ResolutionParseError(
            f"the text holds {len(chunks)} resolutions and the second starts here; "
            "import them one at a time",
            chunks[1][0].number,
        )
    registry = _registry(treaty_aliases)
    return _parse_chunk(chunks[0], registry, warnings)


def parse_many(text: str, *, treaty_aliases: TreatyAliases | None = None) -> list[ParsedResolution]:
    """Parse every resolution in the text, in order."""
    chunks, warnings = _chunks(text)
    registry = _registry(treaty_aliases)
    results = []
    for chunk in chunks:
        first, last = chunk[0].number, chunk[-1].number
        own = [w for w in warnings if w.line is None or first <= w.line <= last]
        results.append(_parse_chunk(chunk, registry, own))
    return results


def _registry(treaty_aliases: TreatyAliases | None) -> TreatyRegistry:
    return TreatyRegistry.build(treaty_aliases) if treaty_aliases else DEFAULT_REGISTRY


def _chunks(text: str) -> tuple[list[list[Line]], list[ParseWarning]]:
    if not isinstance(text, str):
        raise TypeError(f"expected the resolution as str, got {type(text).__name__}")
    lines, warnings = split_lines(text)
    if not any(line.text for line in lines):
        raise ResolutionParseError("the text is empty")
    return split_resolutions(split_run_together(lines)), warnings


def _parse_chunk(
    lines: Sequence[Line], registry: TreatyRegistry, warnings: list[ParseWarning]
) -> ParsedResolution:
    warnings = list(warnings)
    lexicon = Lexicon.from_lines(lines)
    header_end, body_start, enacting = _header_bounds(lines, lexicon)
    header_lines = lines[:header_end]
    header = parse_header(header_lines, lexicon)
    warnings += header.warnings
    body_line = lines[body_start].number if body_start < len(lines) else None
    if enacting is None:
        warnings.append(
            ParseWarning(body_line, "no enacting line found (such as 'The General Assembly,')")
        )

    body, raw_footnotes = strip_page_furniture(
        lines[body_start:], header.symbol, header.title, lexicon
    )
    body, tail = split_tail(body, lexicon)
    raw_footnotes += tail.footnotes
    warnings += tail.warnings
    raw_paragraphs, raw_sections, segment_warnings = segment(body)
    warnings += segment_warnings
    _check_operative_found(raw_paragraphs, enacting, body_line, warnings)
    _recover_symbol(header, header_lines, enacting, warnings)
    session = _session(header, enacting, warnings)
    assigned = assign_footnotes(raw_paragraphs, raw_footnotes, warnings)
    preambular: list[Preambular] = []
    operative: list[Operative] = []
    for paragraph, footnotes in zip(raw_paragraphs, assigned, strict=True):
        if paragraph.kind == "preambular":
            preambular.append(_preambular(paragraph, footnotes, lexicon, warnings))
        else:
            operative.append(_operative(paragraph, footnotes, lexicon, session, registry, warnings))
    date = _date(header, tail.meeting_date, warnings, lines[0].number)
    _warn_missing(header, session, lines[0].number, warnings)

    all_text = " ".join([*(p.text for p in preambular), *(o.full_text() for o in operative)])
    treaties = registry.find(all_text)
    operative = [_sole_treaty(o, treaties, warnings) for o in operative]
    return ParsedResolution(
        sections=[Section(s.label, s.heading) for s in raw_sections],
        meeting=tail.meeting or header.meeting,
        vote=tail.vote or header.vote,
        symbol=header.symbol,
        date=date,
        session=session,
        title=header.title,
        deliberated=header.deliberated,
        secretariat_document=next(
            (doc for p in preambular if (doc := followup.secretariat_document(p.text))), None
        ),
        body=_body(header.symbol, enacting, [line.text for line in header_lines]),
        enacting_line=enacting,
        preambular=preambular,
        operative=operative,
        treaties=treaties,
        warnings=sorted(warnings, key=lambda w: (w.line is None, w.line or 0)),
    )


def _header_bounds(lines: Sequence[Line], lexicon: Lexicon) -> tuple[int, int, str | None]:
    """Where the header ends, where the body starts, and the enacting line if any."""
    body_start, enacting_index, enacting = find_enacting(lines, lexicon)
    header_end = enacting_index if enacting_index >= 0 else body_start
    part = _part_heading_before(lines, header_end)
    if part is not None:
        # "A. Information in the service of humanity" above the first "The General
        # Assembly,": the resolution is in parts; the body starts with part A.
        header_end = body_start = part
    return header_end, body_start, enacting


def _check_operative_found(
    raw_paragraphs: Sequence[RawParagraph],
    enacting: str | None,
    line: int | None,
    warnings: list[ParseWarning],
) -> None:
    """No operative paragraph: a warning, or a refusal when nothing says it is a resolution."""
    if any(p.kind == "operative" for p in raw_paragraphs):
        return
    if enacting is None:
        # No enacting formula and no operative verb anywhere: not a resolution at all.
        raise ResolutionParseError("no operative paragraphs found — is this a resolution?")
    warnings.append(ParseWarning(line, "no operative paragraphs found; add them before saving"))


def _recover_symbol(
    header: Header, header_lines: Sequence[Line], enacting: str | None, warnings: list[ParseWarning]
) -> None:
    """A symbol the header did not state where expected, found elsewhere, with a warning."""
    if (
        header.symbol is None
        and header.un_number
        and "general assembly" in (enacting or "").lower()
    ):
        # Text copied from the UN website starts at "Resolution adopted by ..." and lacks the
        # symbol, but "79/160. Protection of migrants" names it.
        header.symbol = f"A/RES/{header.un_number}"
        warnings.append(
            ParseWarning(header.title_line, f"symbol {header.symbol} taken from the title line")
        )
    if header.symbol is None:
        # A copy whose header runs on one line ("... Distr. GENERAL S/RES/660 (1990) 2 August
        # 1990 ..."): the first symbol of the UN kind in the header, with a warning.
        loose = next((m for line in header_lines if (m := find_symbol(line.text))), None)
        if loose is not None:
            header.symbol = loose.group(0)
            warnings.append(ParseWarning(None, f"symbol {header.symbol} read inside a header line"))
    if header.symbol is None and header.sc_symbol:
        header.symbol = header.sc_symbol
        warnings.append(ParseWarning(None, f"symbol {header.symbol} taken from the heading"))


def _warn_missing(
    header: Header, session: int | None, first_line: int, warnings: list[ParseWarning]
) -> None:
    if session is None:
        warnings.append(ParseWarning(first_line, "no session found"))
    if header.symbol is None:
        warnings.append(ParseWarning(first_line, "no symbol found (such as AALCO/RES/52/S 5)"))
    if header.title is None:
        warnings.append(ParseWarning(first_line, "no title found"))


_PART_HEADING = re.compile(r"^[A-H](?:\.?$|\.\s+\S.{0,200}$)")


def _part_heading_before(lines: Sequence[Line], index: int) -> int | None:
    """Index of a part heading ("A", "A. Heading") right above the enacting line, if any."""
    content = [i for i in range(max(index - 6, 0), index) if lines[i].text][-2:]
    for i in content:
        if _PART_HEADING.match(lines[i].text):
            return i
    return None


def _sole_treaty(
    operative: Operative, treaties: list[str], warnings: list[ParseWarning]
) -> Operative:
    """Name the treaty of "States that have not yet done so to become parties to the Convention".

    When the resolution names exactly one treaty, "the Convention" is that one; the warning
    asks the user to confirm.
    """
    if operative.addressees != Addressees.NON_PARTIES or operative.treaties or len(treaties) != 1:
        return operative
    warnings.append(
        ParseWarning(
            operative.line,
            f"operative paragraph {operative.number} names no treaty; "
            f"taken to be {treaties[0]}, the only one the resolution names",
        )
    )
    return dataclasses.replace(operative, treaties=list(treaties))


# Which body adopted the text: by its symbol first, then by its enacting formula, then by
# what the header says. Order matters: "Human Rights Council" before "General Assembly".
_BODY_BY_SYMBOL = [
    ("aalco", re.compile(r"^(?:AALCO/|AALCC/)|^RES/\d+/(?:S|SP|ORG)\s?\d")),
    ("un_hrc", re.compile(r"^A/HRC/")),
    ("un_ga", re.compile(r"^A/RES/")),
    ("un_sc", re.compile(r"^S/RES/")),
    ("ecosoc", re.compile(r"^E/RES/|^E/\d{4}/")),
    ("who", re.compile(r"^(?:WHA\d|EB\d|[A-Z]{2,4}/RC\d)")),
    ("unesco", re.compile(r"^\d{1,3}\s?(?:C|EX)/")),
    ("au", re.compile(r"^(?:Assembly/AU|EX\.?\s?CL|CM/|AHG/|AHSG/|PSC/)", re.IGNORECASE)),
    ("icrc", re.compile(r"^(?:CD|\d{2}IC)/")),
    ("oic", re.compile(r"^\d{1,3}/\d{1,2}-[A-Z]")),
    ("asean", re.compile(r"^RES\.\d{1,2}GA/")),
]
_BODY_BY_WORDS = [
    ("aalco", re.compile(r"asian[\s-]african|\baalc[co]\b", re.IGNORECASE)),
    ("icrc", re.compile(r"council of delegates|red cross|red crescent", re.IGNORECASE)),
    ("ilo", re.compile(r"international labour|governing body", re.IGNORECASE)),
    ("who", re.compile(r"health assembly|world health|regional committee", re.IGNORECASE)),
    ("asean", re.compile(r"\basean\b|south[\s-]east asian nations|\baipa\b", re.IGNORECASE)),
    ("oic", re.compile(r"islamic|\boic\b|foreign ministers", re.IGNORECASE)),
    ("un_hrc", re.compile(r"human rights council", re.IGNORECASE)),
    ("un_sc", re.compile(r"security council", re.IGNORECASE)),
    ("ecosoc", re.compile(r"economic and social council", re.IGNORECASE)),
    ("un_ga", re.compile(r"general assembly", re.IGNORECASE)),
    ("unesco", re.compile(r"unesco|general conference", re.IGNORECASE)),
    (
        "au",
        re.compile(
            r"african union|african unity|\bOAU\b|\bAU\b|executive council|"
            r"assembly of heads of state|council of ministers",
            re.IGNORECASE,
        ),
    ),
]


def _body(symbol: str | None, enacting: str | None, header: Sequence[str] = ()) -> str:
    for body, pattern in _BODY_BY_SYMBOL:
        if symbol and pattern.search(symbol):
            return body
    for source in (enacting or "", " ".join(header)):
        for body, pattern in _BODY_BY_WORDS:
            if pattern.search(source):
                return body
    if (enacting or "").strip(" ,:").lower() == "the assembly":
        return "au"
    return "other"


def _session(header: Header, enacting: str | None, warnings: list[ParseWarning]) -> int | None:
    sources = [
        ("the enacting line", enacting_session(enacting)),
        ("the session line", header.session_line),
        ("the symbol", symbol_session(header.symbol)),
    ]
    known = [(name, value) for name, value in sources if value is not None]
    if not known:
        return None
    name, value = known[0]
    for other, other_value in known[1:]:
        if other_value != value:
            warnings.append(
                ParseWarning(
                    None, f"{name} says session {value} but {other} says session {other_value}"
                )
            )
    return value


def _date(
    header: Header,
    meeting_date: datetime.date | None,
    warnings: list[ParseWarning],
    first_line: int | None = None,
) -> datetime.date | None:
    date = header.adopted_on or header.plain_date or meeting_date
    if date is None and header.distributed_on:
        warnings.append(
            ParseWarning(None, "only the distribution date was found; check the adoption date")
        )
        return header.distributed_on
    if date is None:
        warnings.append(ParseWarning(first_line, "no date found"))
    elif meeting_date and meeting_date != date:
        warnings.append(
            ParseWarning(
                None,
                f"the closing lines give {meeting_date.isoformat()}, the header {date.isoformat()}",
            )
        )
    return date


def _preambular(
    paragraph: RawParagraph,
    footnotes: list[Footnote],
    lexicon: Lexicon,
    warnings: list[ParseWarning],
) -> Preambular:
    text = join_lines(paragraph.parts, lexicon)
    verb = preambular_verb(text) or preambular_verb(text, curated_only=True, any_case=True)
    if verb is None:
        verb = ""
        if paragraph.line not in {w.line for w in warnings}:
            warnings.append(
                ParseWarning(paragraph.line, "preambular paragraph opens with no known phrase")
            )
    return Preambular(
        verb=verb, text=text, footnotes=footnotes, line=paragraph.line, section=paragraph.section
    )


def _subparagraph(sub: RawSub, lexicon: Lexicon) -> Subparagraph:
    return Subparagraph(
        label=sub.label,
        text=join_lines(sub.parts, lexicon),
        children=[_subparagraph(child, lexicon) for child in sub.children],
        line=sub.line,
    )


def _operative(
    paragraph: RawParagraph,
    footnotes: list[Footnote],
    lexicon: Lexicon,
    session: int | None,
    registry: TreatyRegistry,
    warnings: list[ParseWarning],
) -> Operative:
    assert paragraph.number is not None
    text = join_lines(paragraph.parts, lexicon)
    subparagraphs = [_subparagraph(sub, lexicon) for sub in paragraph.subs]
    verb = operative_verb(text, any_case=True)
    if verb is None and not paragraph.numbered:
        verb = past_operative_verb(text)
    if verb is None:
        verb = base_operative_verb(text)
    if verb is None and (adjective := preambular_verb(text, curated_only=True, any_case=True)):
        # "4. AWARE of the challenges ...": a numbered paragraph in the preamble's style
        warnings.append(
            ParseWarning(
                paragraph.line,
                f"operative paragraph {paragraph.number} opens like a preambular one "
                f"('{adjective}')",
            )
        )
        verb = adjective
    if verb is None:
        verb = ""
        warnings.append(
            ParseWarning(
                paragraph.line, f"operative paragraph {paragraph.number} opens with no verb"
            )
        )
    derived = followup.derive(
        verb=verb,
        text=text,
        subparagraph_texts=[sub.all_text() for sub in subparagraphs],
        session=session,
        registry=registry,
    )
    return Operative(
        number=paragraph.number,
        verb=verb,
        text=text,
        subparagraphs=subparagraphs,
        requests_report=derived.requests_report,
        addressees=derived.addressees,
        treaties=derived.treaties,
        carries_to_session=derived.carries_to_session,
        footnotes=footnotes,
        line=paragraph.line,
        section=paragraph.section,
        numbered=paragraph.numbered,
    )
