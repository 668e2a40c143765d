"""One regression test per way the parser once went wrong on a real resolution."""

from __future__ import annotations

import datetime

import pytest

from resolutions.parser import ResolutionParseError, parse_resolution, render_resolution
from resolutions.parser.header import symbol_line, symbol_session

GA_HEAD = "80/99. Review of something\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n"


def messages(parsed) -> list[str]:
    return [w.message for w in parsed.warnings]


class TestRefusalsOnNumbering:
    def test_quoted_amended_article_numbered_4_stays_in_its_paragraph(self) -> None:
        text = GA_HEAD + (
            "1. Takes note of the report;\n\n"
            "2. Decides to amend article 4 of the statute to read:\n"
            '"Article 4\n'
            "1. The Tribunal shall consist of seven members.\n"
            '4. The members shall serve for four years.";\n\n'
            "3. Requests the Secretary-General to report;\n\n"
            "4. Decides to remain seized of the matter.\n"
        )
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [1, 2, 3, 4]
        assert parsed.operative[1].text.endswith('shall serve for four years.";')
        assert not any("twice" in m for m in messages(parsed))

    def test_quoted_article_with_paragraphs_separated_by_blank_lines(self) -> None:
        text = GA_HEAD + (
            "1. Decides to replace article 7 with the following text:\n\n"
            '"Article 7\n\n1. The Board shall meet once a year.\n\n'
            'The Board shall adopt its own rules.\n\n2. Decisions are taken by consensus.";\n\n'
            "2. Requests the Secretary-General to report.\n\n3rd plenary meeting\n"
        )
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [1, 2]
        assert parsed.operative[0].text.endswith('Decisions are taken by consensus.";')
        assert parsed.meeting == "3rd plenary meeting"

    def test_curly_quotes_spanning_lines(self) -> None:
        text = GA_HEAD + (
            "1. Decides to add the following paragraph:\n"
            "\u201c2. States shall report every year.\n"
            "3. The Committee shall meet once a year.\u201d;\n\n"
            "2. Decides to remain seized of the matter.\n"
        )
        parsed = parse_resolution(text)
        assert [o.verb for o in parsed.operative] == ["Decides", "Decides"]
        assert "meet once a year" in parsed.operative[0].text

    def test_sections_whose_numbering_restarts(self) -> None:
        text = GA_HEAD + (
            "I\nQuestions relating to the budget\n\n"
            "1. Approves the budget;\n\n2. Requests a report;\n\n"
            "II\nHuman resources\n\n"
            "1. Takes note of the report;\n\n2. Decides to revert to the question.\n"
        )
        parsed = parse_resolution(text)
        assert [o.reference for o in parsed.operative] == ["I.1", "I.2", "II.1", "II.2"]
        assert [s.heading for s in parsed.sections] == [
            "Questions relating to the budget",
            "Human resources",
        ]
        assert not any("twice" in m or "missing" in m for m in messages(parsed))

    def test_web_copy_numbering_every_paragraph_1(self) -> None:
        text = (
            "The Assembly,\n\n  1. TAKES NOTE of the report;\n\n"
            "  1. REQUESTS the Commission to act;\n\n"
            "  1. DECIDES to remain seized of the matter.\n"
        )
        parsed = parse_resolution(text)
        assert [(o.number, o.verb) for o in parsed.operative] == [
            (1, "TAKES NOTE"),
            (2, "REQUESTS"),
            (3, "DECIDES"),
        ]
        assert all(w.line is not None for w in parsed.warnings if "follows" in w.message)

    def test_duplicate_and_missing_numbers_are_warnings_that_name_the_line(self) -> None:
        text = GA_HEAD + "1. Notes x;\n\n3. Notes y;\n\n3. Notes z.\n"
        parsed = parse_resolution(text)
        assert [o.number for o in parsed.operative] == [1, 3, 4]
        lines = {w.line for w in parsed.warnings if "missing" in w.message or "twice" in w.message}
        assert lines == {9, 11}


class TestNoSymbol:
    def test_a_web_copy_without_a_symbol_parses_with_a_warning(self) -> None:
        parsed = parse_resolution("The Security Council,\n\nRecalling x,\n\n1. Decides y.\n")
        assert parsed.symbol is None and parsed.body == "un_sc"
        assert any("no symbol" in m for m in messages(parsed))

    def test_only_a_text_without_any_resolution_is_refused(self) -> None:
        with pytest.raises(ResolutionParseError):
            parse_resolution("Minutes of the meeting.\nThe chair opened the meeting at 10 a.m.")


class TestClosingLines:
    @pytest.mark.parametrize(
        ("closing", "meeting", "date"),
        [
            (
                "69th (resumed) plenary meeting 30 December 2025",
                "69th (resumed) plenary meeting",
                datetime.date(2025, 12, 30),
            ),
            (
                "1404th plenary meeting,\n20 December 1965.",
                "1404th plenary meeting",
                datetime.date(1965, 12, 20),
            ),
            (
                "3rd plenary meeting\n19 September 2025",
                "3rd plenary meeting",
                datetime.date(2025, 9, 19),
            ),
        ],
    )
    def test_meeting_lines(self, closing: str, meeting: str, date: datetime.date) -> None:
        parsed = parse_resolution(GA_HEAD + "1. Decides to act.\n\n" + closing + "\n")
        assert parsed.operative[-1].text == "Decides to act."
        assert (parsed.meeting, parsed.date) == (meeting, date)

    def test_security_council_vote_and_adoption_lines(self) -> None:
        text = (
            "The Security Council,\n\nAlarmed by x,\n\n1. Condemns y;\n\n"
            "2. Decides to meet again.\n\n"
            "Adopted by 14 votes to none, with one abstention (Yemen)\n"
        )
        parsed = parse_resolution(text)
        assert parsed.vote == "Adopted by 14 votes to none, with one abstention (Yemen)"
        assert parsed.operative[-1].text == "Decides to meet again."
        text = text.replace(
            "Adopted by 14 votes to none, with one abstention (Yemen)",
            "* *** *\n\nAdopted by the Security Council at its 2932nd meeting, on 2 August 1990.",
        )
        parsed = parse_resolution(text)
        assert (parsed.meeting, parsed.date) == ("2932nd meeting", datetime.date(1990, 8, 2))

    def test_editors_note_and_web_furniture(self) -> None:
        text = (
            "The Assembly,\n\n1. DECIDES to act.\n\n"
            "Text downloaded and copy-edited from the archive.\n\n▲ To the top\n"
        )
        parsed = parse_resolution(text)
        assert parsed.operative[-1].text == "DECIDES to act."
        assert (
            parse_resolution("The Assembly,\n\n1. DECIDES to act.\n\n▲ To the top\n")
            .operative[-1]
            .text
            == "DECIDES to act."
        )


class TestSections:
    def test_each_section_has_its_preamble_and_unnumbered_paragraphs(self) -> None:
        text = GA_HEAD + (
            "I\nProgramme budget\n\n"
            "Having considered the report of the Secretary-General,\n\n"
            "1. Approves the budget;\n\n2. Requests a report.\n\n"
            "II\nNotes by the Secretary-General\n\n"
            "Takes note of the notes by the Secretary-General.\n\n"
            "III\nSpecial subjects\n\n"
            "Having considered the reports,\n\n"
            "1. Endorses the conclusions;\n\n2. Decides to revert to the question.\n"
        )
        parsed = parse_resolution(text)
        assert [(p.section, p.verb) for p in parsed.preambular] == [
            ("", "Recalling"),
            ("I", "Having considered"),
            ("III", "Having considered"),
        ]
        assert [(o.reference, o.numbered) for o in parsed.operative] == [
            ("I.1", True),
            ("I.2", True),
            ("II.1", False),
            ("III.1", True),
            ("III.2", True),
        ]
        assert parsed.operative[2].text == "Takes note of the notes by the Secretary-General."
        assert parse_resolution(render_resolution(parsed)) == parsed

    def test_lettered_sections_with_headings_on_the_line(self) -> None:
        text = (
            "The Assembly,\n\n1. TAKES NOTE of the items;\n\n"
            "A. ON THE DATE AND VENUE OF THE NEXT SESSION\n\n"
            "1. ACCEPTS the offer;\n\n2. REQUESTS the Commission to consult.\n\n"
            "B. ON THE CENTRE\n\n1. COMMENDS the initiative.\n"
        )
        parsed = parse_resolution(text)
        assert [o.reference for o in parsed.operative] == ["1", "A.1", "A.2", "B.1"]


class TestLayout:
    def test_enacting_formula_and_preamble_on_one_line(self) -> None:
        text = (
            "The Security Council, Recalling its previous resolutions, Reaffirming its commitment "
            "to the sovereignty of the Sudan, Underscoring its concern,\n"
            "1. Decides to extend the mandate;\n2. Decides to remain seized of the matter.\n"
        )
        parsed = parse_resolution(text)
        assert parsed.enacting_line == "The Security Council,"
        assert [p.verb for p in parsed.preambular] == ["Recalling", "Reaffirming", "Underscoring"]

    def test_acting_under_after_a_comma_on_the_determining_line(self) -> None:
        text = (
            "The Security Council,\nAlarmed by the invasion,\n\nDetermining that there exists a "
            "breach of the peace, Acting under Articles 39 and 40 of the Charter,\n\n"
            "  1. Condemns the invasion;\n  2. Decides to meet again.\n"
        )
        parsed = parse_resolution(text)
        assert [p.verb for p in parsed.preambular] == ["Alarmed", "Determining", "Acting"]

    def test_unnumbered_capitals_further_requests_line(self) -> None:
        text = (
            "The Executive Council,\n\n1. REQUESTS the Commission to act;\n\n"
            "FURTHER REQUESTS the Commission to report.\n"
        )
        parsed = parse_resolution(text)
        assert [(o.number, o.verb, o.numbered) for o in parsed.operative] == [
            (1, "REQUESTS", True),
            (2, "FURTHER REQUESTS", False),
        ]

    def test_lower_case_verbs_and_paragraphs_ending_in_commas(self) -> None:
        text = (
            "The Council of Delegates,\n\nrecalling its resolution 6,\n\n"
            "taking note of the report,\n\n1. requests the ICRC to act,\n\n"
            "2. urges National Societies to help,\n\n3. decides to review the matter.\n"
        )
        parsed = parse_resolution(text)
        assert [p.verb for p in parsed.preambular] == ["recalling", "taking note"]
        assert [o.verb for o in parsed.operative] == ["requests", "urges", "decides"]
        assert parsed.body == "icrc"

    def test_one_line_web_copy_with_glued_paragraphs(self) -> None:
        text = (
            "The Council of Delegates,alarmed by the disasters,committed to the Principles,"
            "1. reaffirms its commitment;2. appeals to all participants.\n"
        )
        parsed = parse_resolution(text)
        assert [p.verb for p in parsed.preambular] == ["alarmed", "committed"]
        assert [o.verb for o in parsed.operative] == ["reaffirms", "appeals to"]

    def test_two_line_capitals_title(self) -> None:
        text = (
            "DECISION ON THE OFFER OF THE REPUBLIC OF CHAD TO HOST THE\n"
            "ASSEMBLY OF THE AFRICAN UNION IN JUNE/JULY 2015\n\n"
            "The Assembly,\n\n1. WELCOMES the offer.\n"
        )
        assert parse_resolution(text).title == (
            "DECISION ON THE OFFER OF THE REPUBLIC OF CHAD TO HOST THE "
            "ASSEMBLY OF THE AFRICAN UNION IN JUNE/JULY 2015"
        )

    def test_title_that_keeps_its_number(self) -> None:
        text = (
            "2097. Review and reappraisal of the role of the Council\n\n"
            "The General Assembly, Having considered the report,\n\n1. Requests a study.\n"
        )
        parsed = parse_resolution(text)
        assert parsed.title == "Review and reappraisal of the role of the Council"
        assert [o.number for o in parsed.operative] == [1]

    def test_wrapped_second_line_of_a_page_header_title(self) -> None:
        text = (
            "A/RES/80/99\nGeneral Assembly\n\n80/99. Protection of migrants in the context of "
            "large movements of people\n\nThe General Assembly,\n\n"
            "1. Decides to act on the protection of\n"
            "A/RES/80/99 Protection of migrants in the context of\n"
            "large movements of people\n25-00001\n2/3\n"
            "migrants;\n\n2. Requests a report.\n"
        )
        parsed = parse_resolution(text)
        assert parsed.operative[0].text == "Decides to act on the protection of migrants;"


class TestBodies:
    @pytest.mark.parametrize(
        ("line", "symbol", "session"),
        [
            ("S/RES/660 (1990)", "S/RES/660 (1990)", None),
            ("A/HRC/RES/55/1", "A/HRC/RES/55/1", 55),
            ("WHA77.1", "WHA77.1", 77),
            ("Assembly/AU/Dec.402(XVIII)", "Assembly/AU/Dec.402(XVIII)", 18),
            ("CM/Res. 458 (XXVI)", "CM/Res. 458 (XXVI)", 26),
            ("AALCO/RES/47/SP 1", "AALCO/RES/47/SP 1", 47),
            ("E/RES/1973/1779(LIV)", "E/RES/1973/1779(LIV)", 54),
            ("EX.CL/Dec.93 (V)", "EX.CL/Dec.93 (V)", 5),
        ],
    )
    def test_symbols_and_sessions(self, line: str, symbol: str, session: int | None) -> None:
        assert symbol_line(line) == symbol
        assert symbol_session(symbol) == session

    @pytest.mark.parametrize(
        ("enacting", "body"),
        [
            ("The General Assembly,", "un_ga"),
            ("The Security Council,", "un_sc"),
            ("The Human Rights Council,", "un_hrc"),
            ("The Economic and Social Council,", "ecosoc"),
            ("The Seventy-seventh World Health Assembly,", "who"),
            ("The General Conference,", "unesco"),
            ("The General Conference of the International Labour Organization,", "ilo"),
            ("The Executive Council,", "au"),
            ("The Council of Delegates,", "icrc"),
            ("The ASEAN Inter-Parliamentary Assembly,", "asean"),
            ("The Islamic Summit Conference,", "oic"),
            ("The Asian-African Legal Consultative Organization at its Sixtieth Session,", "aalco"),
        ],
    )
    def test_bodies_by_enacting_formula(self, enacting: str, body: str) -> None:
        assert parse_resolution(f"{enacting}\n\n1. Decides to act.\n").body == body


SC_PDF = """United Nations S/RES/2720 (2023)
Security Council Distr.: General
22 December 2023
23-26004 (E)
*2326004*

Resolution 2720 (2023)
Adopted by the Security Council at its 9520th meeting, on
22 December 2023

The Security Council,

Reaffirming its previous resolutions on the situation in the Middle East, including
the Palestinian question,

Stressing that the Gaza Strip constitutes an integral part of the territory,

1. Reiterates its demand that all parties to the conflict comply with their
obligations under international law;

2. Requests the Secretary-General to appoint a Senior Coordinator;
S/RES/2720 (2023)
2/3 23-26004
3. Decides to remain actively seized of the matter.
"""
RED_CROSS_PDF = """EN
33IC/19/R1
Original: English
Adopted

33rd INTERNATIONAL CONFERENCE
OF THE RED CROSS AND RED CRESCENT
Geneva, Switzerland
9–12 December 2019

RESOLUTION 1
BRINGING IHL HOME: A ROAD MAP FOR BETTER NATIONAL IMPLEMENTATION
OF INTERNATIONAL HUMANITARIAN LAW

The 33rd International Conference of the Red Cross and Red Crescent (International Conference),

recalling that the Geneva Conventions have been universally ratified,

noting the importance of national implementation,

1. urges States to adopt national measures;

2. invites National Societies to support States in this respect, and
a) to share good practices;
b) to report to the next International Conference;

3. requests the ICRC to report on the implementation of this resolution.
"""
AU_PDF = """Assembly/AU/Dec.749(XXXIII)
Page 1

DECISION ON THE INSTITUTIONAL REFORM OF THE AFRICAN UNION

The Assembly,

1. TAKES NOTE of the report of H.E. Paul Kagame;
2. COMMENDS the Commission for the work done on the reform and
Assembly/AU/Dec.749(XXXIII)
Page 2
REQUESTS it to continue;
3. DECIDES to remain seized of the matter.
"""


class TestOtherLayouts:
    def test_security_council_pdf(self) -> None:
        parsed = parse_resolution(SC_PDF)
        assert (parsed.body, parsed.symbol, parsed.meeting) == (
            "un_sc",
            "S/RES/2720 (2023)",
            "9520th meeting",
        )
        assert parsed.date == datetime.date(2023, 12, 22)
        assert parsed.operative[1].text.endswith("Senior Coordinator;")
        assert parsed.operative[2].text == "Decides to remain actively seized of the matter."

    def test_red_cross_conference_resolution(self) -> None:
        parsed = parse_resolution(RED_CROSS_PDF)
        assert (parsed.body, parsed.symbol) == ("icrc", "33IC/19/R1")
        assert parsed.title == (
            "BRINGING IHL HOME: A ROAD MAP FOR BETTER NATIONAL IMPLEMENTATION "
            "OF INTERNATIONAL HUMANITARIAN LAW"
        )
        assert [p.verb for p in parsed.preambular] == ["recalling", "noting"]
        assert [o.verb for o in parsed.operative] == ["urges", "invites", "requests"]
        assert [s.label for s in parsed.operative[1].subparagraphs] == ["a", "b"]

    def test_african_union_pdf_with_page_footers(self) -> None:
        parsed = parse_resolution(AU_PDF)
        assert (parsed.symbol, parsed.session) == ("Assembly/AU/Dec.749(XXXIII)", 33)
        assert parsed.operative[1].text == (
            "COMMENDS the Commission for the work done on the reform and REQUESTS it to continue;"
        )


HRC_PDF = """United Nations A/HRC/RES/55/1
General Assembly Distr.: General
12 April 2024
Original: English

Human Rights Council
Fifty-fifth session
26 February–5 April 2024
Agenda item 2

Resolution adopted by the Human Rights Council on 4 April 2024

55/1. Promotion and protection of human rights in Nicaragua

The Human Rights Council,

Guided by the Charter of the United Nations,

Recalling its resolution 49/3,

1. Strongly condemns the violations of human rights;

2. Decides to extend the mandate of the Group of Experts for a period of two years;

3. Decides to remain seized of the matter.

52nd meeting
4 April 2024
[Adopted by a recorded vote of 28 to 6, with 13 abstentions. The voting was as follows:
In favour:
Albania, Argentina, Belgium
Against:
China, Cuba
Abstaining:
India, Indonesia]
"""


def test_human_rights_council_pdf_with_a_recorded_vote() -> None:
    parsed = parse_resolution(HRC_PDF)
    assert (parsed.body, parsed.symbol, parsed.session) == ("un_hrc", "A/HRC/RES/55/1", 55)
    assert (parsed.date, parsed.meeting) == (datetime.date(2024, 4, 4), "52nd meeting")
    assert parsed.vote == "Adopted by a recorded vote of 28 to 6, with 13 abstentions."
    assert parsed.title == "Promotion and protection of human rights in Nicaragua"
    assert parsed.operative[-1].text == "Decides to remain seized of the matter."


WHA_PDF = """SEVENTY-SEVENTH WORLD HEALTH ASSEMBLY WHA77.1
Agenda item 11.1 1 June 2024

Fourteenth General Programme of Work, 2025–2028

The Seventy-seventh World Health Assembly,

Having considered the draft fourteenth general programme of work;1

1. APPROVES the Fourteenth General Programme of Work, 2025–2028;

2. URGES Member States:
(1) to implement the Programme;
(2) to provide support;

3. REQUESTS the Director-General:
(1) to report to the Seventy-ninth World Health Assembly.

Eighth plenary meeting, 1 June 2024
A77/VR/8

= = =
"""


def test_world_health_assembly_pdf() -> None:
    parsed = parse_resolution(WHA_PDF)
    assert (parsed.body, parsed.symbol, parsed.session) == ("who", "WHA77.1", 77)
    assert (parsed.meeting, parsed.date) == ("Eighth plenary meeting", datetime.date(2024, 6, 1))
    assert parsed.title == "Fourteenth General Programme of Work, 2025\u20132028"
    assert [s.label for s in parsed.operative[1].subparagraphs] == ["1", "2"]
    assert parsed.operative[-1].full_text().endswith("Seventy-ninth World Health Assembly.")


UNESCO_DECISION = """219 EX/Decision 5

5 Report by the Director-General on the execution of the programme

The Executive Board,

1. Having examined document 219 EX/5,

2. Recalling 41 C/Resolution 1,

3. Takes note of the information contained therein;

4. Requests the Director-General to report to it at its 220th session.
"""


def test_unesco_executive_board_decision_with_numbered_preamble() -> None:
    parsed = parse_resolution(UNESCO_DECISION)
    assert (parsed.body, parsed.symbol, parsed.session) == ("unesco", "219 EX/Decision 5", 219)
    assert parsed.title == "Report by the Director-General on the execution of the programme"
    assert [p.verb for p in parsed.preambular] == ["Having examined", "Recalling"]
    assert [(o.number, o.verb) for o in parsed.operative] == [(3, "Takes note"), (4, "Requests")]
    assert not any("missing" in w.message for w in parsed.warnings)


RESOLUTION_IN_PARTS = """79/100. Questions relating to information

A. Information in the service of humanity

The General Assembly,

Taking note of the comprehensive report of the Committee on Information,

Urges all countries to cooperate in reducing existing disparities in information flows;

B. United Nations global communications policies

The General Assembly,

Reaffirming its primary role in elaborating policies,

1. Reaffirms that the United Nations remains the indispensable foundation;

2. Requests the Department of Global Communications to report.

50th plenary meeting
16 December 2024
"""


def test_resolution_in_parts_each_repeating_the_enacting_formula() -> None:
    parsed = parse_resolution(RESOLUTION_IN_PARTS)
    assert [s.label for s in parsed.sections] == ["A", "B"]
    assert [(p.section, p.verb) for p in parsed.preambular] == [
        ("A", "Taking note"),
        ("B", "Reaffirming"),
    ]
    assert [(o.reference, o.numbered) for o in parsed.operative] == [
        ("A.1", False),
        ("B.1", True),
        ("B.2", True),
    ]
    assert parse_resolution(render_resolution(parsed)) == parsed


ASEAN_RESOLUTION = """RES.43GA/2022/Pol/01

RESOLUTION ON PROMOTING PEACE, SOLIDARITY AND MULTILATERALISM

The 43rd General Assembly of the ASEAN Inter-Parliamentary Assembly (AIPA):

Recognizing the importance of ASEAN centrality;

Reaffirming the commitment to the ASEAN Charter;

Hereby resolves to:

1. Urge AIPA Member Parliaments to support multilateralism;

2. Encourage dialogue among Member States;

3. Call upon the ASEAN Secretariat to cooperate with AIPA.

Adopted on the Twenty-Third Day of November in the Year Two Thousand and Twenty-Two
in Phnom Penh, Cambodia.
"""


def test_asean_resolution_with_items_under_hereby_resolves_to() -> None:
    parsed = parse_resolution(ASEAN_RESOLUTION)
    assert (parsed.body, parsed.symbol, parsed.session) == ("asean", "RES.43GA/2022/Pol/01", 43)
    assert [p.verb for p in parsed.preambular] == ["Recognizing", "Reaffirming"]
    assert [(o.number, o.verb) for o in parsed.operative] == [
        (1, "Urge"),
        (2, "Encourage"),
        (3, "Call upon"),
    ]
    assert parsed.operative[-1].text == "Call upon the ASEAN Secretariat to cooperate with AIPA."
