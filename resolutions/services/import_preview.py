"""Reading a resolution for import: the parser's result checked against the database.

The parser (``resolutions.parser``) reads the words and knows nothing of the database; this
module checks what it read against the tables (does the session exist, is the symbol taken,
which treaties and member states do the paragraphs concern) and applies the secretariat's
corrections. Every refusal is an ``ImportRefused`` with a message for a person.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
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
from resolutions.parser.model import Addressees, Operative

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

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


RESOLUTION_EDITS = frozenset(
    {"symbol", "date", "session", "title", "deliberated", "secretariat_document"}
)
OPERATIVE_EDITS = frozenset(
    {"verb", "requests_report", "addressees", "treaties", "carries_to_session"}
)


@dataclass(frozen=True)
class ImportEdits:
    """The secretariat's corrections to what the parser read.

    ``resolution`` holds any of RESOLUTION_EDITS, ``operative`` maps a paragraph number to
    any of OPERATIVE_EDITS, ``topic`` names the work programme item. Absent keys keep the
    parser's reading.
    """

    resolution: Mapping[str, Any] = field(default_factory=dict)
    operative: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    topic: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.resolution) - RESOLUTION_EDITS
        for changes in self.operative.values():
            unknown |= set(changes) - OPERATIVE_EDITS
        if unknown:
            raise ValueError(f"unknown import edits: {sorted(unknown)}")


@dataclass
class OperativePreview:
    """One operative paragraph and what follows from it, as the database sees it."""

    paragraph: Operative
    treaties: list[Treaty] = field(default_factory=list)
    unknown_treaties: list[str] = field(default_factory=list)
    #: Member states asked to act, as of the resolution's date (None: not checked).
    addressed: list[MemberState] | None = None
    #: Of those, the ones that have since become party to a treaty it names.
    became_parties: list[MemberState] = field(default_factory=list)

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

    @property
    def symbol_exists(self) -> bool:
        return self.existing is not None

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
        for item, preview in zip(data["operative"], self.operative, strict=True):
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


def _parse(text: str, *, use_database: bool) -> list[ParsedResolution]:
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
    parsed_list = _parse(text, use_database=use_database)
    if edits is not None and edits.operative and len(parsed_list) > 1:
        raise ImportRefused(_("Paragraphs can only be corrected one resolution at a time."))
    previews = []
    for parsed in parsed_list:
        warnings = [Notice(w.message, w.line) for w in parsed.warnings]
        if edits is not None:
            parsed = _apply_edits(parsed, edits)
        topic_name = (edits.topic if edits and edits.topic else "") or topic_name_from_title(
            parsed.title or ""
        )
        preview = ImportPreview(
            parsed=parsed,
            source_text=text,
            topic_name=topic_name,
            replace=replace,
            operative=[OperativePreview(paragraph=p) for p in parsed.operative],
            warnings=warnings,
            database_checked=use_database,
        )
        _check_text(preview)
        if use_database:
            _check_database(preview)
        previews.append(preview)
    return previews


def _apply_edits(parsed: ParsedResolution, edits: ImportEdits) -> ParsedResolution:
    numbers = {p.number for p in parsed.operative}
    for number in edits.operative:
        if number not in numbers:
            raise ImportRefused(
                _("Operative paragraph %(number)d is not in the text.") % {"number": number}
            )
    operative = [
        dataclasses.replace(
            paragraph,
            **{
                key: Addressees(value) if key == "addressees" else value
                for key, value in edits.operative.get(paragraph.number, {}).items()
            },
        )
        for paragraph in parsed.operative
    ]
    return dataclasses.replace(parsed, **dict(edits.resolution), operative=operative)


def _check_text(preview: ImportPreview) -> None:
    """What the text alone must give: a symbol, a date, a session, a title, whole numbering."""
    parsed, problems = preview.parsed, preview.problems
    if not parsed.symbol:
        problems.append(Notice(_("no symbol was found (such as AALCO/RES/52/S 5)")))
    elif len(parsed.symbol) > Resolution._meta.get_field("symbol").max_length:
        problems.append(Notice(_("the symbol is too long")))
    if parsed.date is None:
        problems.append(Notice(_("no adoption date was found")))
    if parsed.session is None:
        problems.append(Notice(_("no session number was found")))
    if not parsed.title:
        problems.append(Notice(_("no title was found")))
    elif len(parsed.title) > Resolution._meta.get_field("title").max_length:
        problems.append(Notice(_("the title is longer than 500 characters")))
    if len(parsed.secretariat_document or "") > 200:
        problems.append(Notice(_("the secretariat document is longer than 200 characters")))
    if not parsed.operative:
        problems.append(Notice(_("no numbered operative paragraph was found")))
    expected = 1
    for paragraph in parsed.operative:
        if paragraph.number != expected:
            message = (
                _("operative paragraph %(number)d is missing") % {"number": expected}
                if paragraph.number > expected
                else _("operative paragraph %(number)d comes out of order")
                % {"number": paragraph.number}
            )
            problems.append(Notice(message, paragraph.line))
        expected = max(expected, paragraph.number) + 1
        if paragraph.requests_report and paragraph.addressees == Addressees.NONE:
            problems.append(
                Notice(
                    _(
                        "operative paragraph %(number)d asks for reports but addresses no "
                        "member state"
                    )
                    % {"number": paragraph.number},
                    paragraph.line,
                )
            )
        if not paragraph.verb:
            preview.warnings.append(
                Notice(
                    _("operative paragraph %(number)d has no opening verb")
                    % {"number": paragraph.number},
                    paragraph.line,
                )
            )


def _check_database(preview: ImportPreview) -> None:
    """Sessions, symbol, topic, treaties and addressed states: a handful of queries."""
    parsed = preview.parsed
    if parsed.session is not None:
        preview.session = Session.objects.filter(number=parsed.session).first()
        if preview.session is None:
            message = _("AALCO has no record of session %(number)d yet") % {
                "number": parsed.session
            }
            if parsed.body == "un_ga":
                message += _(
                    " (it is a General Assembly session: choose the AALCO session that "
                    "follows this resolution up)"
                )
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
    if not preview.replace:
        preview.problems.append(
            Notice(
                _("%(symbol)s is already imported; import it again with “replace” to update it")
                % {"symbol": parsed.symbol},
                from_database=True,
            )
        )
        return
    numbers = {p.number for p in parsed.operative}
    answered = (
        Paragraph.objects.filter(resolution=existing)
        .annotate(responses_count=Count("responses"))
        .filter(responses_count__gt=0)
        .order_by("order")
    )
    for paragraph in answered:
        if paragraph.kind != Paragraph.Kind.OPERATIVE or paragraph.number not in numbers:
            preview.problems.append(
                Notice(
                    _(
                        "operative paragraph %(number)s of %(symbol)s has %(count)d responses "
                        "logged and is not in the new text: replacing would drop them"
                    )
                    % {
                        "number": paragraph.number,
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
    consent: dict[tuple[int, int], datetime.date] = {}
    if asking and treaties:
        for status in TreatyStatus.objects.filter(
            treaty__in=treaties.values(), consent_date__isnull=False
        ).only("member_state_id", "treaty_id", "consent_date"):
            consent[(status.member_state_id, status.treaty_id)] = status.consent_date
    on = parsed.date or timezone.localdate()
    for item in preview.operative:
        paragraph = item.paragraph
        item.treaties = [treaties[n] for n in paragraph.treaties if n in treaties]
        item.unknown_treaties = [n for n in paragraph.treaties if n not in treaties]
        for name in item.unknown_treaties:
            preview.warnings.append(
                Notice(
                    _(
                        "treaty %(name)s is not in the treaties table: operative paragraph "
                        "%(number)d will not be linked to it"
                    )
                    % {"name": name, "number": paragraph.number},
                    paragraph.line,
                )
            )
        if not paragraph.requests_report:
            continue
        if paragraph.addressees != Addressees.NON_PARTIES:
            item.addressed = list(states)
            continue
        if not item.treaties:
            preview.warnings.append(
                Notice(
                    _(
                        "operative paragraph %(number)d addresses the states not party to a "
                        "treaty but names no treaty on file: every member state is counted"
                    )
                    % {"number": paragraph.number},
                    paragraph.line,
                )
            )
            item.addressed = list(states)
            continue
        item.addressed, item.became_parties = [], []
        for state in states:
            dates = [d for t in item.treaties if (d := consent.get((state.pk, t.pk)))]
            earliest = min(dates) if dates else None
            if earliest is not None and earliest <= on:
                continue  # already a party when the resolution was adopted
            item.addressed.append(state)
            if earliest is not None:
                item.became_parties.append(state)
