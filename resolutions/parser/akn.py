"""Akoma Ntoso 3.0 (OASIS LegalDocML) for resolutions: read a `statement` into the parser's
dataclasses, so a resolution marked up elsewhere needs no guessing from its layout.

The shape follows the UN's AKN4UN guidelines for resolutions: `<statement name="resolution">`
with a preface (docNumber, docDate, docTitle), a preamble (the enacting formula and the
preambular paragraphs), a mainBody of numbered `<paragraph>`s with `<subparagraph>`s (inside
`<hcontainer name="section">` where the resolution has sections) and conclusions. Pure: lxml
only, no Django; entities and network access are off, so the file cannot reach anything.
"""

from __future__ import annotations

import datetime
import re

from lxml import etree

from .errors import ResolutionParseError
from .model import (
    Footnote,
    Operative,
    ParsedResolution,
    Preambular,
    Section,
    Subparagraph,
)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN_NS}
_NUMBER = re.compile(r"\d+")


def looks_like_akoma_ntoso(data: bytes) -> bool:
    head = data[:2048].lstrip()
    return head.startswith(b"<") and b"akomaNtoso" in head and AKN_NS.encode() in data[:4096]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


def _text(element) -> str:
    """Visible words of an element, footnote bodies left out, whitespace collapsed."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag in (f"{{{AKN_NS}}}authorialNote", f"{{{AKN_NS}}}num"):
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _footnotes(element) -> list[Footnote]:
    return [
        Footnote(marker=note.get("marker") or str(i), text=_text(note))
        for i, note in enumerate(element.iterfind(".//a:authorialNote", NS), 1)
    ]


def _first_words(text: str) -> str:
    """The opening verb phrase: the words before the first lower-case word after the first."""
    words = text.split()
    verb: list[str] = []
    for word in words:
        if verb and not word[:1].isupper():
            break
        verb.append(word.strip(",;:"))
        if len(verb) == 3:
            break
    return " ".join(verb[:1]) if verb else ""


def _label(num: str) -> str:
    return num.strip().strip("().").strip()


def _subparagraphs(parent) -> list[Subparagraph]:
    subs = []
    for node in parent.iterfind("a:subparagraph", NS) or []:
        num = node.find("a:num", NS)
        content = node.find("a:content", NS)
        intro = node.find("a:intro", NS)
        body = content if content is not None else intro
        subs.append(
            Subparagraph(
                label=_label(num.text or "") if num is not None else "",
                text=_text(body) if body is not None else "",
                children=_subparagraphs(node),
            )
        )
    return subs


def _operative(node, section: str, position: int) -> Operative:
    num = node.find("a:num", NS)
    match = _NUMBER.search(num.text or "") if num is not None else None
    content = node.find("a:content", NS)
    intro = node.find("a:intro", NS)
    body = content if content is not None else intro
    text = _text(body) if body is not None else ""
    verb_node = body.find(".//a:span[@class='verb']", NS) if body is not None else None
    return Operative(
        number=int(match.group()) if match else position,
        numbered=match is not None,
        verb=_text(verb_node) if verb_node is not None else _first_words(text),
        text=text,
        subparagraphs=_subparagraphs(node),
        footnotes=_footnotes(node),
        section=section,
    )


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _body(symbol: str) -> str:
    symbol = symbol.strip().upper()
    if symbol.startswith("AALCO/"):
        return "aalco"
    if symbol.startswith("A/RES/"):
        return "un_ga"
    if symbol.startswith("S/RES/"):
        return "un_sc"
    return "other"


def parse_akoma_ntoso(data: bytes) -> ParsedResolution:
    """The resolution in an Akoma Ntoso `statement` (or `doc`) document."""
    document = _document(data)
    symbol = document.find(".//a:preface//a:docNumber", NS)
    title = document.find(".//a:preface//a:docTitle", NS)
    preamble = document.find("a:preamble", NS)
    formula = preamble.find("a:formula", NS) if preamble is not None else None
    preambular = _recitals(preamble) if preamble is not None else []
    operative, sections = _main_body(document.find("a:mainBody", NS), preambular)
    if not operative:
        raise ResolutionParseError("This Akoma Ntoso statement has no operative paragraph.", None)
    conclusions = document.find("a:conclusions", NS)
    meeting = _text(conclusions) if conclusions is not None else None
    session_match = re.search(r"/(\d+)/", symbol.text or "") if symbol is not None else None
    return ParsedResolution(
        symbol=_text(symbol) if symbol is not None else None,
        date=_adopted_on(document),
        session=int(session_match.group(1)) if session_match else None,
        title=_text(title) if title is not None else None,
        deliberated=None,
        secretariat_document=None,
        body=_body(symbol.text if symbol is not None else ""),
        enacting_line=_text(formula) if formula is not None else None,
        preambular=preambular,
        operative=operative,
        sections=sections,
        meeting=meeting or None,
    )


def _document(data: bytes) -> etree._Element:
    """The <statement> (or <doc>) of a well-formed Akoma Ntoso file; else a plain refusal."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ResolutionParseError(
            f"This Akoma Ntoso file is not well-formed XML: {exc}", None
        ) from None
    document = root.find("a:statement", NS)
    if document is None:
        document = root.find("a:doc", NS)
    if root.tag != f"{{{AKN_NS}}}akomaNtoso" or document is None:
        raise ResolutionParseError(
            "This XML file is not an Akoma Ntoso 3.0 statement (no <akomaNtoso><statement>).", None
        )
    return document


def _adopted_on(document: etree._Element) -> datetime.date | None:
    """The preface's docDate, else the work's FRBR date."""
    date = document.find(".//a:preface//a:docDate", NS)
    adopted = _date(date.get("date")) if date is not None else None
    if adopted is None:
        work_date = document.find(".//a:FRBRWork/a:FRBRdate", NS)
        adopted = _date(work_date.get("date")) if work_date is not None else None
    return adopted


def _recitals(preamble: etree._Element) -> list[Preambular]:
    preambular = []
    for recital in preamble.iterfind(".//a:recital", NS):
        text = _text(recital)
        preambular.append(
            Preambular(verb=_first_words(text), text=text, footnotes=_footnotes(recital))
        )
    return preambular


_SECTION_TAGS = (f"{{{AKN_NS}}}hcontainer", f"{{{AKN_NS}}}division", f"{{{AKN_NS}}}part")


def _main_body(
    body: etree._Element | None, preambular: list[Preambular]
) -> tuple[list[Operative], list[Section]]:
    """The operative paragraphs and sections; a section's own recitals join ``preambular``."""
    operative: list[Operative] = []
    sections: list[Section] = []
    for child in body if body is not None else ():
        if child.tag == f"{{{AKN_NS}}}paragraph":
            operative.append(_operative(child, "", len(operative) + 1))
        elif child.tag in _SECTION_TAGS:
            num = child.find("a:num", NS)
            heading = child.find("a:heading", NS)
            label = _label(num.text or "") if num is not None else str(len(sections) + 1)
            sections.append(
                Section(label=label, heading=_text(heading) if heading is not None else "")
            )
            for recital in child.iterfind(".//a:recital", NS):
                text = _text(recital)
                preambular.append(Preambular(verb=_first_words(text), text=text, section=label))
            for count, paragraph in enumerate(child.iterfind("a:paragraph", NS), 1):
                operative.append(_operative(paragraph, label, count))
    return operative, sections
