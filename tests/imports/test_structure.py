"""The import layer never refuses structure: sections, numbering, missing lines, bodies."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from memberstates.models import MemberState
from resolutions.followup import build_follow_up, reporting_paragraphs
from resolutions.models import Paragraph, Resolution, Response, Session
from resolutions.services.imports import (
    ImportEdits,
    ImportRefused,
    ParagraphEdit,
    import_resolution,
    preview_import,
    save_import_batch,
)

from .handmade import sectioned

pytestmark = pytest.mark.django_db

TEXT = "any text: the parser's reading is given by hand"


def test_sections_are_saved_and_paragraphs_cited_by_section(reference_data, parser_reads):
    parser_reads(sectioned())
    resolution = import_resolution(text=TEXT, edits=ImportEdits(resolution={"session": 62}))
    assert resolution.body == Resolution.Body.UN_GA
    assert resolution.session.number == 62
    assert resolution.sections == [
        {"label": "I", "heading": "Legal questions"},
        {"label": "II", "heading": "Migrant workers"},
    ]
    assert (resolution.meeting, resolution.vote) == (
        "55th plenary meeting",
        "Adopted by 160 votes to 2, with 5 abstentions",
    )
    paragraphs = list(resolution.paragraphs.order_by("order"))
    # Each section's own preamble comes before its operative paragraphs.
    assert [(p.kind[0], p.reference or p.section) for p in paragraphs] == [
        ("p", ""),
        ("o", "I.1"),
        ("o", "I.2"),
        ("p", "II"),
        ("o", "II.1"),
        ("o", "II.2"),
    ]
    assert paragraphs[4].label == "A/RES/79/900 ¶II.1"
    assert str(paragraphs[5]) == "A/RES/79/900, para. II.2"
    assert paragraphs[5].treaties.get().short_name == "ICMW"
    # The parser's reading is kept beside what was saved.
    assert resolution.parsed_reading["session"] == 79
    assert resolution.parsed_reading["operative"][2]["section"] == "II"
    assert resolution.corrections == [
        {"where": "resolution", "field": "session", "read": 79, "saved": 62}
    ]


def test_another_bodys_session_is_not_taken_for_an_aalco_session(reference_data, parser_reads):
    # General Assembly session 52 is not AALCO's 52nd session, though that one exists.
    parser_reads(sectioned(session=52, body="un_sc", symbol="S/RES/2700 (2023)"))
    preview = preview_import(text=TEXT)
    assert preview.session is None
    assert [str(p) for p in preview.problems] == [
        "choose the AALCO annual session that follows this resolution up (the text is from "
        "another body: UN Security Council)"
    ]
    with pytest.raises(ImportRefused, match="choose the AALCO annual session"):
        import_resolution(text=TEXT)
    saved = import_resolution(text=TEXT, edits=ImportEdits(resolution={"session": 52}))
    assert (saved.body, saved.session.number) == ("un_sc", 52)


@pytest.mark.parametrize(("body", "stored"), [("who", "who"), ("au", "au"), ("xyz", "other")])
def test_every_body_is_stored_as_itself(reference_data, parser_reads, body, stored):
    parser_reads(sectioned(body=body))
    resolution = import_resolution(text=TEXT, edits=ImportEdits(resolution={"session": 60}))
    assert resolution.body == stored


def test_a_missing_symbol_date_and_session_are_asked_for(reference_data, parser_reads):
    parser_reads(sectioned(symbol=None, date=None, body="aalco", session=None, title=None))
    preview = preview_import(text=TEXT)  # never refused
    assert [str(p) for p in preview.problems] == [
        "no symbol was found: fill in the symbol",
        "no adoption date was found: fill in the date",
        "no session number was found: choose the session",
        "no title was found: fill in the title",
    ]
    with pytest.raises(ImportRefused, match="fill in the symbol"):
        import_resolution(text=TEXT)
    assert not Resolution.objects.exists()
    edits = ImportEdits(
        resolution={
            "symbol": "AALCO/RES/63/S 2",
            "date": datetime.date(2025, 9, 12),
            "session": 63,
            "title": "Law of the Sea",
        }
    )
    resolution = import_resolution(text=TEXT, edits=edits)
    assert resolution.symbol == "AALCO/RES/63/S 2"
    assert {c["field"] for c in resolution.corrections} == {"symbol", "date", "session", "title"}


def test_numbering_gaps_are_warnings_and_repeats_ask_for_a_fix(reference_data, parser_reads):
    reading = sectioned()
    first, second, third, fourth = reading.operative
    # A quoted article read as a second paragraph 2 of section I, and a gap in section II.
    repeated = dataclasses.replace(third, section="I", number=2, line=40)
    gap = dataclasses.replace(fourth, number=4)
    parser_reads(dataclasses.replace(reading, operative=[first, second, repeated, gap]))
    preview = preview_import(text=TEXT, edits=ImportEdits(resolution={"session": 60}))
    assert [str(p) for p in preview.problems] == [
        "line 40: operative paragraph I.2 appears twice (first at line 16): merge them, or "
        "give one another number or section"
    ]
    assert "line 20: operative paragraph II.1 is missing" in [str(w) for w in preview.warnings]
    with pytest.raises(ImportRefused, match="appears twice"):
        import_resolution(text=TEXT, edits=ImportEdits(resolution={"session": 60}))
    # The editor merges the quoted article back into its paragraph: saved.
    rows = [
        ParagraphEdit("preambular", "Recalling its earlier resolutions,", "Recalling", origin=0),
        ParagraphEdit("operative", first.text, first.verb, "I", 1, requests_report=True,
                      addressees="all", origin=2),
        ParagraphEdit("operative", second.text + " " + repeated.text, second.verb, "I", 2,
                      origin=3),
        ParagraphEdit("operative", gap.text, gap.verb, "II", 1, requests_report=True,
                      addressees="non_parties", treaties=("ICMW",), origin=5),
    ]  # fmt: skip
    edits = ImportEdits(resolution={"session": 60}, structure=tuple(rows))
    resolution = import_resolution(text=TEXT, edits=edits)
    assert [p.reference for p in resolution.paragraphs.filter(kind="operative")] == [
        "I.1",
        "I.2",
        "II.1",
    ]
    structure = next(c for c in resolution.corrections if c["where"] == "structure")
    assert structure["read"] == ["preamble 1", "preamble 2", "I.1", "I.2", "I.2", "II.4"]
    assert structure["saved"] == ["preamble 1", "I.1", "I.2", "II.1"]


def test_chosen_states_are_saved_and_followed_up(reference_data, parser_reads):
    parser_reads(sectioned())
    edits = ImportEdits(
        resolution={"session": 62},
        operative={"I.1": {"addressees": "chosen", "states": ["IND", "PHL", "XXX"]}},
    )
    preview = preview_import(text=TEXT, edits=edits)
    first = preview.operative[0]
    assert [s.iso3 for s in first.addressed] == ["IND", "PHL"]
    assert any("not active members: XXX" in str(w) for w in preview.warnings)
    resolution = import_resolution(text=TEXT, edits=edits)
    paragraph = resolution.paragraphs.get(section="I", number=1)
    assert paragraph.addressees == "chosen"
    assert sorted(paragraph.chosen_states.values_list("iso3", flat=True)) == ["IND", "PHL"]
    follow_up = build_follow_up(reporting_paragraphs().filter(pk=paragraph.pk))
    assert sorted(s.iso3 for s in follow_up.paragraphs[0].addressed) == ["IND", "PHL"]


def test_chosen_states_need_at_least_one(reference_data, parser_reads):
    parser_reads(sectioned())
    edits = ImportEdits(
        resolution={"session": 62}, operative={"I.1": {"addressees": "chosen", "states": []}}
    )
    with pytest.raises(ImportRefused, match="choose at least one"):
        import_resolution(text=TEXT, edits=edits)


def test_follow_up_costs_no_extra_query_without_chosen_states(
    seed_resolution, django_assert_num_queries
):
    # paragraphs (+ resolution, session), their treaties, states, statuses, responses,
    # sessions: the chosen states are read only when a paragraph is addressed to them.
    with django_assert_num_queries(6):
        build_follow_up(reporting_paragraphs())


def test_replacing_keeps_answered_paragraphs_by_section_and_number(reference_data, parser_reads):
    parser_reads(sectioned())
    edits = ImportEdits(resolution={"session": 62})
    resolution = import_resolution(text=TEXT, edits=edits)
    answered = resolution.paragraphs.get(section="II", number=2)
    Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=answered,
        cycle=resolution.session,
    )
    reading = sectioned(title="Omnibus resolution (revised)")
    parser_reads(reading)
    again = import_resolution(text=TEXT, edits=edits, replace=True)
    assert again.pk == resolution.pk and again.title.endswith("(revised)")
    assert Response.objects.get().paragraph_id == answered.pk
    # Moving paragraph II.2 away would drop its response: refused, nothing changed.
    moved = [*reading.operative[:3], dataclasses.replace(reading.operative[3], section="III")]
    parser_reads(dataclasses.replace(reading, operative=moved))
    with pytest.raises(ImportRefused, match=r"II\.2 of A/RES/79/900 has 1 responses"):
        import_resolution(text=TEXT, edits=edits, replace=True)
    assert Paragraph.objects.get(pk=answered.pk).section == "II"


def test_a_compilation_saves_one_transaction_per_resolution(reference_data, parser_reads):
    good = sectioned(symbol="A/RES/79/901")
    no_symbol = sectioned(symbol=None)
    aalco = sectioned(symbol="AALCO/RES/63/S 1", body="aalco", session=63)
    parser_reads(good, no_symbol, aalco)
    results = save_import_batch(text=TEXT, indices=[0, 1, 2, 7], session=62)
    assert [(r.index, r.saved) for r in results] == [(0, True), (1, False), (2, True)]
    assert "fill in the symbol" in results[1].error
    assert Resolution.objects.get(symbol="A/RES/79/901").session.number == 62
    # An AALCO resolution keeps its own session.
    assert Resolution.objects.get(symbol="AALCO/RES/63/S 1").session.number == 63
    assert Resolution.objects.count() == 2
    assert Session.objects.filter(number=62).exists()


def test_chosen_states_cost_one_query_for_every_paragraph(
    reference_data, parser_reads, django_assert_num_queries
):
    parser_reads(sectioned())
    edits = ImportEdits(
        resolution={"session": 62},
        operative={
            "I.1": {"addressees": "chosen", "states": ["IND"]},
            "II.2": {"addressees": "chosen", "states": ["PHL", "SEN"]},
        },
    )
    import_resolution(text=TEXT, edits=edits)
    # build_follow_up's six: who is addressed, chosen states included, is in the obligations.
    with django_assert_num_queries(6):
        follow_up = build_follow_up(reporting_paragraphs())
    assert [sorted(s.iso3 for s in pf.addressed) for pf in follow_up.paragraphs] == [
        ["IND"],
        ["PHL", "SEN"],
    ]
