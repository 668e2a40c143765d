"""Importing resolutions from their text: preview against the database, then save.

The parser (``resolutions.parser``) reads the words and knows nothing of the database; this
module checks what it read against the tables (does the session exist, is the symbol taken,
which treaties and member states do the paragraphs concern), applies the secretariat's
corrections, and saves everything in one transaction. Every refusal is an ``ImportRefused``
with a message for a person; nothing here raises anything else for bad input.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, ProtectedError
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


# ---------------------------------------------------------------------------------------- API


def preview_import(
    *, text: str, edits: ImportEdits | None = None, replace: bool = False
) -> ImportPreview:
    """Parse one resolution and check it against the database; saves nothing."""
    previews = preview_imports(text=text, edits=edits, replace=replace)
    if len(previews) > 1:
        raise ImportRefused(
            _(
                "This text holds %(count)d resolutions (%(symbols)s). Import them one at a "
                "time, or all together with the import_resolution command."
            )
            % {
                "count": len(previews),
                "symbols": ", ".join(p.parsed.symbol or "?" for p in previews),
            }
        )
    return previews[0]


def preview_imports(
    *,
    text: str,
    edits: ImportEdits | None = None,
    replace: bool = False,
    database: Literal["required", "if_available"] = "required",
) -> list[ImportPreview]:
    """Every resolution in the text, checked against the database.

    With ``database="if_available"`` (a dry run) a database that cannot be read at all (no
    tables yet) is not an error: the previews say so in a warning and carry what the parser
    alone can tell. Such previews cannot be saved.
    """
    if database == "required":
        return _previews(text, edits, replace, use_database=True)
    try:
        with transaction.atomic():
            return _previews(text, edits, replace, use_database=True)
    except DatabaseError:
        pass  # an unmigrated or unreachable database: read the text alone
    previews = _previews(text, edits, replace, use_database=False)
    for preview in previews:
        preview.warnings.insert(
            0, Notice(_("the database could not be read: nothing was checked against it"))
        )
    return previews


def import_resolution(
    *,
    text: str,
    user=None,
    replace: bool = False,
    edits: ImportEdits | None = None,
) -> Resolution:
    """Save the one resolution in `text` with its paragraphs and treaty links, or refuse.

    An existing symbol is refused unless `replace`; replacing keeps every paragraph that has
    responses (matched by number) and refuses when one of them would disappear.
    """
    with transaction.atomic():
        preview = preview_import(text=text, edits=edits, replace=replace)
        return _save(preview, user=user)


def import_resolutions(
    *, text: str, user=None, replace: bool = False, edits: ImportEdits | None = None
) -> list[Resolution]:
    """Save every resolution in `text` in one transaction: all of them or none.

    Resolution-level `edits` (such as the session) apply to each of them.
    """
    results = save_imports(text=text, user=user, replace=replace, edits=edits)
    return [result.resolution for result in results]


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    resolution: Resolution


def save_imports(
    *, text: str, user=None, replace: bool = False, edits: ImportEdits | None = None
) -> list[ImportResult]:
    """Like import_resolutions, also returning what was read (for a summary)."""
    with transaction.atomic():
        previews = preview_imports(text=text, replace=replace, edits=edits)
        symbols = [p.parsed.symbol for p in previews]
        for preview in previews:
            if preview.parsed.symbol and symbols.count(preview.parsed.symbol) > 1:
                raise ImportRefused(
                    _("%(symbol)s appears more than once in the text.")
                    % {"symbol": preview.parsed.symbol}
                )
        return [ImportResult(preview, _save(preview, user=user)) for preview in previews]


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


def _previews(
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
            message = _("session %(number)d is not in the sessions table") % {
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


# ------------------------------------------------------------------------------------- save


def _save(preview: ImportPreview, *, user) -> Resolution:
    if not preview.database_checked:
        raise ImportRefused(_("The database could not be read: nothing was saved."))
    if preview.problems:
        first = preview.problems[0]
        raise ImportRefused(first.message, first.line)
    parsed = preview.parsed
    topic = find_or_create_topic(name=preview.topic_name) if preview.topic_name else None
    values = {
        "session": preview.session,
        "topic": topic,
        "title": parsed.title,
        "adopted_on": parsed.date,
        "deliberated": True if parsed.deliberated is None else parsed.deliberated,
        "secretariat_document": parsed.secretariat_document or "",
        "body": Resolution.Body.UN_GA if parsed.body == "un_ga" else Resolution.Body.AALCO,
        # What PostgreSQL cannot store (NUL, lone surrogates) never reaches it.
        "source_text": preview.source_text.encode("utf-8", "replace")
        .decode("utf-8")
        .replace("\x00", ""),
        "imported_by": user if user is not None and user.is_authenticated else None,
    }
    try:
        with transaction.atomic():
            if preview.existing is not None:
                resolution = _replace(preview, values)
            else:
                resolution = Resolution.objects.create(symbol=parsed.symbol, **values)
                _create_paragraphs(resolution, preview, start=1)
    except IntegrityError as error:
        # Two people confirming the same symbol at once: the unique constraint decides.
        raise ImportRefused(
            _(
                "%(symbol)s could not be saved: it was imported by someone else meanwhile, or a "
                "paragraph conflicts. Preview it again."
            )
            % {"symbol": parsed.symbol}
        ) from error
    except ProtectedError as error:
        raise ImportRefused(
            _("A paragraph of %(symbol)s received responses meanwhile. Preview it again.")
            % {"symbol": parsed.symbol}
        ) from error
    return resolution


def _create_paragraphs(
    resolution: Resolution,
    preview: ImportPreview,
    *,
    start: int,
    keep: Mapping[int, Paragraph] | None = None,
) -> None:
    """Preambular then operative paragraphs in reading order; `keep` are updated in place."""
    keep = keep or {}
    order = start
    rows: list[Paragraph] = []
    for preambular in preview.parsed.preambular:
        rows.append(
            Paragraph(
                resolution=resolution,
                kind=Paragraph.Kind.PREAMBULAR,
                order=order,
                verb=preambular.verb[:100],
                text=preambular.text,
                footnotes=[f.to_dict() for f in preambular.footnotes],
            )
        )
        order += 1
    operative_rows: list[tuple[Paragraph, list[Treaty]]] = []
    for item in preview.operative:
        paragraph = item.paragraph
        row = keep.get(paragraph.number) or Paragraph(resolution=resolution)
        row.kind = Paragraph.Kind.OPERATIVE
        row.number = paragraph.number
        row.order = order
        row.verb = paragraph.verb[:100]
        row.text = paragraph.text
        row.subparagraphs = [sub.to_dict() for sub in paragraph.subparagraphs]
        row.footnotes = [f.to_dict() for f in paragraph.footnotes]
        row.requests_report = paragraph.requests_report
        row.addressees = str(paragraph.addressees)
        row.carries_to_session = paragraph.carries_to_session
        operative_rows.append((row, item.treaties))
        order += 1
    kept = [row for row, _t in operative_rows if row.pk]
    Paragraph.objects.bulk_update(
        kept,
        [
            "kind", "number", "order", "verb", "text", "subparagraphs", "footnotes",
            "requests_report", "addressees", "carries_to_session",
        ],
    )  # fmt: skip
    rows += [row for row, _t in operative_rows if not row.pk]
    Paragraph.objects.bulk_create(rows)
    Link = Paragraph.treaties.through
    Link.objects.filter(paragraph__in=kept).delete()
    Link.objects.bulk_create(
        [
            Link(paragraph_id=row.pk, treaty_id=treaty.pk)
            for row, treaties in operative_rows
            for treaty in treaties
        ]
    )


def _replace(preview: ImportPreview, values: Mapping[str, Any]) -> Resolution:
    """Update the resolution in place, keeping operative paragraphs by number.

    Paragraph ids survive (responses reference them with PROTECT; reminders list them), so
    a corrected text never loses what states have already reported.
    """
    resolution = Resolution.objects.select_for_update().get(pk=preview.existing.pk)
    for name, value in values.items():
        setattr(resolution, name, value)
    resolution.save()
    numbers = {p.number for p in preview.parsed.operative}
    existing = list(resolution.paragraphs.all())
    keep = {
        p.number: p for p in existing if p.kind == Paragraph.Kind.OPERATIVE and p.number in numbers
    }
    # Raises ProtectedError if a paragraph about to go received a response since the preview.
    Paragraph.objects.filter(pk__in=[p.pk for p in existing if p.number not in keep]).delete()
    # Orders move past every old value first: the (resolution, order) constraint is checked
    # row by row, so shifting in place could collide half-way.
    top = max((p.order for p in existing), default=0) + 1
    for offset, paragraph in enumerate(keep.values()):
        paragraph.order = top + offset
    Paragraph.objects.bulk_update(list(keep.values()), ["order"])
    _create_paragraphs(resolution, preview, start=top + len(keep), keep=keep)
    _renumber(resolution)
    return resolution


def _renumber(resolution: Resolution) -> None:
    """Bring orders back to 1..n after a replacement (moving them up first, see above)."""
    paragraphs = list(resolution.paragraphs.order_by("order"))
    top = paragraphs[-1].order + 1 if paragraphs else 1
    for offset, paragraph in enumerate(paragraphs):
        paragraph.order = top + offset
    Paragraph.objects.bulk_update(paragraphs, ["order"])
    for index, paragraph in enumerate(paragraphs, start=1):
        paragraph.order = index
    Paragraph.objects.bulk_update(paragraphs, ["order"])
