"""The parts of the parser on their own: ordinals, verbs, treaties, follow-up, line joining."""

from __future__ import annotations

import datetime

import pytest

from resolutions.parser import Addressees, TreatyRegistry, ordinal_words, parse_ordinal
from resolutions.parser.dates import date_only
from resolutions.parser.followup import (
    FollowUp,
    carried_to_session,
    derive,
    secretariat_document,
)
from resolutions.parser.header import find_symbol, symbol_line, symbol_session
from resolutions.parser.text import Lexicon, Line, join_lines, split_lines
from resolutions.parser.vocabulary import operative_verb, preambular_verb

REGISTRY = TreatyRegistry.build()


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("fifty-third", 53),
        ("Fifty-Third", 53),
        ("sixty-first", 61),
        ("Sixty-first", 61),
        ("one hundred and fifth", 105),
        ("One Hundred and Fifth", 105),
        ("eightieth", 80),
        ("twenty-first", 21),
        ("seventy-ninth", 79),
        ("Fifty Second", 52),
        ("first", 1),
        ("twelfth", 12),
        ("hundredth", 100),
        ("two hundred and eleventh", 211),
        ("53rd", 53),
        ("52nd", 52),
        ("1st", 1),
        ("80th", 80),
    ],
)
def test_ordinals(words: str, number: int) -> None:
    assert parse_ordinal(words) == number


@pytest.mark.parametrize(
    "words", ["", "fifty", "one hundred", "third-fifty", "first-second", "session", "0th"]
)
def test_not_ordinals(words: str) -> None:
    assert parse_ordinal(words) is None


def test_ordinal_words_round_trip() -> None:
    for number in range(1, 1000):
        assert parse_ordinal(ordinal_words(number)) == number
        assert parse_ordinal(ordinal_words(number, capitalize=False)) == number
    assert ordinal_words(53) == "Fifty-Third"
    assert ordinal_words(105) == "One Hundred and Fifth"
    assert ordinal_words(80, capitalize=False) == "eightieth"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12 September 2013", datetime.date(2013, 9, 12)),
        ("September 12, 2013", datetime.date(2013, 9, 12)),
        ("12th September, 2013", datetime.date(2013, 9, 12)),
        ("New Delhi, 12 September 2013", datetime.date(2013, 9, 12)),
        ("Date: 12.09.2013", datetime.date(2013, 9, 12)),
        ("2013-09-12", datetime.date(2013, 9, 12)),
        ("9-12 September 2013", None),
        ("3rd plenary meeting", None),
        ("12 September 2013 and more", None),
    ],
)
def test_date_lines(line: str, expected: datetime.date | None) -> None:
    assert date_only(line) == expected


@pytest.mark.parametrize(
    ("text", "symbol", "session"),
    [
        ("AALCO/RES/52/S 5", "AALCO/RES/52/S 5", 52),
        ("AALCO/RES/DFT/52/S 5", "AALCO/RES/DFT/52/S 5", 52),
        ("AALCO/RES/ 52 / S 5", "AALCO/RES/52/S 5", 52),
        ("A/RES/80/1", "A/RES/80/1", 80),
        ("United Nations A/RES/79/160", "A/RES/79/160", 79),
        ("A/HRC/RES/52/1", "A/HRC/RES/52/1", 52),
        ("S/RES/2720 (2023)", "S/RES/2720 (2023)", None),
        ("RES/43/ORG 7", "RES/43/ORG 7", 43),
    ],
)
def test_symbols(text: str, symbol: str, session: int | None) -> None:
    match = find_symbol(text)
    assert match is not None
    assert match.group(0) == symbol
    assert symbol_session(symbol) == session


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Requests all Member States, in conformity", "Requests"),
        ("Also decides that", "Also decides"),
        ("Further decides that", "Further decides"),
        ("Decides further that the", "Decides further"),
        ("Once again urges States", "Once again urges"),
        ("Takes note with appreciation of the report", "Takes note with appreciation"),
        ("Takes note of the report", "Takes note"),
        ("Strongly condemns all acts", "Strongly condemns"),
        ("Calls upon States", "Calls upon"),
        ("Appeals to Member States", "Appeals to"),
        ("Expresses its appreciation to the Government", "Expresses its appreciation"),
        ("Encourages further efforts", "Encourages"),
        ("Deplores the attack", "Deplores"),  # not listed: found by the -s rule
        ("Emphatically rejects the claim", "Emphatically rejects"),
    ],
)
def test_operative_verbs(text: str, verb: str) -> None:
    assert operative_verb(text) == verb


@pytest.mark.parametrize("text", ["Member States are", "States parties", "the report", "Only"])
def test_not_operative_verbs(text: str) -> None:
    assert operative_verb(text) is None


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Having considered the report", "Having considered"),
        ("Acknowledging further the contribution", "Acknowledging further"),
        ("Bearing in mind that", "Bearing in mind"),
        ("Deeply concerned at the", "Deeply concerned"),
        ("Noting with appreciation the work", "Noting with appreciation"),
        ("Recalling also the Agreement", "Recalling also"),
        ("Taking note of the meeting", "Taking note"),
        ("Expressing concern regarding", "Expressing concern"),
        ("Regretting, in this regard,", "Regretting"),
        ("Mindful of the challenges", "Mindful"),
        ("Gravely alarmed by", "Gravely alarmed"),
        ("Further recalling its resolution", "Further recalling"),
    ],
)
def test_preambular_verbs(text: str, verb: str) -> None:
    assert preambular_verb(text) == verb


def test_treaties_by_title_and_abbreviation() -> None:
    text = (
        "the International Convention on the Protection of the Rights of All Migrant "
        "Workers and Members of Their Families (ICMW, 1990), UNCLOS and the Rome Statute of "
        "the International Criminal Court, the ICMW 1990 and the International Covenant on "
        "Civil and Political Rights"
    )
    assert REGISTRY.find(text) == ["ICMW", "UNCLOS", "ICC", "ICCPR"]


def test_treaty_abbreviations_are_case_sensitive() -> None:
    assert REGISTRY.find("the icmw and unclos") == []
    assert REGISTRY.find("the Law of the Sea Convention") == ["UNCLOS"]


def test_database_short_names_win_over_the_known_ones() -> None:
    registry = TreatyRegistry.build(
        {
            "CMW": [
                "International Convention on the Protection of the Rights of All Migrant "
                "Workers and Members of Their Families"
            ]
        }
    )
    assert registry.find("the ICMW 1990 and the Migrant Workers Convention") == ["CMW"]
    assert registry.find("UNCLOS") == ["UNCLOS"]


def test_extra_treaty_aliases() -> None:
    registry = TreatyRegistry.build({"ATT": ["Arms Trade Treaty"], "ICMW": ["CMW 1990"]})
    assert registry.find("the Arms Trade Treaty, the ATT and the CMW 1990") == ["ATT", "ICMW"]
    with pytest.raises(TypeError):
        TreatyRegistry.build({"ATT": "Arms Trade Treaty"})


def _follow_up(text: str, session: int | None = 52, subs: list[str] | None = None) -> FollowUp:
    verb = operative_verb(text) or ""
    return derive(
        verb=verb, text=text, subparagraph_texts=subs or [], session=session, registry=REGISTRY
    )


@pytest.mark.parametrize(
    ("text", "asks", "addressees"),
    [
        ("Requests all Member States to promote;", True, Addressees.ALL),
        ("Urges States to cooperate;", True, Addressees.ALL),
        ("Invites Member States to share their views;", True, Addressees.ALL),
        ("Appeals to Member States to contribute;", True, Addressees.ALL),
        ("Recommends that Member States adopt legislation;", True, Addressees.ALL),
        ("Calls upon Governments to act;", True, Addressees.ALL),
        (
            "Encourages Member States that have not yet done so to consider ratifying the ICMW;",
            True,
            Addressees.NON_PARTIES,
        ),
        (
            "Calls upon States which have not yet ratified the Rome Statute to do so;",
            True,
            Addressees.NON_PARTIES,
        ),
        (
            "Urges Member States that have not yet done so to submit their comments;",
            True,
            Addressees.ALL,  # "not yet done so", but no treaty: everyone who has not written
        ),
        ("Requests the Secretary-General to report;", False, Addressees.NONE),
        ("Encourages the Secretariat to continue;", False, Addressees.NONE),
        ("Reaffirms the obligation of States to protect;", False, Addressees.NONE),
        ("Decides to remain seized of the matter.", False, Addressees.NONE),
        ("Welcomes the efforts of Member States;", False, Addressees.NONE),
        ("Takes note of the report of the Secretary-General;", False, Addressees.NONE),
        ("Decides to invite Member States to submit views;", True, Addressees.ALL),
    ],
)
def test_who_is_asked_to_act(text: str, asks: bool, addressees: Addressees) -> None:
    derived = _follow_up(text)
    assert (derived.requests_report, derived.addressees) == (asks, addressees)


def test_chapeau_without_addressee_looks_at_the_subparagraphs() -> None:
    derived = _follow_up("Calls upon:", subs=["All States to ratify the ICMW;"])
    assert derived.requests_report is True
    assert derived.treaties == ["ICMW"]


@pytest.mark.parametrize(
    ("text", "session", "expected"),
    [
        ("Decides to place this item on the agenda of its Fifty-Third Annual Session.", 52, 53),
        (
            "Decides to place this item on the provisional agenda of its 53rd Annual Session.",
            52,
            53,
        ),
        ("Decides to place this item on the agenda of its next session.", 52, 53),
        ("Decides to place this item on the agenda of its next session.", None, None),
        (
            "Decides to include in the provisional agenda of its eighty-first session the item",
            80,
            81,
        ),
        ("Decides to consider the question at its One Hundred and Fifth session.", 104, 105),
        ("Requests the Secretary-General to report at its eightieth session.", 79, None),
        ("Decides to remain seized of the matter.", 52, None),
    ],
)
def test_carried_to_session(text: str, session: int | None, expected: int | None) -> None:
    assert carried_to_session(text, session) == expected


def test_secretariat_document() -> None:
    assert (
        secretariat_document(
            "Having considered the Secretariat Document No. AALCO/52/HEADQUARTERS (NEW DELHI)/ "
            "2013 /S 5;"
        )
        == "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5"
    )
    assert secretariat_document("Having considered the report of the Secretary-General;") is None


def test_split_lines_cleans_characters() -> None:
    lines, warnings = split_lines(
        "\ufeffA\u00a0B\r\n\u201cq\u201d \u2018s\u2019\rpre\u2011recorded\u2028**bold**\x0c\x00x"
    )
    assert [line.text for line in lines] == ["A B", "\"q\" 's'", "pre-recorded", "bold", "x"]
    assert [line.number for line in lines] == [1, 2, 3, 4, 5]
    assert [w.line for w in warnings] == [5]


def test_markdown_emphasis_is_dropped() -> None:
    lines, _ = split_lines("1. *Requests* all __Member States__ *2515106* _______________ * * *")
    assert lines[0].text == "1. Requests all Member States *2515106* _______________ * * *"


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        ("United Nations A/RES/79/160", "A/RES/79/160"),
        ("A/RES/79/160 General Assembly Distr.: General", "A/RES/79/160"),
        ("AALCO/RES/52/S 5 (12 September 2013)", "AALCO/RES/52/S 5"),
        ("A/RES/79/160 Protection of migrants", None),  # a running header, not a new start
    ],
)
def test_symbol_lines(line: str, symbol: str | None) -> None:
    assert symbol_line(line) == symbol


def test_superscript_footnote_markers_become_digits() -> None:
    lines, _ = split_lines("United Nations\u00b9 are")
    assert lines[0].text == "United Nations1 are"


def test_join_lines_hyphenation() -> None:
    lexicon = Lexicon.from_lines([Line(1, "international cooperation and a high-level meeting")])
    assert join_lines(["the interna-", "tional law"], lexicon) == "the international law"
    assert join_lines(["a high-", "level meeting"], lexicon) == "a high-level meeting"
    assert join_lines(["non-", "refoulement"], lexicon) == "non-refoulement"  # unknown: keep
    assert join_lines(["Fifty-", "Second Session"], lexicon) == "Fifty-Second Session"
    assert join_lines(["on 3-", "4 October"], lexicon) == "on 3-4 October"
    assert join_lines(["pre\u00ad", "recorded"], lexicon) == "prerecorded"
    assert join_lines(["a  b ", "", " c"], lexicon) == "a b c"
