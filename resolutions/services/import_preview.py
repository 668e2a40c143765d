"""Reading a resolution for import: the parser's result checked against the database.

The parser (``resolutions.parser``) reads the words and knows nothing of the database; this
module checks what it read against the tables (does the session exist, is the symbol taken,
which treaties and member states do the paragraphs concern) and applies the secretariat's
corrections. Every refusal is an ``ImportRefused`` with a message for a person.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from memberstates.models import MemberState, Treaty, TreatyStatus
from resolutions.parser import (
    ParsedResolution,
    ResolutionParseError,
    parse_many,
)
from resolutions.parser.model import (
    Addressees,
    Footnote,
    Operative,
    Preambular,
    Section,
    Subparagraph,
)

from ..models import Paragraph, Resolution, Session, Topic


class ImportRefused(Exception):
    """The text cannot be imported as it stands; ``message`` says why, ``line`` where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = str(message)
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning or a problem found in the text, with the line it comes from when known."""

    message: str
    line: int | None = None
    #: Found by looking at the tables (session, symbol), not in the text itself.
    from_database: bool = False
    #: "session" when what is missing is the AALCO session (a batch can give it for all).
    code: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


RESOLUTION_EDITS = frozenset(
    {
        "symbol",
        "date",
        "session",
        "title",
        "deliberated",
        "secretariat_document",
        "body",
        "meeting",
        "vote",
    }
)
OPERATIVE_EDITS = frozenset(
    {"verb", "requests_report", "addressees", "treaties", "carries_to_session", "states"}
)


@dataclass(frozen=True)
class ParagraphEdit:
    """One paragraph as the secretariat left it in the structure editor.

    ``origin`` is the index, in the parser's reading order (preambular then operative), of the
    paragraph it comes from (None for one made by a split); ``states`` are ISO3 codes, used
    when ``addressees`` is "chosen".
    """

    kind: str  # "preambular" | "operative"
    text: str
    verb: str = ""
    section: str = ""
    number: int | None = None
    subparagraphs: tuple[dict[str, Any], ...] = ()
    footnotes: tuple[dict[str, Any], ...] = ()
    requests_report: bool = False
    addressees: str = "none"
    treaties: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    carries_to_session: int | None = None
    origin: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("preambular", "operative"):
            raise ValueError(f"unknown paragraph kind: {self.kind!r}")
        if self.addressees not in Paragraph.Addressees.values:
            raise ValueError(f"unknown addressees: {self.addressees!r}")


@dataclass(frozen=True)
class ImportEdits:
    """The secretariat's corrections to what the parser read.

    ``resolution`` holds any of RESOLUTION_EDITS; ``operative`` maps a paragraph reference
    ("3", or "II.3" in a resolution with sections; an int means the number alone) to any of
    OPERATIVE_EDITS; ``structure``, when given, replaces every paragraph with the editor's
    (split, merged, renumbered...); ``topic`` names the work programme item. Absent keys
    keep the parser's reading.
    """

    resolution: Mapping[str, Any] = field(default_factory=dict)
    operative: Mapping[int | str, Mapping[str, Any]] = field(default_factory=dict)
    topic: str | None = None
    structure: tuple[ParagraphEdit, ...] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.resolution) - RESOLUTION_EDITS
        for changes in self.operative.values():
            unknown |= set(changes) - OPERATIVE_EDITS
        if unknown:
            raise ValueError(f"unknown import edits: {sorted(unknown)}")

    @property
    def changes_paragraphs(self) -> bool:
        return bool(self.operative) or self.structure is not None


@dataclass
class OperativePreview:
    """One operative paragraph and what follows from it, as the database sees it."""

    paragraph: Operative
    treaties: list[Treaty] = field(default_factory=list)
    #: ISO3 codes of the states a paragraph addressed to "chosen" states names.
    chosen: list[str] = field(default_factory=list)
    unknown_treaties: list[str] = field(default_factory=list)
    #: Member states asked to act, as of the resolution's date (None: not checked).
    addressed: list[MemberState] | None = None
    #: Of those, the ones that have since become party to a treaty it names.
    became_parties: list[MemberState] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return self.paragraph.reference

    @property
    def addressed_count(self) -> int | None:
        return None if self.addressed is None else len(self.addressed)

    @property
    def outstanding_count(self) -> int | None:
        """Addressed states that have not done what the paragraph asks by becoming a party."""
        if self.addressed is None:
            return None
        return len(self.addressed) - len(self.became_parties)


@dataclass
class ImportPreview:
    parsed: ParsedResolution
    source_text: str
    topic_name: str
    topic: Topic | None = None
    session: Session | None = None
    existing: Resolution | None = None
    replace: bool = False
    operative: list[OperativePreview] = field(default_factory=list)
    #: Advisory: the import goes ahead.
    warnings: list[Notice] = field(default_factory=list)
    #: Blocking: the import is refused until they are fixed (in the text or by an edit).
    problems: list[Notice] = field(default_factory=list)
    #: False when the database could not be read (``--dry-run`` on an empty database).
    database_checked: bool = True
    #: What the parser read, before any correction (kept on the saved resolution).
    reading: ParsedResolution | None = None
    #: The AALCO annual session to file it under: the text's own for an AALCO resolution,
    #: the one chosen by the secretariat for another body's.
    session_number: int | None = None
    #: Position of the resolution in a text holding several (0 for the first or only one).
    index: int = 0

    @property
    def symbol_exists(self) -> bool:
        return self.existing is not None

    @property
    def needs_only_a_session(self) -> bool:
        """Nothing blocks saving but the AALCO session (which a batch gives for all)."""
        return all(problem.code == "session" for problem in self.problems)

    @property
    def session_exists(self) -> bool:
        return self.session is not None

    @property
    def carries_to_session(self) -> int | None:
        for paragraph in self.parsed.operative:
            if paragraph.carries_to_session is not None:
                return paragraph.carries_to_session
        return None

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (docs/import-json.md)."""
        data = self.parsed.to_dict()
        data["topic"] = self.topic_name
        data["aalco_session"] = self.session_number
        for item, preview in zip(data["operative"], self.operative, strict=True):
            item["reference"] = preview.paragraph.reference
            item["chosen_states"] = list(preview.chosen)
            item["addressed_states"] = (
                None if preview.addressed is None else [s.iso3 for s in preview.addressed]
            )
        data["warnings"] = [{"line": w.line, "message": w.message} for w in self.warnings]
        data["problems"] = [{"line": p.line, "message": p.message} for p in self.problems]
        return data


def treaty_aliases() -> dict[str, list[str]]:
    """Every Treaty row's names, for the parser: short name -> [title, aliases...]."""
    return {
        treaty.short_name: [treaty.title, *treaty.aliases]
        for treaty in Treaty.objects.only("short_name", "title", "aliases")
    }


def topic_name_from_title(title: str) -> str:
    """ "LEGAL PROTECTION OF MIGRANT WORKERS" -> "Legal Protection of Migrant Workers"."""
    title = " ".join(title.split()).strip(" .;:")
    if title != title.upper():
        return title
    words = title.lower().split(" ")
    return " ".join(
        _capitalise(word) if index == 0 or word not in _SMALL_WORDS else word
        for index, word in enumerate(words)
    )


def find_or_create_topic(*, name: str) -> Topic:
    """The work programme item of that name (any case), created when it is new."""
    name = name.strip()[:255]
    topic = Topic.objects.filter(name__iexact=name).first()
    if topic is None:
        topic = Topic.objects.filter(slug=slugify(name)[:255]).first()
    return topic or Topic.objects.create(name=name)


# ---------------------------------------------------------------------------------- preview


_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or per the to via with within".split()
)
_ACRONYMS = frozenset(
    "AALCO UN UNGA ILC ICC ICJ ICMW UNCLOS UNCITRAL UNIDROIT WTO WIPO IHL OIC AU ASEAN "
    "WHO ILO UNHCR".split()
)


def _capitalise(word: str) -> str:
    def one(part: str) -> str:
        core = part.strip("()[],.;:\"'")
        if core.upper() in _ACRONYMS:
            return part.upper()
        return part[:1].upper() + part[1:]

    return "-".join(one(part) for part in word.split("-"))


def read_text(text: str, *, use_database: bool) -> list[ParsedResolution]:
    aliases = treaty_aliases() if use_database else None
    try:
        parsed = parse_many(text, treaty_aliases=aliases)
    except ResolutionParseError as error:
        raise ImportRefused(error.message, error.line) from error
    if not parsed:
        raise ImportRefused(_("No resolution was found in this text."))
    return parsed


def build_previews(
    text: str, edits: ImportEdits | None, replace: bool, *, use_database: bool
) -> list[ImportPreview]:
    parsed_list = read_text(text, use_database=use_database)
    if edits is not None and edits.changes_paragraphs and len(parsed_list) > 1:
        raise ImportRefused(_("Paragraphs can only be corrected one resolution at a time."))
    return [
        build_preview(text, parsed, edits, replace, use_database=use_database, index=index)
        for index, parsed in enumerate(parsed_list)
    ]


def build_preview(
    text: str,
    reading: ParsedResolution,
    edits: ImportEdits | None,
    replace: bool,
    *,
    use_database: bool,
    index: int = 0,
) -> ImportPreview:
    """One resolution: the parser's reading, the corrections applied, checked."""
    warnings = [Notice(w.message, w.line) for w in reading.warnings]
    parsed, chosen = (reading, {}) if edits is None else _apply_edits(reading, edits)
    topic_name = (edits.topic if edits and edits.topic else "") or topic_name_from_title(
        parsed.title or ""
    )
    if edits is not None and "session" in edits.resolution:
        session_number = edits.resolution["session"]
    else:
        # Another body's session number (General Assembly 68...) is not an AALCO session.
        session_number = parsed.session if parsed.body == "aalco" else None
    preview = ImportPreview(
        parsed=parsed,
        source_text=text,
        topic_name=topic_name,
        replace=replace,
        operative=[
            OperativePreview(paragraph=p, chosen=list(chosen.get(i, ())))
            for i, p in enumerate(parsed.operative)
        ],
        warnings=warnings,
        database_checked=use_database,
        reading=reading,
        session_number=session_number,
        index=index,
    )
    _check_text(preview)
    if use_database:
        _check_database(preview)
    return preview


def _apply_edits(
    parsed: ParsedResolution, edits: ImportEdits
) -> tuple[ParsedResolution, dict[int, tuple[str, ...]]]:
    """The corrected reading, and the chosen states by index among operative paragraphs."""
    resolution_edits = {k: v for k, v in edits.resolution.items() if k != "session"}
    if "session" in edits.resolution:
        resolution_edits["session"] = edits.resolution["session"]
    if edits.structure is not None:
        parsed, chosen = _apply_structure(parsed, edits.structure)
    else:
        parsed, chosen = _apply_operative_edits(parsed, edits.operative)
    return dataclasses.replace(parsed, **resolution_edits), chosen


def _apply_operative_edits(
    parsed: ParsedResolution, operative_edits: Mapping[int | str, Mapping[str, Any]]
) -> tuple[ParsedResolution, dict[int, tuple[str, ...]]]:
    references = {p.reference for p in parsed.operative}
    by_reference = {str(key): changes for key, changes in operative_edits.items()}
    for reference in by_reference:
        if reference not in references:
            raise ImportRefused(
                _("Operative paragraph %(reference)s is not in the text.")
                % {"reference": reference}
            )
    operative, chosen = [], {}
    for index, paragraph in enumerate(parsed.operative):
        changes = dict(by_reference.get(paragraph.reference, {}))
        if "states" in changes:
            chosen[index] = tuple(changes.pop("states"))
        if "treaties" in changes:
            changes["treaties"] = list(changes["treaties"])
        if "addressees" in changes:
            changes["addressees"] = _addressees(changes["addressees"])
        operative.append(dataclasses.replace(paragraph, **changes))
    return dataclasses.replace(parsed, operative=operative), chosen


def _addressees(value: str) -> Addressees | str:
    # "chosen" is the app's own value: the parser only knows all, non_parties and none.
    return "chosen" if value == "chosen" else Addressees(value)


def _apply_structure(
    parsed: ParsedResolution, structure: tuple[ParagraphEdit, ...]
) -> tuple[ParsedResolution, dict[int, tuple[str, ...]]]:
    """The editor's paragraphs in place of the parser's, lines kept where they came from."""
    read: list[Preambular | Operative] = [*parsed.preambular, *parsed.operative]
    headings = {s.label: s.heading for s in parsed.sections}
    preambular: list[Preambular] = []
    operative: list[Operative] = []
    chosen: dict[int, tuple[str, ...]] = {}
    labels: list[str] = []
    for edit in structure:
        origin = read[edit.origin] if edit.origin is not None and edit.origin < len(read) else None
        line = origin.line if origin is not None else None
        footnotes = [Footnote(str(f["marker"]), str(f["text"])) for f in edit.footnotes]
        if edit.section and edit.section not in labels:
            labels.append(edit.section)
        if edit.kind == "preambular":
            preambular.append(
                Preambular(
                    verb=edit.verb,
                    text=edit.text,
                    footnotes=footnotes,
                    line=line,
                    section=edit.section,
                )
            )
            continue
        if edit.requests_report and edit.addressees == "chosen":
            chosen[len(operative)] = edit.states
        operative.append(
            Operative(
                number=edit.number if edit.number is not None else 0,
                verb=edit.verb,
                text=edit.text,
                subparagraphs=[_subparagraph(sub) for sub in edit.subparagraphs],
                requests_report=edit.requests_report,
                addressees=_addressees(edit.addressees),  # type: ignore[arg-type]  # the app adds "chosen"
                treaties=list(edit.treaties),
                carries_to_session=edit.carries_to_session,
                footnotes=footnotes,
                line=line,
                section=edit.section,
                numbered=edit.number is not None,
            )
        )
    sections = [Section(label, headings.get(label, "")) for label in labels]
    return (
        dataclasses.replace(parsed, preambular=preambular, operative=operative, sections=sections),
        chosen,
    )


def reading_order(parsed: ParsedResolution) -> list[Preambular | Operative]:
    """Paragraphs as a reader meets them: each section's own preamble before its operative
    paragraphs; paragraphs outside any section (the opening preamble) come first."""
    sections = {s.label: index for index, s in enumerate(parsed.sections, start=1)}

    def key(item: tuple[int, Preambular | Operative]) -> tuple[int, int, int]:
        position, paragraph = item
        place = sections.get(paragraph.section, len(sections) + 1) if paragraph.section else 0
        return (place, 0 if isinstance(paragraph, Preambular) else 1, position)

    items: list[Preambular | Operative] = [*parsed.preambular, *parsed.operative]
    paragraphs = list(enumerate(items))
    return [paragraph for _position, paragraph in sorted(paragraphs, key=key)]


def _subparagraph(data: Mapping[str, Any]) -> Subparagraph:
    return Subparagraph(
        label=str(data.get("label", "")),
        text=str(data.get("text", "")),
        children=[_subparagraph(child) for child in data.get("children", ())],
    )


def _check_text(preview: ImportPreview) -> None:
    """What saving needs (symbol, date, session, title) and what a person should look at.

    The structure itself is never refused: gaps, repeats and restarts in the numbering are
    warnings naming the line. Only what the database cannot hold (no symbol, two paragraphs
    with the same reference) or a text with no operative paragraph at all blocks saving
    until it is filled in or corrected.
    """
    _check_metadata(preview)
    if not preview.parsed.operative:
        # Nothing to follow up: saved, it would be a resolution no state can answer.
        preview.problems.append(
            Notice(_("no operative paragraph was found: add them before saving"))
        )
    _check_numbering(preview)
    for item in preview.operative:
        _check_operative(preview, item)


def _check_metadata(preview: ImportPreview) -> None:
    """Symbol, date, session and title, and the lengths the database can hold."""
    parsed, problems = preview.parsed, preview.problems
    if not parsed.symbol:
        problems.append(Notice(_("no symbol was found: fill in the symbol")))
    elif len(parsed.symbol) > (Resolution._meta.get_field("symbol").max_length or 0):
        problems.append(Notice(_("the symbol is too long")))
    if parsed.date is None:
        problems.append(Notice(_("no adoption date was found: fill in the date")))
    if preview.session_number is None:
        problems.append(_missing_session(parsed.body))
    if not parsed.title:
        problems.append(Notice(_("no title was found: fill in the title")))
    elif len(parsed.title) > (Resolution._meta.get_field("title").max_length or 0):
        problems.append(Notice(_("the title is longer than 500 characters")))
    if len(parsed.secretariat_document or "") > 200:
        problems.append(Notice(_("the secretariat document is longer than 200 characters")))
    for name, limit in (("meeting", 200), ("vote", 500)):
        if len(getattr(parsed, name) or "") > limit:
            problems.append(
                Notice(
                    _("the %(name)s line is longer than %(limit)d characters")
                    % {"name": name, "limit": limit}
                )
            )
    if len(parsed.sections) and any(len(s.label) > 20 for s in parsed.sections):
        problems.append(Notice(_("a section label is longer than 20 characters")))


def _missing_session(body: str) -> Notice:
    if body == "aalco":
        return Notice(_("no session number was found: choose the session"), code="session")
    return Notice(
        _(
            "choose the AALCO annual session that follows this resolution up "
            "(the text is from another body: %(body)s)"
        )
        % {"body": _body_label(body)},
        code="session",
    )


def _check_operative(preview: ImportPreview, item: OperativePreview) -> None:
    """A reporting paragraph needs addressees; every paragraph should open with a verb."""
    paragraph = item.paragraph
    if paragraph.requests_report and paragraph.addressees == Addressees.NONE:
        preview.problems.append(
            Notice(
                _(
                    "operative paragraph %(reference)s asks for reports but addresses no "
                    "member state"
                )
                % {"reference": paragraph.reference},
                paragraph.line,
            )
        )
    if paragraph.requests_report and paragraph.addressees == "chosen" and not item.chosen:
        preview.problems.append(
            Notice(
                _(
                    "operative paragraph %(reference)s is addressed to chosen member "
                    "states: choose at least one"
                )
                % {"reference": paragraph.reference},
                paragraph.line,
            )
        )
    if not paragraph.verb:
        preview.warnings.append(
            Notice(
                _("operative paragraph %(reference)s has no opening verb")
                % {"reference": paragraph.reference},
                paragraph.line,
            )
        )


def _body_label(body: str) -> str:
    values = dict(Resolution.Body.choices)
    return str(values.get(body, values[Resolution.Body.OTHER]))


def _check_numbering(preview: ImportPreview) -> None:
    """Per section: numbers from 1 in order (warnings), each number once (a problem)."""
    seen: dict[tuple[str, int], Operative] = {}
    expected: dict[str, int] = {}
    for paragraph in preview.parsed.operative:
        if paragraph.number < 1:
            preview.problems.append(
                Notice(
                    _("an operative paragraph has no number: give it one"),
                    paragraph.line,
                )
            )
            continue
        key = (paragraph.section, paragraph.number)
        if key in seen:
            first = seen[key]
            preview.problems.append(
                Notice(
                    _(
                        "operative paragraph %(reference)s appears twice (first at line "
                        "%(first)s): merge them, or give one another number or section"
                    )
                    % {"reference": paragraph.reference, "first": first.line or "?"},
                    paragraph.line,
                )
            )
            continue
        seen[key] = paragraph
        wanted = expected.get(paragraph.section, 1)
        if paragraph.number > wanted:
            preview.warnings.append(
                Notice(
                    _("operative paragraph %(reference)s is missing")
                    % {
                        "reference": (
                            f"{paragraph.section}.{wanted}" if paragraph.section else str(wanted)
                        )
                    },
                    paragraph.line,
                )
            )
        elif paragraph.number < wanted:
            preview.warnings.append(
                Notice(
                    _("operative paragraph %(reference)s comes out of order")
                    % {"reference": paragraph.reference},
                    paragraph.line,
                )
            )
        expected[paragraph.section] = max(wanted, paragraph.number) + 1


def _check_database(preview: ImportPreview) -> None:
    """Sessions, symbol, topic, treaties and addressed states: a handful of queries."""
    parsed = preview.parsed
    if preview.session_number is not None:
        preview.session = Session.objects.filter(number=preview.session_number).first()
        if preview.session is None:
            message = _("AALCO has no record of session %(number)d yet") % {
                "number": preview.session_number
            }
            preview.problems.append(Notice(message, from_database=True))
        elif parsed.date and abs(parsed.date.year - preview.session.year) > 1:
            preview.warnings.append(
                Notice(
                    _("the date %(date)s is far from the year of session %(number)d (%(year)d)")
                    % {
                        "date": parsed.date.isoformat(),
                        "number": preview.session.number,
                        "year": preview.session.year,
                    }
                )
            )
    if parsed.symbol:
        preview.existing = Resolution.objects.filter(symbol=parsed.symbol).first()
        if preview.existing is not None:
            _check_replacement(preview)
    if preview.topic_name:
        preview.topic = Topic.objects.filter(name__iexact=preview.topic_name).first()
    _resolve_follow_up(preview)


def _check_replacement(preview: ImportPreview) -> None:
    existing, parsed = preview.existing, preview.parsed
    assert existing is not None  # called only when the symbol is already imported
    if not preview.replace:
        preview.problems.append(
            Notice(
                _("%(symbol)s is already imported; import it again with “replace” to update it")
                % {"symbol": parsed.symbol},
                from_database=True,
            )
        )
        return
    references = {(p.section, p.number) for p in parsed.operative}
    answered = (
        Paragraph.objects.filter(resolution=existing)
        .annotate(responses_count=Count("responses"))
        .filter(responses_count__gt=0)
        .order_by("order")
    )
    for paragraph in answered:
        if (
            paragraph.kind != Paragraph.Kind.OPERATIVE
            or (paragraph.section, paragraph.number) not in references
        ):
            preview.problems.append(
                Notice(
                    _(
                        "operative paragraph %(number)s of %(symbol)s has %(count)d responses "
                        "logged and is not in the new text: replacing would drop them"
                    )
                    % {
                        "number": paragraph.reference,
                        "symbol": existing.symbol,
                        "count": paragraph.responses_count,
                    },
                    from_database=True,
                )
            )
    preview.warnings.append(
        Notice(
            _("%(symbol)s is already imported: it will be replaced, keeping its responses")
            % {"symbol": existing.symbol}
        )
    )


def _resolve_follow_up(preview: ImportPreview) -> None:
    """Link treaty names to rows and list the member states each paragraph addresses."""
    parsed = preview.parsed
    names = {name for p in parsed.operative for name in p.treaties}
    treaties = {t.short_name: t for t in Treaty.objects.filter(short_name__in=names)}
    asking = [p for p in preview.operative if p.paragraph.requests_report]
    states = list(MemberState.objects.active().order_by("name")) if asking else []
    consent = _consent_dates(treaties.values()) if asking and treaties else {}
    on = parsed.date or timezone.localdate()
    for item in preview.operative:
        _link_treaties(preview, item, treaties)
        if item.paragraph.requests_report:
            _address(preview, item, states=states, consent=consent, on=on)


def _consent_dates(treaties: Iterable[Treaty]) -> dict[tuple[int, int], datetime.date]:
    """(state, treaty) → the day the state consented to be bound, for those that did."""
    return {
        (status.member_state_id, status.treaty_id): status.consent_date
        for status in TreatyStatus.objects.filter(
            treaty__in=treaties, consent_date__isnull=False
        ).only("member_state_id", "treaty_id", "consent_date")
        if status.consent_date is not None  # filtered above; the type does not know
    }


def _link_treaties(
    preview: ImportPreview, item: OperativePreview, treaties: dict[str, Treaty]
) -> None:
    paragraph = item.paragraph
    item.treaties = [treaties[n] for n in paragraph.treaties if n in treaties]
    item.unknown_treaties = [n for n in paragraph.treaties if n not in treaties]
    for name in item.unknown_treaties:
        preview.warnings.append(
            Notice(
                _(
                    "treaty %(name)s is not in the treaties table: operative paragraph "
                    "%(number)s will not be linked to it"
                )
                % {"name": name, "number": paragraph.reference},
                paragraph.line,
            )
        )


def _address(
    preview: ImportPreview,
    item: OperativePreview,
    *,
    states: list[MemberState],
    consent: dict[tuple[int, int], datetime.date],
    on: datetime.date,
) -> None:
    """The member states a reporting paragraph addresses, by its kind of addressees."""
    paragraph = item.paragraph
    if paragraph.addressees == "chosen":
        _address_chosen(preview, item, states)
    elif paragraph.addressees != Addressees.NON_PARTIES:
        item.addressed = list(states)
    elif not item.treaties:
        preview.warnings.append(
            Notice(
                _(
                    "operative paragraph %(number)s addresses the states not party to a "
                    "treaty but names no treaty on file: every member state is counted"
                )
                % {"number": paragraph.reference},
                paragraph.line,
            )
        )
        item.addressed = list(states)
    else:
        _address_non_parties(item, states, consent, on)


def _address_chosen(
    preview: ImportPreview, item: OperativePreview, states: list[MemberState]
) -> None:
    wanted = set(item.chosen)
    item.addressed = [state for state in states if state.iso3 in wanted]
    unknown = wanted - {state.iso3 for state in item.addressed}
    if unknown:
        preview.warnings.append(
            Notice(
                _(
                    "operative paragraph %(number)s names states that are not active "
                    "members: %(codes)s"
                )
                % {"number": item.paragraph.reference, "codes": ", ".join(sorted(unknown))},
                item.paragraph.line,
            )
        )


def _address_non_parties(
    item: OperativePreview,
    states: list[MemberState],
    consent: dict[tuple[int, int], datetime.date],
    on: datetime.date,
) -> None:
    """The states not yet party to any treaty named on the adoption day."""
    item.addressed, item.became_parties = [], []
    for state in states:
        dates = [d for t in item.treaties if (d := consent.get((state.pk, t.pk)))]
        earliest = min(dates) if dates else None
        if earliest is not None and earliest <= on:
            continue  # already a party when the resolution was adopted
        item.addressed.append(state)
        if earliest is not None:
            item.became_parties.append(state)
