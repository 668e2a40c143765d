"""A saved resolution as Akoma Ntoso 3.0 (OASIS LegalDocML), the way the UN's AKN4UN guidelines
mark up resolutions: `<statement name="resolution">` with its FRBR identification, a preface
(symbol, date, title), a preamble (enacting formula, preambular paragraphs as recitals), a
mainBody of numbered paragraphs and sub-paragraphs, and conclusions. Validated against the
official schema shipped in `resolutions/data/akn/` (see `validate_akoma_ntoso`)."""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path

from django.utils import timezone
from lxml import etree

from .models import Paragraph, Resolution
from .parser.akn import AKN_NS

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "akn" / "akomantoso30.xsd"
MEDIA_TYPE = "application/akn+xml"
AUTHORS = {
    "aalco": ("aalco", "Asian-African Legal Consultative Organization"),
    "un_ga": ("generalAssembly", "United Nations General Assembly"),
    "un_sc": ("securityCouncil", "United Nations Security Council"),
    "un_hrc": ("humanRightsCouncil", "Human Rights Council"),
    "ecosoc": ("ecosoc", "Economic and Social Council"),
    "who": ("wha", "World Health Assembly"),
    "unesco": ("unesco", "UNESCO General Conference"),
    "ilo": ("ilo", "International Labour Conference"),
    "au": ("africanUnion", "African Union"),
    "icrc": ("redCrossMovement", "International Red Cross and Red Crescent Movement"),
    "asean": ("asean", "ASEAN"),
    "oic": ("oic", "Organisation of Islamic Cooperation"),
}


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{AKN_NS}}}{tag}", {k: str(v) for k, v in attrs.items() if v is not None}
    )
    if text:
        element.text = text
    return element


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "resolution"


def _eid(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_") or "x"


def _frbr(meta, resolution: Resolution, author: str, generated: datetime.date) -> None:
    country = "un"
    adopted = resolution.adopted_on.isoformat()
    work = f"/akn/{country}/statement/resolution/{author}/{adopted}/{_slug(resolution.symbol)}"
    identification = _el(meta, "identification", source=f"#{author}")
    for level, this, uri, date, name in (
        ("FRBRWork", f"{work}/!main", work, resolution.adopted_on, "adoption"),
        ("FRBRExpression", f"{work}/eng@/!main", f"{work}/eng@", resolution.adopted_on, "adoption"),
        (
            "FRBRManifestation",
            f"{work}/eng@/!main.xml",
            f"{work}/eng@.akn",
            generated,
            "generation",
        ),
    ):
        frbr = _el(identification, level)
        _el(frbr, "FRBRthis", value=this)
        _el(frbr, "FRBRuri", value=uri)
        _el(frbr, "FRBRdate", date=date.isoformat(), name=name)
        _el(frbr, "FRBRauthor", href=f"#{author}")
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value=country)
            _el(frbr, "FRBRnumber", value=resolution.symbol)
            _el(frbr, "FRBRname", value=resolution.symbol)
        if level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", language="eng")


def _footnotes(parent, footnotes: list[dict]) -> None:
    for i, note in enumerate(footnotes or [], 1):
        marker = str(note.get("marker") or i)
        container = _el(
            parent,
            "authorialNote",
            marker=marker,
            placement="bottom",
            eId=f"{parent.get('eId', 'p')}__authorialNote_{i}",
        )
        _el(container, "p", note.get("text", ""))


def _subparagraphs(parent, subs: list[dict], prefix: str) -> None:
    for sub in subs or []:
        label = str(sub.get("label", ""))
        eid = f"{prefix}__subpara_{_eid(label)}"
        node = _el(parent, "subparagraph", eId=eid)
        _el(node, "num", f"({label})")
        children = sub.get("children") or []
        if children:
            _el(_el(node, "intro"), "p", sub.get("text", ""))
            _subparagraphs(node, children, eid)
        else:
            _el(_el(node, "content"), "p", sub.get("text", ""))


def _paragraph(parent, paragraph: Paragraph, eid: str) -> None:
    node = _el(parent, "paragraph", eId=eid)
    _el(node, "num", f"{paragraph.number}.")
    holder = _el(node, "intro" if paragraph.subparagraphs else "content")
    p = _el(holder, "p")
    text = paragraph.text
    if paragraph.verb and text.startswith(paragraph.verb):
        verb = _el(p, "span", paragraph.verb, **{"class": "verb"})
        verb.tail = text[len(paragraph.verb) :]
    else:
        p.text = text
    _footnotes(p, paragraph.footnotes)
    _subparagraphs(node, paragraph.subparagraphs, eid)


def _enacting_line(resolution: Resolution) -> str | None:
    if not resolution.source_text:
        return None
    from .parser import ResolutionParseError, parse_resolution

    try:
        return parse_resolution(resolution.source_text).enacting_line
    except ResolutionParseError:
        return None


def resolution_akoma_ntoso(
    resolution: Resolution, *, paragraphs: list[Paragraph] | None = None
) -> bytes:
    """The resolution as an Akoma Ntoso 3.0 document (UTF-8 bytes with an XML declaration)."""
    if paragraphs is None:
        paragraphs = list(resolution.paragraphs.order_by("order"))
    author, author_name = AUTHORS.get(resolution.body, ("author", resolution.get_body_display()))
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    statement = _el(root, "statement", name="resolution")
    meta = _el(statement, "meta")
    _frbr(meta, resolution, author, timezone.localdate())
    references = _el(meta, "references", source=f"#{author}")
    _el(
        references,
        "TLCOrganization",
        eId=author,
        href=f"/ontology/organization/{author}",
        showAs=author_name,
    )

    _preface(statement, resolution)
    preambular = [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR]
    _preamble(statement, _enacting_line(resolution), preambular)
    _main_body(statement, [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE])
    meeting = getattr(resolution, "meeting", "")
    if meeting:
        _el(_el(statement, "conclusions"), "p", meeting)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _preface(statement: etree._Element, resolution: Resolution) -> None:
    preface = _el(statement, "preface")
    _el(_el(preface, "p", **{"class": "symbol"}), "docNumber", resolution.symbol)
    _el(
        _el(preface, "p", **{"class": "date"}),
        "docDate",
        f"{resolution.adopted_on:%d %B %Y}",
        date=resolution.adopted_on.isoformat(),
    )
    _el(_el(preface, "p", **{"class": "title"}), "docTitle", resolution.title)


def _preamble(statement: etree._Element, enacting: str | None, preambular: list[Paragraph]) -> None:
    """The enacting formula and the recitals, when there are any."""
    if not enacting and not preambular:
        return
    preamble = _el(statement, "preamble")
    if enacting:
        _el(_el(preamble, "formula", name="enactingFormula"), "p", enacting)
    if preambular:
        recitals = _el(preamble, "recitals", eId="recitals")
        for i, paragraph in enumerate(preambular, 1):
            recital = _el(recitals, "recital", eId=f"recital_{i}")
            p = _el(recital, "p", paragraph.text)
            p.set("eId", f"recital_{i}__p_1")
            _footnotes(p, paragraph.footnotes)


def _main_body(statement: etree._Element, operative: list[Paragraph]) -> None:
    """The operative paragraphs, each section's in its own container."""
    body = _el(statement, "mainBody")
    sections: dict[str, etree._Element] = {}
    for paragraph in operative:
        section = getattr(paragraph, "section", "") or ""
        parent = body
        if section:
            if section not in sections:
                sections[section] = _el(
                    body, "hcontainer", name="section", eId=f"hcontainer_{_eid(section)}"
                )
                _el(sections[section], "num", section)
            parent = sections[section]
        prefix = f"sec_{_eid(section)}__" if section else ""
        _paragraph(parent, paragraph, f"{prefix}para_{paragraph.number}")
    if not operative:
        _el(_el(body, "hcontainer", name="empty", eId="hcontainer_empty"), "content").append(
            etree.Element(f"{{{AKN_NS}}}p")
        )


@functools.cache
def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))


def validate_akoma_ntoso(data: bytes) -> list[str]:
    """The schema's complaints about the document ([] when it is valid Akoma Ntoso 3.0)."""
    schema = _schema()
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
