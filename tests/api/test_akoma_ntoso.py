"""Resolutions as Akoma Ntoso 3.0: valid against the official schema, and importable."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from resolutions.akn import resolution_akoma_ntoso, validate_akoma_ntoso
from resolutions.models import Paragraph, Resolution
from resolutions.parser import ResolutionParseError
from resolutions.parser.akn import AKN_NS, parse_akoma_ntoso
from resolutions.services.documents import extract_text
from resolutions.services.imports import ImportRefused, import_resolution

from ..factories import ParagraphFactory

pytestmark = pytest.mark.django_db
NS = {"a": AKN_NS}


def test_the_seed_validates_against_the_official_schema(client_for, observer, seed_resolution):
    response = client_for(observer).get(f"/api/resolutions/{seed_resolution.pk}/akoma-ntoso/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/akn+xml")
    assert validate_akoma_ntoso(response.content) == []
    root = etree.fromstring(response.content)
    statement = root.find("a:statement", NS)
    assert statement.get("name") == "resolution"
    assert root.findtext(".//a:docNumber", namespaces=NS) == "AALCO/RES/52/S 5"
    assert root.find(".//a:docDate", NS).get("date") == "2013-09-12"
    operative = seed_resolution.paragraphs.filter(kind="operative")
    assert len(root.findall(".//a:mainBody/a:paragraph", NS)) == operative.count()
    assert (
        len(root.findall(".//a:preamble//a:recital", NS))
        == seed_resolution.paragraphs.filter(kind="preambular").count()
    )
    third = root.find(".//a:paragraph[@eId='para_3']", NS)
    assert third.findtext("a:num", namespaces=NS) == "3."
    assert third.findtext(".//a:span[@class='verb']", namespaces=NS) == "Encourages"


def test_subparagraphs_footnotes_and_nesting_validate(seed_resolution):
    ParagraphFactory(
        resolution=seed_resolution,
        kind="operative",
        number=99,
        order=999,
        verb="Requests",
        text="Requests the Secretariat:",
        subparagraphs=[
            {
                "label": "a",
                "text": "to study;",
                "children": [{"label": "i", "text": "the law;", "children": []}],
            },
            {"label": "b", "text": "to report.", "children": []},
        ],
        footnotes=[{"marker": "1", "text": "See document A/80/1."}],
    )
    document = resolution_akoma_ntoso(seed_resolution)
    assert validate_akoma_ntoso(document) == []
    root = etree.fromstring(document)
    assert root.find(".//a:paragraph[@eId='para_99']/a:subparagraph/a:subparagraph", NS) is not None
    assert root.findtext(".//a:authorialNote/a:p", namespaces=NS) == "See document A/80/1."


def test_etag_answers_not_modified(client_for, observer, seed_resolution):
    client = client_for(observer)
    for url in (
        f"/api/resolutions/{seed_resolution.pk}/akoma-ntoso/",
        f"/api/resolutions/{seed_resolution.pk}/",
    ):
        first = client.get(url)
        assert first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        seed_resolution.paragraphs.filter(number=1).update(text=f"Requests {url}")
        changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_round_trip_through_akoma_ntoso(seed_resolution):
    parsed = parse_akoma_ntoso(resolution_akoma_ntoso(seed_resolution))
    stored = list(seed_resolution.paragraphs.filter(kind="operative").order_by("order"))
    assert parsed.symbol == seed_resolution.symbol
    assert parsed.date == seed_resolution.adopted_on
    assert parsed.title == seed_resolution.title
    assert [(o.number, o.verb, o.text) for o in parsed.operative] == [
        (p.number, p.verb, p.text) for p in stored
    ]
    assert [p.text for p in parsed.preambular] == list(
        seed_resolution.paragraphs.filter(kind="preambular")
        .order_by("order")
        .values_list("text", flat=True)
    )


def test_an_akoma_ntoso_file_imports_without_text_guessing(seed_resolution):
    document = resolution_akoma_ntoso(seed_resolution)
    expected = [
        (p.kind, p.number, p.verb, p.text, p.requests_report, p.addressees)
        for p in seed_resolution.paragraphs.order_by("order")
    ]
    treaties = list(
        seed_resolution.paragraphs.filter(treaties__isnull=False).values_list(
            "number", "treaties__short_name"
        )
    )
    text = extract_text(data=document, filename="res.xml")
    Paragraph.objects.filter(resolution=seed_resolution).delete()
    Resolution.objects.filter(pk=seed_resolution.pk).delete()
    again = import_resolution(text=text)
    assert [
        (p.kind, p.number, p.verb, p.text, p.requests_report, p.addressees)
        for p in again.paragraphs.order_by("order")
    ] == expected
    assert (
        list(
            again.paragraphs.filter(treaties__isnull=False).values_list(
                "number", "treaties__short_name"
            )
        )
        == treaties
    )


def test_sections_are_read_from_hcontainers():
    xml = (Path(__file__).parent / "akn_sections.xml").read_bytes()
    parsed = parse_akoma_ntoso(xml)
    assert [s.label for s in parsed.sections] == ["I", "II"]
    assert [(o.section, o.number, o.verb) for o in parsed.operative] == [
        ("I", 1, "Calls upon"),
        ("I", 2, "Requests"),
        ("II", 1, "Encourages"),
    ]
    assert parsed.body == "un_ga" and parsed.meeting.startswith("65th plenary")


@pytest.mark.parametrize(
    "data",
    [
        b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><statement><mainBody/></statement></akomaNtoso>",
        b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><act/></akomaNtoso>",
        b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><statement>",
    ],
)
def test_broken_akoma_ntoso_is_refused_with_a_reason(data):
    with pytest.raises(ResolutionParseError):
        parse_akoma_ntoso(data)
    with pytest.raises(ImportRefused):
        extract_text(data=data, filename="broken.xml")


def test_entities_are_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx">'
        b'<!ENTITY y "&x;&x;&x;&x;&x;&x;">]>'
        b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>"
        b"<statement name='resolution'><mainBody><paragraph><num>1.</num>"
        b"<content><p>Requests &y;</p></content></paragraph></mainBody>"
        b"</statement></akomaNtoso>"
    )
    parsed = parse_akoma_ntoso(bomb)
    assert "xxxxxxxxxx" not in parsed.operative[0].text
