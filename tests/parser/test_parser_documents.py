"""Whole documents: the seed, the UN sample, and real-shaped documents of our own."""

from __future__ import annotations

import datetime
import time

import pytest

from resolutions.parser import (
    Addressees,
    Footnote,
    ParsedResolution,
    ResolutionParseError,
    parse_many,
    parse_resolution,
)

from .documents import (
    LAW_OF_THE_SEA,
    SEED,
    TWO_AALCO,
    UN_79_160,
    UN_80_1,
    UN_SECTIONS,
    UN_WEB,
    load,
)


@pytest.fixture(scope="module")
def seed() -> ParsedResolution:
    return parse_resolution(load(SEED))


@pytest.fixture(scope="module")
def un_80_1() -> ParsedResolution:
    return parse_resolution(load(UN_80_1))


@pytest.fixture(scope="module")
def un_79_160() -> ParsedResolution:
    return parse_resolution(load(UN_79_160))


class TestSeed:
    def test_header(self, seed: ParsedResolution) -> None:
        assert seed.symbol == "AALCO/RES/52/S 5"
        assert seed.date == datetime.date(2013, 9, 12)
        assert seed.session == 52
        assert seed.title == "LEGAL PROTECTION OF MIGRANT WORKERS"
        assert seed.deliberated is False
        assert seed.body == "aalco"
        assert seed.enacting_line == (
            "The Asian-African Legal Consultative Organization at its Fifty-Second Session"
        )
        assert seed.secretariat_document == "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5"
        assert seed.warnings == []

    def test_preambular_verbs(self, seed: ParsedResolution) -> None:
        assert [p.verb for p in seed.preambular] == [
            "Having considered",
            "Recognizing",
            "Acknowledging",
            "Acknowledging further",
            "Welcoming",
        ]

    def test_operative_paragraphs(self, seed: ParsedResolution) -> None:
        assert [(o.number, o.verb) for o in seed.operative] == [
            (1, "Requests"),
            (2, "Reaffirms"),
            (3, "Encourages"),
            (4, "Decides"),
        ]
        first = seed.operative[0]
        assert first.text.startswith("Requests all Member States, in conformity")
        assert first.text.endswith("to which they are party;")
        assert "**" not in first.text

    def test_follow_up(self, seed: ParsedResolution) -> None:
        one, two, three, four = seed.operative
        assert (one.requests_report, one.addressees) == (True, Addressees.ALL)
        assert (two.requests_report, two.addressees) == (False, Addressees.NONE)
        assert three.requests_report is True
        assert three.treaties == ["ICMW"]
        assert three.addressees == Addressees.NON_PARTIES
        assert four.carries_to_session == 53
        assert four.requests_report is False
        assert [o.carries_to_session for o in seed.operative[:3]] == [None, None, None]

    def test_resolution_level_treaties_include_the_preamble(self, seed: ParsedResolution) -> None:
        assert seed.treaties == ["ICMW"]

    def test_to_dict_shape(self, seed: ParsedResolution) -> None:
        data = seed.to_dict()
        assert data["date"] == "2013-09-12"
        assert data["deliberated"] is False
        assert data["preambular"][0] == {
            "verb": "Having considered",
            "text": (
                "Having considered the Secretariat Document No. "
                "AALCO/52/HEADQUARTERS (NEW DELHI)/ 2013 /S 5;"
            ),
            "footnotes": [],
            "section": "",
        }
        assert data["operative"][2] == {
            "number": 3,
            "verb": "Encourages",
            "text": (
                "Encourages Member States that have not yet done so to consider "
                "ratifying/acceding to the relevant international legal instruments on the "
                "situation of migrant workers, particularly the ICMW 1990; and"
            ),
            "subparagraphs": [],
            "requests_report": True,
            "addressees": "non_parties",
            "treaties": ["ICMW"],
            "carries_to_session": None,
            "footnotes": [],
            "section": "",
            "numbered": True,
        }
        assert data["warnings"] == []
        assert data["sections"] == []

    def test_parses_in_milliseconds(self) -> None:
        text = load(SEED)
        timings = []
        for _ in range(10):
            start = time.perf_counter()
            parse_resolution(text)
            timings.append(time.perf_counter() - start)
        # The best of ten, so a busy machine does not fail the test; a few ms is typical.
        assert min(timings) < 0.05


class TestUnSample:
    def test_header(self, un_80_1: ParsedResolution) -> None:
        assert un_80_1.symbol == "A/RES/80/1"
        assert un_80_1.date == datetime.date(2025, 9, 19)
        assert un_80_1.session == 80
        assert (
            un_80_1.title == "Participation by the State of Palestine during the eightieth session"
        )
        assert un_80_1.body == "un_ga"
        assert un_80_1.enacting_line == "The General Assembly,"
        assert un_80_1.deliberated is None
        assert un_80_1.warnings == []

    def test_paragraphs(self, un_80_1: ParsedResolution) -> None:
        assert [p.verb for p in un_80_1.preambular] == [
            "Expressing concern",
            "Regretting",
            "Taking note",
            "Recalling",
            "Recalling also",
        ]
        assert [o.verb for o in un_80_1.operative] == [
            "Decides",
            "Also decides",
            "Further decides",
        ]

    def test_footnote_marker_is_removed_and_kept_as_footnote(
        self, un_80_1: ParsedResolution
    ) -> None:
        first = un_80_1.preambular[0]
        assert "Headquarters of the United Nations are prevented" in first.text
        assert first.footnotes == [Footnote("1", "See resolution 169 (II).")]

    def test_subparagraphs_survive_the_page_break(self, un_80_1: ParsedResolution) -> None:
        decides = un_80_1.operative[0]
        assert decides.text.endswith("in New York, that:")
        assert [s.label for s in decides.subparagraphs] == ["a", "b", "c"]
        (a, b, _c) = decides.subparagraphs
        assert a.text == (
            "The State of Palestine may submit a pre-recorded statement of its President, "
            "which will be played in the General Assembly Hall during the general debate of "
            "the Assembly at its eightieth session after introduction by its representative "
            "who is physically present in the Assembly Hall;"
        )
        assert b.text.startswith("The State of Palestine may deliver statements")
        for furniture in ("A/RES/80/1", "25-15106", "2/2", "____", "See resolution 169"):
            assert furniture not in decides.full_text()

    def test_closing_lines_are_in_no_paragraph(self, un_80_1: ParsedResolution) -> None:
        last = un_80_1.operative[-1]
        assert last.text == (
            "Further decides that these procedures shall apply only during the eightieth session."
        )
        everything = " ".join(
            [*(p.text for p in un_80_1.preambular), *(o.full_text() for o in un_80_1.operative)]
        )
        assert "plenary meeting" not in everything

    def test_nothing_asks_member_states(self, un_80_1: ParsedResolution) -> None:
        assert [o.requests_report for o in un_80_1.operative] == [False, False, False]

    def test_adoption_date_wins_over_distribution_date(self) -> None:
        text = load(UN_80_1).replace(
            "Distr.: General \n19 September 2025", "Distr.: General \n24 September 2025"
        )
        assert "24 September 2025" in text
        assert parse_resolution(text).date == datetime.date(2025, 9, 19)

    def test_distribution_date_beside_the_symbol(self) -> None:
        text = load(UN_80_1).replace(
            "A/RES/80/1 \n \nGeneral Assembly \nDistr.: General \n19 September 2025",
            "A/RES/80/1 Distr.: General 24 September 2025",
        )
        assert "24 September" in text
        parsed = parse_resolution(text)
        assert (parsed.symbol, parsed.date) == ("A/RES/80/1", datetime.date(2025, 9, 19))

    def test_distribution_date_alone_is_used_with_a_warning(self) -> None:
        text = (
            load(UN_80_1)
            .replace(" Resolution adopted by the General Assembly \non 19 September 2025", "")
            .replace("3rd plenary meeting \n19 September 2025", "")
            .replace("Distr.: General \n19 September 2025", "Distr.: General \n24 September 2025")
        )
        parsed = parse_resolution(text)
        assert parsed.date == datetime.date(2025, 9, 24)
        assert any("distribution date" in w.message for w in parsed.warnings)


class TestLongUnResolutionFromPdf:
    def test_header(self, un_79_160: ParsedResolution) -> None:
        assert un_79_160.symbol == "A/RES/79/160"
        assert un_79_160.title == "Protection of migrants"
        assert un_79_160.session == 79
        # Adopted 17 December, distributed 20 December.
        assert un_79_160.date == datetime.date(2024, 12, 17)
        assert un_79_160.warnings == []

    def test_without_the_adoption_line_the_meeting_date_beats_distribution(self) -> None:
        text = load(UN_79_160).replace(
            " Resolution adopted by the General Assembly \non 17 December 2024", ""
        )
        parsed = parse_resolution(text)
        assert parsed.date == datetime.date(2024, 12, 17)  # "48th plenary meeting / 17 December"
        assert parsed.warnings == []

    def test_verbs_led_by_adverbs(self, un_79_160: ParsedResolution) -> None:
        assert [p.verb for p in un_79_160.preambular] == [
            "Recalling",
            "Reaffirming",
            "Deeply concerned",
            "Noting with appreciation",
            "Bearing in mind",
            "Taking note",
        ]
        assert [o.verb for o in un_79_160.operative] == [
            "Once again urges",
            "Strongly condemns",
            "Takes note with appreciation",
            "Calls upon",
            "Requests",
            "Encourages",
            "Requests",
        ]

    def test_hyphenation(self, un_79_160: ParsedResolution) -> None:
        noting = un_79_160.preambular[3].text
        assert "the international cooperation" in noting  # "interna-/tional": a broken word
        assert "the high-level commitment" in un_79_160.preambular[4].text  # a real hyphen
        detention = un_79_160.operative[4].subparagraphs[0].children[1]
        assert detention.text.endswith("the principle of non-refoulement;")

    def test_footnotes_on_several_citations(self, un_79_160: ParsedResolution) -> None:
        reaffirming = un_79_160.preambular[1]
        assert "Rights2" not in reaffirming.text
        assert "Families,3" not in reaffirming.text
        assert [f.marker for f in reaffirming.footnotes] == ["1", "2", "3"]
        assert un_79_160.operative[2].footnotes == [Footnote("4", "A/79/213.")]
        assert un_79_160.treaties == ["ICCPR", "ICESCR", "ICMW"]

    def test_paragraph_across_a_page_break_with_a_footnote(
        self, un_79_160: ParsedResolution
    ) -> None:
        calls = un_79_160.operative[3]
        assert calls.text.endswith(
            "as a matter of priority, and requests the Secretary-General to continue his "
            "efforts to promote and raise awareness of the Convention;"
        )
        assert calls.requests_report is True
        assert calls.addressees == Addressees.NON_PARTIES
        assert calls.treaties == ["ICMW"]

    def test_nested_subparagraphs(self, un_79_160: ParsedResolution) -> None:
        requests = un_79_160.operative[4]
        assert requests.text == (
            "Requests all States, in accordance with their obligations under international law:"
        )
        assert [s.label for s in requests.subparagraphs] == ["a", "b"]
        assert [c.label for c in requests.subparagraphs[0].children] == ["i", "ii"]
        assert requests.subparagraphs[1].children == []
        assert requests.requests_report is True
        assert requests.addressees == Addressees.ALL

    def test_follow_up(self, un_79_160: ParsedResolution) -> None:
        urges, condemns, takes_note, _calls, _requests, secretariat, last = un_79_160.operative
        assert (urges.requests_report, urges.addressees) == (True, Addressees.ALL)
        assert condemns.requests_report is False
        assert takes_note.requests_report is False
        assert secretariat.requests_report is False  # addressed to the Secretariat
        assert last.requests_report is False
        assert last.carries_to_session == 80


class TestCopiedFromTheUnWebsite:
    """No symbol line, no blank lines, every footnote at the very end without a rule."""

    def test_symbol_and_session_from_the_title_line(self) -> None:
        parsed = parse_resolution(load(UN_WEB))
        assert (parsed.symbol, parsed.session) == ("A/RES/79/160", 79)
        assert parsed.date == datetime.date(2024, 12, 17)
        assert [w.message for w in parsed.warnings] == [
            "symbol A/RES/79/160 taken from the title line"
        ]

    def test_paragraphs_and_footnotes(self) -> None:
        parsed = parse_resolution(load(UN_WEB))
        assert [p.verb for p in parsed.preambular] == [
            "Recalling",
            "Reaffirming",
            "Deeply concerned",
        ]
        reaffirming = parsed.preambular[1]
        assert reaffirming.text.endswith("Migrant Workers and Members of Their Families,")
        assert [f.marker for f in reaffirming.footnotes] == ["1", "2", "3"]
        assert parsed.operative[1].footnotes == [Footnote("4", "A/79/213.")]
        assert parsed.operative[-1].text.endswith('"Human rights questions".')
        assert parsed.operative[-1].carries_to_session == 80

    def test_same_content_as_the_pdf_text(self, un_79_160: ParsedResolution) -> None:
        web = parse_resolution(load(UN_WEB))
        assert web.preambular[1] == un_79_160.preambular[1]
        calls, from_pdf = web.operative[2], un_79_160.operative[3]
        assert (calls.verb, calls.addressees, calls.treaties) == (
            from_pdf.verb,
            from_pdf.addressees,
            from_pdf.treaties,
        )


class TestSectionsAndAnnex:
    def test_sections_numbered_across_and_annex_left_out(self) -> None:
        parsed = parse_resolution(load(UN_SECTIONS))
        assert parsed.title == "Oceans and the law of the sea"
        assert parsed.date == datetime.date(2023, 12, 22)
        assert [(o.number, o.verb) for o in parsed.operative] == [
            (1, "Calls upon"),
            (2, "Reaffirms"),
            (3, "Invites"),
            (4, "Decides"),
        ]
        # Section headings and the first page's footer are in no paragraph.
        assert parsed.operative[1].text == "Reaffirms the unified character of the Convention;"
        assert parsed.preambular[0].text == (
            "Recalling the United Nations Convention on the Law of the Sea,"
        )
        assert parsed.operative[3].carries_to_session == 79
        messages = [w.message for w in parsed.warnings]
        assert "the annex is not part of the parsed paragraphs" in messages
        # The sections are kept, and numbering that runs across them is no error.
        assert [(s.label, s.heading) for s in parsed.sections] == [
            ("I", "Implementation of the Convention"),
            ("II", "Capacity-building"),
        ]
        assert [o.reference for o in parsed.operative] == ["I.1", "I.2", "II.3", "II.4"]
        assert parsed.preambular[0].section == ""
        assert not any("missing" in m for m in messages)

    def test_the_convention_is_the_only_treaty_named(self) -> None:
        calls = parse_resolution(load(UN_SECTIONS)).operative[0]
        assert calls.addressees == Addressees.NON_PARTIES
        assert calls.treaties == ["UNCLOS"]

    def test_parse_many_keeps_the_annex_with_its_resolution(self) -> None:
        assert len(parse_many(load(UN_SECTIONS))) == 1


class TestDeliberatedAalco:
    def test_law_of_the_sea(self) -> None:
        parsed = parse_resolution(load(LAW_OF_THE_SEA))
        assert parsed.symbol == "AALCO/RES/61/S 6"
        assert parsed.deliberated is True
        assert parsed.session == 61
        assert parsed.title == "THE LAW OF THE SEA"
        assert parsed.secretariat_document == "AALCO/61/BALI/2023/S 6"
        # No blank lines between these paragraphs.
        assert [p.verb for p in parsed.preambular] == [
            "Having considered",
            "Having heard with appreciation",
            "Recalling",
            "Recognizing",
            "Mindful",
        ]
        urges, encourages, requests, decides = parsed.operative
        assert urges.verb == "Urges"
        assert urges.treaties == ["UNCLOS"]
        assert urges.addressees == Addressees.NON_PARTIES
        assert (encourages.requests_report, encourages.addressees) == (True, Addressees.ALL)
        assert requests.requests_report is False
        assert decides.carries_to_session == 62


class TestSeveralResolutions:
    def test_two_aalco_resolutions_in_one_file(self) -> None:
        first, second = parse_many(load(TWO_AALCO))
        assert (first.symbol, second.symbol) == ("AALCO/RES/63/S 2", "AALCO/RES/63/S 5")
        assert first.title == "INTERNATIONAL LAW IN CYBERSPACE"
        assert second.deliberated is False
        assert len(first.operative) == 3
        assert first.operative[0].requests_report is True  # "Invites Member States"
        assert first.operative[2].carries_to_session == 64  # "its next Annual Session"
        assert second.operative[0].treaties == ["ICMW"]
        assert second.operative[1].carries_to_session == 64
        assert first.warnings == [] and second.warnings == []

    def test_the_two_samples_back_to_back(self) -> None:
        parsed = parse_many(load(SEED) + "\n" + load(UN_80_1))
        assert [p.symbol for p in parsed] == ["AALCO/RES/52/S 5", "A/RES/80/1"]
        assert parsed[0] == parse_resolution(load(SEED))
        assert parsed[1] == parse_resolution(load(UN_80_1))

    def test_parse_many_line_numbers_count_from_the_top_of_the_file(self) -> None:
        parsed = parse_many(load(TWO_AALCO).replace("2. Decides to place", "3. Decides to place"))
        gap = [w for w in parsed[1].warnings if "paragraph 2 is missing" in w.message]
        assert [w.line for w in gap] == [33]

    def test_parse_resolution_refuses_two(self) -> None:
        with pytest.raises(ResolutionParseError, match="2 resolutions") as error:
            parse_resolution(load(TWO_AALCO))
        assert error.value.line == 21

    def test_parse_many_of_one(self) -> None:
        assert parse_many(load(SEED)) == [parse_resolution(load(SEED))]


class TestMessyText:
    def test_crlf_nbsp_curly_quotes_and_no_trailing_newline(self, seed: ParsedResolution) -> None:
        text = (
            load(SEED)
            .replace("\n", "\r\n")
            .replace("Member States", "Member\u00a0States")
            .replace("Third Annual", "Third\u00a0 Annual")
            .rstrip()
        )
        parsed = parse_resolution(text)
        assert parsed == seed

    def test_curly_quotes_become_straight(self) -> None:
        text = (
            load(LAW_OF_THE_SEA)
            .replace('"Sea-level', "\u201cSea\u2011level")
            .replace('law";', "law\u201d;")
        )
        parsed = parse_resolution(text)
        assert '"Sea-level rise in relation to international law";' in parsed.operative[1].text

    def test_soft_hyphen_and_non_breaking_hyphen(self) -> None:
        text = load(UN_80_1)
        assert "pre\u2011recorded" in text
        soft = text.replace(
            "during the general debate and \n", "during the general debate and pre\u00ad\n"
        )
        soft = soft.replace("submitted to the President", "recorded submitted to the President")
        parsed = parse_resolution(soft)
        assert "pre-recorded statement" in parsed.operative[0].subparagraphs[0].text
        assert "and prerecorded submitted" in parsed.operative[1].text

    def test_control_characters_are_removed_with_a_warning(self, seed: ParsedResolution) -> None:
        text = load(SEED).replace("Reaffirms", "Reaff\x00irms\x07")
        parsed = parse_resolution(text)
        assert parsed == seed
        assert [w.line for w in parsed.warnings] == [24]
        assert "control character" in parsed.warnings[0].message
        assert parsed.operative[1].verb == "Reaffirms"

    def test_wrapped_lines_without_blank_lines(self) -> None:
        text = """AALCO/RES/52/S 5
12 September 2013
LEGAL PROTECTION OF
MIGRANT WORKERS
(Non-Deliberated)
The Asian-African Legal Consultative Organization at its Fifty-
Second Session
Having considered the Secretariat Document No. AALCO/52/HEADQUARTERS
(NEW DELHI)/ 2013 /S 5;
Recognizing the obligation of all States to promote and protect basic human
rights;
1. Requests all Member States to effectively promote and
protect the human rights of all migrants;
2. Decides to place this item on the provisional agenda of its
53rd Annual Session."""
        parsed = parse_resolution(text)
        assert parsed.title == "LEGAL PROTECTION OF MIGRANT WORKERS"
        assert parsed.enacting_line == (
            "The Asian-African Legal Consultative Organization at its Fifty-Second Session"
        )
        assert parsed.session == 52
        assert parsed.secretariat_document == "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5"
        assert [p.verb for p in parsed.preambular] == ["Having considered", "Recognizing"]
        assert parsed.operative[0].text == (
            "Requests all Member States to effectively promote and protect the human rights "
            "of all migrants;"
        )
        assert parsed.operative[1].carries_to_session == 53

    def test_no_enacting_line_and_no_blank_lines(self) -> None:
        text = """AALCO/RES/52/S 5
12 September 2013
LEGAL PROTECTION OF MIGRANT WORKERS
Having considered the Secretariat Document No. AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5;
Recognizing the obligation of all States;
1. Requests all Member States to act;
2. Decides to place this item on the provisional agenda of its next session."""
        parsed = parse_resolution(text)
        assert parsed.title == "LEGAL PROTECTION OF MIGRANT WORKERS"
        assert parsed.enacting_line is None
        assert [p.verb for p in parsed.preambular] == ["Having considered", "Recognizing"]
        assert parsed.operative[1].carries_to_session == 53  # next session, from the symbol
        assert [w.line for w in parsed.warnings] == [4]

    def test_enacting_line_without_comma_stops_at_a_numbered_paragraph(self) -> None:
        # The enacting line may wrap onto the next lines, but "2. Urges ..." right under it
        # (no blank line, no comma) is a paragraph of its own, whatever its number.
        text = (
            "AALCO/RES/52/S 5\n12 September 2013\nLEGAL PROTECTION OF MIGRANT WORKERS\n"
            "The Asian-African Legal Consultative Organization at its Fifty-Second Session\n"
            "2. Urges Member States to ratify the ICMW;"
        )
        parsed = parse_resolution(text)
        assert parsed.enacting_line == (
            "The Asian-African Legal Consultative Organization at its Fifty-Second Session"
        )
        assert [(o.number, o.verb) for o in parsed.operative] == [(2, "Urges")]

    def test_other_bodies(self) -> None:
        text = (
            "The Meeting of States Parties,\n\nRecalling the Convention,\n\n"
            "1. Decides to meet again."
        )
        parsed = parse_resolution(text)
        assert parsed.enacting_line == "The Meeting of States Parties,"
        assert parsed.body == "other"
        assert [p.verb for p in parsed.preambular] == ["Recalling"]

    def test_subparagraphs_on_one_line(self) -> None:
        text = (
            load(SEED)
            .replace(
                "2. **Reaffirms** the resolve",
                "2. **Requests** Member States: (a) to report to the Secretariat; and (b) to "
                "designate focal points; (c) to consult; (i) the Secretariat; (ii) others;\n"
                "3. **Reaffirms** the resolve",
            )
            .replace("3. **Encourages**", "4. **Encourages**")
            .replace("4. **Decides**", "5. **Decides**")
        )
        parsed = parse_resolution(text)
        requests = parsed.operative[1]
        assert requests.text == "Requests Member States:"
        assert [(s.label, s.text) for s in requests.subparagraphs] == [
            ("a", "to report to the Secretariat; and"),
            ("b", "to designate focal points;"),
            ("c", "to consult;"),
        ]
        assert [c.label for c in requests.subparagraphs[2].children] == ["i", "ii"]
        assert requests.requests_report is True

    def test_reference_to_a_subparagraph_is_not_a_label(self) -> None:
        text = load(UN_80_1).replace(
            "the statement referred to in paragraph 1 (a) \n",
            "the statement referred to in paragraph 1\n(a) ",
        )
        parsed = parse_resolution(text)
        assert "referred to in paragraph 1 (a) above" in parsed.operative[1].text
        assert parsed.operative[1].subparagraphs == []

    def test_letter_i_after_h_is_a_letter(self) -> None:
        labels = "abcdefghij"
        subs = "\n".join(f"({c}) Item {c};" for c in labels)
        text = f"The General Assembly,\n\n1. Requests States:\n{subs}\n2. Decides to remain seized."
        parsed = parse_resolution(text)
        assert [s.label for s in parsed.operative[0].subparagraphs] == list(labels)

    def test_missing_symbol_is_a_warning(self) -> None:
        parsed = parse_resolution(load(SEED).replace("AALCO/RES/52/S 5\n", ""))
        assert parsed.symbol is None
        assert parsed.session == 52  # from the enacting line
        assert any("no symbol" in w.message for w in parsed.warnings)

    def test_session_disagreement_is_a_warning(self) -> None:
        parsed = parse_resolution(load(SEED).replace("Fifty-Second Session", "Fifty-Third Session"))
        assert parsed.session == 53
        assert any("session 53" in w.message and "52" in w.message for w in parsed.warnings)

    def test_draft_symbol(self) -> None:
        parsed = parse_resolution(load(SEED).replace("AALCO/RES/52/S 5", "AALCO/RES/DFT/52/S 5"))
        assert parsed.symbol == "AALCO/RES/DFT/52/S 5"
        assert parsed.session == 52

    def test_unnumbered_operative_paragraphs_are_numbered_with_a_warning(self) -> None:
        text = load(SEED)
        for n in range(1, 5):
            text = text.replace(f"{n}. **", "**")
        parsed = parse_resolution(text)
        assert [(o.number, o.verb) for o in parsed.operative] == [
            (1, "Requests"),
            (2, "Reaffirms"),
            (3, "Encourages"),
            (4, "Decides"),
        ]
        assert any("not numbered" in w.message for w in parsed.warnings)

    def test_annex_is_not_parsed(self) -> None:
        text = load(UN_80_1) + "\nAnnex\n\n1. Decides nothing in particular.\n"
        parsed = parse_resolution(text)
        assert len(parsed.operative) == 3
        assert any("annex" in w.message for w in parsed.warnings)


class TestLargeInputs:
    """Line-by-line work must stay linear: no rescanning of the text at every line."""

    @pytest.mark.parametrize(
        "text",
        [
            "1. Requests " + "-\n" * 5000,
            "1. Decides x.\n" + "12 September 2013\n" * 5000,
            "1. Decides x.\n3rd plenary meeting\n" + "junk\n" * 5000,
            "\n".join(f"{n}. Decides x;" for n in range(1, 2000)),
            "The General Assembly,\n" + "Decides x;\n" * 2000,
        ],
        ids=["hyphens", "dates", "after-closing", "numbers", "unnumbered"],
    )
    def test_thousands_of_lines(self, text: str) -> None:
        start = time.perf_counter()
        parsed = parse_resolution(text)
        assert time.perf_counter() - start < 2
        assert len(parsed.warnings) < 10


class TestErrors:
    def test_empty(self) -> None:
        for text in ("", "   \n\n \r\n", "\x00\x00"):
            with pytest.raises(ResolutionParseError, match="the text is empty"):
                parse_resolution(text)

    def test_garbage(self) -> None:
        with pytest.raises(ResolutionParseError, match="no operative paragraphs found"):
            parse_resolution("Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.")

    def test_preamble_only_is_read_with_a_warning(self) -> None:
        # It has an enacting formula, so it is a resolution with paragraphs still to add.
        text = load(SEED).split("1. **Requests**")[0]
        parsed = parse_resolution(text)
        assert parsed.operative == [] and len(parsed.preambular) == 5
        assert any("no operative paragraphs" in w.message for w in parsed.warnings)

    def test_numbering_gap_is_a_warning_that_names_the_line(self) -> None:
        text = load(SEED).replace("3. **Encourages**", "4. **Encourages**")
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [1, 2, 4, 5]
        assert any(
            w.line == 26 and w.message == "operative paragraph 3 is missing (found 2 then 4)"
            for w in parsed.warnings
        )

    def test_duplicate_number_is_a_warning_and_numbered_by_position(self) -> None:
        text = load(SEED).replace("4. **Decides**", "3. **Decides**")
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [1, 2, 3, 4]
        assert [o.verb for o in parsed.operative][-1] == "Decides"
        assert any(
            "paragraph 3 appears twice (lines 26 and 27)" in w.message for w in parsed.warnings
        )

    def test_first_number_missing_is_a_warning(self) -> None:
        text = load(UN_80_1).replace("1. \nDecides", "2. \nDecides")
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [2, 3, 4]
        assert any(
            w.line == 52 and "operative paragraph 1 is missing" in w.message
            for w in parsed.warnings
        )

    def test_is_a_value_error(self) -> None:
        with pytest.raises(ValueError):  # the subclass relation is the point
            parse_resolution("")

    def test_not_a_string(self) -> None:
        with pytest.raises(TypeError):
            parse_resolution(b"AALCO/RES/52/S 5")  # type: ignore[arg-type]
