"""Properties: any text gives a result or a ResolutionParseError; render and parse agree."""

from __future__ import annotations

import dataclasses
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parser import (
    Footnote,
    Operative,
    ParsedResolution,
    Preambular,
    ResolutionParseError,
    Section,
    Subparagraph,
    ordinal_words,
    parse_many,
    parse_resolution,
    render_resolution,
)

from .corpus import documents as corpus_documents
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

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Plain words that cannot extend a verb phrase ("with", "also", "further" could) or be taken
# for a footnote marker, a date or a paragraph number.
WORDS = [
    "the",
    "protection",
    "of",
    "rights",
    "migrant",
    "workers",
    "legal",
    "instruments",
    "international",
    "cooperation",
    "development",
    "Member",
    "States",
    "relevant",
    "Secretariat",
    "programme",
    "law",
    "sea",
    "human",
    "promote",
    "ensure",
    "effective",
    "measures",
    "national",
    "regional",
    "framework",
    "dialogue",
    "and",
    "all",
    "pre-recorded",
    "high-level",
    "Asian-African",
    "Palestine",
    "(ICMW, 1990)",
    "item",
    "in",
    "for",
]
PREAMBULAR_VERBS = [
    "Recalling",
    "Recalling also",
    "Recognizing",
    "Acknowledging further",
    "Having considered",
    "Bearing in mind",
    "Deeply concerned",
    "Noting with appreciation",
    "Taking note",
    "Expressing concern",
    "Welcoming",
    "Mindful",
    "Reaffirming",
]
OPERATIVE_VERBS = [
    "Requests",
    "Reaffirms",
    "Encourages",
    "Decides",
    "Also decides",
    "Further decides",
    "Once again urges",
    "Takes note with appreciation",
    "Takes note",
    "Calls upon",
    "Invites",
    "Appeals to",
    "Expresses its appreciation",
    "Strongly condemns",
    "Welcomes",
    "Urges",
]
SECTION_HEADINGS = [
    "Programme budget",
    "Human resources",
    "Notes by the Secretary-General",
    "Oceans and the law of the sea",
    "Capacity-building",
]
UPPER_WORDS = ["LEGAL", "PROTECTION", "OF", "MIGRANT", "WORKERS", "LAW", "SEA", "CYBERSPACE"]


class Choices:
    """Choices read from one byte string.

    One `st.binary()` draw per resolution instead of dozens of small draws: Hypothesis spends
    far less time generating, and shrinking the bytes still shrinks the resolution (an empty
    tail means zeros: the first word, no sub-paragraphs, no footnotes).
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def pick(self, count: int) -> int:
        if self.position >= len(self.data):
            return 0
        byte = self.data[self.position]
        self.position += 1
        return byte % count

    def one_of(self, options: list[str]) -> str:
        return options[self.pick(len(options))]

    def words(self, most: int) -> str:
        return " ".join(self.one_of(WORDS) for _ in range(1 + self.pick(most)))


class _Markers:
    """Footnote markers run on through the whole resolution, as in UN documents."""

    def __init__(self, choices: Choices) -> None:
        self.choices = choices
        self.last = 0

    def footnotes(self) -> list[Footnote]:
        out = []
        for _ in range(self.choices.pick(6) // 4):  # mostly none, sometimes one
            self.last += 1
            out.append(Footnote(str(self.last), f"See {self.choices.words(6)}."))
        return out


def _subparagraphs(choices: Choices) -> list[Subparagraph]:
    subs = []
    for letter in "abc"[: choices.pick(6) // 2]:
        kids = [
            Subparagraph(r, f"{choices.words(6)};") for r in ["i", "ii"][: choices.pick(5) // 2]
        ]
        subs.append(Subparagraph(letter, f"To {choices.words(6)}{':' if kids else ';'}", kids))
    return subs


def build_resolution(data: bytes) -> ParsedResolution:
    """A resolution as the parser would return it, before follow-up is derived."""
    choices = Choices(data)
    body = choices.one_of(["aalco", "un_ga"])
    session = 1 + (choices.pick(256) * 256 + choices.pick(256)) % 150
    item = 1 + choices.pick(256)
    date = datetime.date(1960 + choices.pick(100), 1 + choices.pick(12), 1 + choices.pick(28))
    markers = _Markers(choices)
    end = ";" if body == "aalco" else ","
    preambular = []
    for _ in range(choices.pick(5)):
        verb = choices.one_of(PREAMBULAR_VERBS)
        text = f"{verb} {choices.words(20)}{end}"
        preambular.append(Preambular(verb, text, markers.footnotes()))
    operative: list[Operative] = []
    sections: list[Section] = []
    # Mostly plain resolutions; sometimes sections, each with its own preamble, numbering
    # that restarts or runs on, and a lone unnumbered paragraph.
    section_count = [0, 0, 0, 2, 3][choices.pick(5)]
    labels = choices.one_of(["roman", "letter"])
    restart = choices.pick(2) == 1
    groups = [""] if not section_count else []
    for index in range(section_count):
        label = ["I", "II", "III"][index] if labels == "roman" else "ABC"[index]
        heading = choices.one_of(["", *SECTION_HEADINGS])
        sections.append(Section(label, heading))
        groups.append(label)
    number = 0
    for group in groups:
        if group:
            for _ in range(choices.pick(3) // 2):
                verb = choices.one_of(PREAMBULAR_VERBS)
                preambular.append(
                    Preambular(verb, f"{verb} {choices.words(12)}{end}", [], section=group)
                )
        lone = bool(group) and choices.pick(4) == 0
        count = 1 if lone else 1 + choices.pick(4)
        if group and restart:
            number = 0
        for _ in range(count):
            number += 1
            verb = choices.one_of(OPERATIVE_VERBS)
            text = choices.words(20)
            subparagraphs = [] if lone else _subparagraphs(choices)
            ending = ":" if subparagraphs else ";"
            operative.append(
                Operative(
                    number=1 if lone else number,
                    verb=verb,
                    text=f"{verb} {text}{ending}",
                    subparagraphs=subparagraphs,
                    footnotes=markers.footnotes(),
                    section=group,
                    numbered=not lone,
                )
            )
        if lone:
            number -= 1  # an unnumbered paragraph takes no number from the running count
    last = operative[-1]
    if not last.subparagraphs:
        operative[-1] = dataclasses.replace(last, text=last.text[:-1] + ".")
    if body == "aalco":
        symbol = f"AALCO/RES/{session}/S {item}"
        title = " ".join(choices.one_of(UPPER_WORDS) for _ in range(1 + choices.pick(5)))
        comma = choices.one_of(["", ","])
        enacting = (
            "The Asian-African Legal Consultative Organization at its "
            f"{ordinal_words(session)} Session{comma}"
        )
        deliberated = [None, True, False][choices.pick(3)]
    else:
        symbol = f"A/RES/{session}/{item}"
        title = f"Protection of {choices.words(6)}"
        enacting = "The General Assembly,"
        deliberated = None
    meeting = f"{1 + choices.pick(90)}th plenary meeting" if choices.pick(3) == 0 else None
    vote = choices.one_of([None, None, "Adopted without a vote.", "Adopted by 30 votes to 2."])
    return ParsedResolution(
        symbol=symbol,
        date=date,
        session=session,
        title=title,
        deliberated=deliberated,
        secretariat_document=None,
        body=body,
        enacting_line=enacting,
        preambular=preambular,
        operative=operative,
        sections=sections,
        meeting=meeting,
        vote=vote,
    )


RESOLUTIONS = st.binary(max_size=300).map(build_resolution)


def authored(parsed: ParsedResolution) -> dict:
    """What a writer chose, as opposed to the follow-up the parser derives from it."""
    data = parsed.to_dict()
    for key in ("secretariat_document", "treaties", "warnings"):
        data.pop(key)
    for paragraph in data["operative"]:
        for key in ("requests_report", "addressees", "treaties", "carries_to_session"):
            paragraph.pop(key)
    return data


def _strings(value: object) -> list[str]:
    """Every string in a to_dict() result: PostgreSQL refuses NUL in any of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@FAST
@given(st.text())
def test_any_text_parses_or_raises_the_one_error(text: str) -> None:
    try:
        parse_resolution(text)
    except ResolutionParseError as error:
        assert error.line is None or error.line >= 1
    try:
        parsed = parse_many(text)
    except ResolutionParseError as error:
        assert error.line is None or error.line >= 1
        return
    for resolution in parsed:
        assert not any("\x00" in text for text in _strings(resolution.to_dict()))
        render_resolution(resolution)


@settings(FAST, max_examples=60)
@given(st.data())
def test_mangled_documents_parse_or_raise_the_one_error(data: st.DataObject) -> None:
    documents = [SEED, UN_80_1, UN_79_160, UN_WEB, TWO_AALCO]
    lines = load(data.draw(st.sampled_from(documents))).split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "insert", "garble"]))
        if action == "drop":
            del lines[index]
        elif action == "insert":
            lines.insert(index, data.draw(st.text(max_size=40)))
        else:
            cut = data.draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:cut] + data.draw(st.text(max_size=6))
    try:
        parsed = parse_many("\n".join(lines))
    except ResolutionParseError:
        return
    # What parsed once renders to text that parses again.
    for resolution in parsed:
        parse_resolution(render_resolution(resolution))


@FAST
@given(RESOLUTIONS)
def test_render_then_parse_gives_the_same_structure(original: ParsedResolution) -> None:
    parsed = parse_resolution(render_resolution(original))
    assert authored(parsed) == authored(original)
    assert parsed.warnings == []
    # Follow-up is derived from the words, so it is stable too.
    assert parse_resolution(render_resolution(parsed)) == parsed


@settings(FAST, max_examples=50)
@given(st.lists(RESOLUTIONS, min_size=1, max_size=3))
def test_parse_many_splits_rendered_resolutions(originals: list[ParsedResolution]) -> None:
    # Distinct symbols: a repeated symbol reads as a page header of the same resolution.
    originals = [
        dataclasses.replace(o, symbol=f"{o.symbol}{chr(65 + i)}" if o.body == "un_ga" else o.symbol)
        for i, o in enumerate(originals)
    ]
    if len({o.symbol for o in originals}) < len(originals):
        return
    text = "\n".join(render_resolution(o) for o in originals)
    assert [authored(p) for p in parse_many(text)] == [authored(o) for o in originals]


def test_documents_survive_render_and_parse() -> None:
    for name in (SEED, UN_80_1, UN_79_160, LAW_OF_THE_SEA, UN_SECTIONS, UN_WEB):
        parsed = parse_resolution(load(name))
        again = parse_resolution(render_resolution(parsed))
        assert again == parsed
        assert again.to_dict() == {**parsed.to_dict(), "warnings": again.to_dict()["warnings"]}
    for parsed in parse_many(load(TWO_AALCO)):
        assert parse_resolution(render_resolution(parsed)) == parsed


def test_real_documents_survive_render_and_parse() -> None:
    """Every text of the real-document corpus, sections, meeting and vote included."""
    for name, text, _expected in corpus_documents():
        parsed = parse_resolution(text)
        assert parse_resolution(render_resolution(parsed)) == parsed, name
