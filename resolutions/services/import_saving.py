"""Saving a checked import: the resolution, its paragraphs and treaty links, in one go.

Replacing keeps every paragraph that has responses (matched by section and number) and
refuses when one of them would disappear: responses are never dropped silently. The parser's
reading is saved beside the result, with the list of what the secretariat corrected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from memberstates.models import MemberState, Treaty
from resolutions.parser.model import Operative, Preambular

from ..models import Paragraph, Resolution
from .import_preview import ImportPreview, ImportRefused, find_or_create_topic, reading_order
from .obligations import sync_obligations


def save_preview(preview: ImportPreview, *, user) -> Resolution:
    """Write a checked preview (call inside the caller's transaction.atomic)."""
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
        "body": parsed.body if parsed.body in Resolution.Body.values else Resolution.Body.OTHER,
        "meeting": parsed.meeting or "",
        "vote": parsed.vote or "",
        "sections": [section.to_dict() for section in parsed.sections],
        "parsed_reading": _clean_json((preview.reading or parsed).to_dict()),
        "corrections": corrections(preview),
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
                resolution = Resolution.objects.create(symbol=parsed.symbol or "", **values)
                _create_paragraphs(resolution, preview, start=1)
            # Who the paragraphs address, kept for the pages: in the same transaction.
            sync_obligations(resolution_ids=[resolution.pk])
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
    keep: Mapping[tuple[str, int], Paragraph] | None = None,
) -> None:
    """Preambular then operative paragraphs in reading order; `keep` are updated in place."""
    keep = keep or {}
    rows: list[Paragraph] = []
    operative_rows: list[_OperativeRow] = []
    items = {id(item.paragraph): item for item in preview.operative}
    for order, paragraph in enumerate(reading_order(preview.parsed), start):
        item = items.get(id(paragraph))
        if item is None:
            rows.append(_preambular_row(resolution, paragraph, order))
            continue
        paragraph = item.paragraph
        row = keep.get((paragraph.section, paragraph.number)) or Paragraph(resolution=resolution)
        _fill_operative_row(row, paragraph, order)
        chosen = item.chosen if row.addressees == Paragraph.Addressees.CHOSEN else []
        operative_rows.append((row, item.treaties, chosen))
    kept = [row for row, _t, _s in operative_rows if row.pk]
    Paragraph.objects.bulk_update(
        kept,
        [
            "kind", "section", "number", "order", "verb", "text", "subparagraphs", "footnotes",
            "requests_report", "addressees", "carries_to_session",
        ],
    )  # fmt: skip
    rows += [row for row, _t, _s in operative_rows if not row.pk]
    Paragraph.objects.bulk_create(rows)
    _link_treaties(operative_rows, kept)
    _link_chosen_states(operative_rows, kept)


#: An operative paragraph's row, the treaties it names and the states it is addressed to.
_OperativeRow = tuple[Paragraph, list[Treaty], list[str]]


def _preambular_row(
    resolution: Resolution, paragraph: Preambular | Operative, order: int
) -> Paragraph:
    return Paragraph(
        resolution=resolution,
        kind=Paragraph.Kind.PREAMBULAR,
        section=paragraph.section,
        order=order,
        verb=paragraph.verb[:100],
        text=paragraph.text,
        footnotes=[f.to_dict() for f in paragraph.footnotes],
    )


def _fill_operative_row(row: Paragraph, paragraph: Operative, order: int) -> None:
    row.kind = Paragraph.Kind.OPERATIVE
    row.section = paragraph.section
    row.number = paragraph.number
    row.order = order
    row.verb = paragraph.verb[:100]
    row.text = paragraph.text
    row.subparagraphs = [sub.to_dict() for sub in paragraph.subparagraphs]
    row.footnotes = [f.to_dict() for f in paragraph.footnotes]
    row.requests_report = paragraph.requests_report
    row.addressees = str(paragraph.addressees)
    row.carries_to_session = paragraph.carries_to_session


def _link_treaties(operative_rows: list[_OperativeRow], kept: list[Paragraph]) -> None:
    Link = Paragraph.treaties.through
    Link.objects.filter(paragraph__in=kept).delete()
    Link.objects.bulk_create(
        [
            Link(paragraph_id=row.pk, treaty_id=treaty.pk)
            for row, treaties, _s in operative_rows
            for treaty in treaties
        ]
    )


def _link_chosen_states(operative_rows: list[_OperativeRow], kept: list[Paragraph]) -> None:
    codes = {code for _r, _t, states in operative_rows for code in states}
    if not codes and not kept:
        return
    state_ids = (
        dict(MemberState.objects.filter(iso3__in=codes).values_list("iso3", "pk")) if codes else {}
    )
    Chosen = Paragraph.chosen_states.through
    Chosen.objects.filter(paragraph__in=kept).delete()
    Chosen.objects.bulk_create(
        [
            Chosen(paragraph_id=row.pk, memberstate_id=state_ids[code])
            for row, _t, states in operative_rows
            for code in states
            if code in state_ids
        ]
    )


def _replace(preview: ImportPreview, values: Mapping[str, Any]) -> Resolution:
    """Update the resolution in place, keeping operative paragraphs by number.

    Paragraph ids survive (responses reference them with PROTECT; reminders list them), so
    a corrected text never loses what states have already reported.
    """
    assert preview.existing is not None  # only called to replace an existing resolution
    resolution = Resolution.objects.select_for_update().get(pk=preview.existing.pk)
    for name, value in values.items():
        setattr(resolution, name, value)
    resolution.save()
    references = {(p.section, p.number) for p in preview.parsed.operative}
    existing = list(resolution.paragraphs.all())
    keep = {
        (p.section, p.number): p
        for p in existing
        if p.kind == Paragraph.Kind.OPERATIVE
        and p.number is not None
        and (p.section, p.number) in references
    }
    kept_ids = {p.pk for p in keep.values()}
    # Raises ProtectedError if a paragraph about to go received a response since the preview.
    Paragraph.objects.filter(pk__in=[p.pk for p in existing if p.pk not in kept_ids]).delete()
    # A kept paragraph may take another's (section, number) in the new text: move every kept
    # one aside first (numbers are unique per section only among operative paragraphs).
    for paragraph in keep.values():
        paragraph.section = f"~{paragraph.pk}"[:20]
    Paragraph.objects.bulk_update(list(keep.values()), ["section"])
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


RESOLUTION_FIELDS = (
    "symbol",
    "date",
    "session",
    "title",
    "deliberated",
    "secretariat_document",
    "body",
    "meeting",
    "vote",
)
PARAGRAPH_FIELDS = (
    "kind",
    "section",
    "number",
    "verb",
    "text",
    "requests_report",
    "addressees",
    "treaties",
    "carries_to_session",
)


def corrections(preview: ImportPreview) -> list[dict[str, Any]]:
    """What the secretariat changed: each field that differs from the parser's reading.

    Paragraphs are compared in reading order while the editor kept their number; a split or
    a merge is recorded once, as the structure before and after.
    """
    reading, saved = preview.reading, preview.parsed
    if reading is None:
        return []
    changes: list[dict[str, Any]] = []
    read_dict, saved_dict = reading.to_dict(), saved.to_dict()
    if preview.session_number != reading.session:
        saved_dict["session"] = preview.session_number
    for name in RESOLUTION_FIELDS:
        if read_dict.get(name) != saved_dict.get(name):
            changes.append(
                {"where": "resolution", "field": name, "read": read_dict.get(name),
                 "saved": saved_dict.get(name)}
            )  # fmt: skip
    before = _paragraph_dicts(read_dict)
    after = _paragraph_dicts(saved_dict)
    if [p["where"] for p in before] != [p["where"] for p in after]:
        changes.append(
            {"where": "structure", "field": "paragraphs",
             "read": [p["where"] for p in before], "saved": [p["where"] for p in after]}
        )  # fmt: skip
    read_by_place = {p["where"]: p for p in before}
    for paragraph in after:
        old = read_by_place.get(paragraph["where"])
        if old is None:
            continue
        for name in PARAGRAPH_FIELDS:
            if old.get(name) != paragraph.get(name):
                changes.append(
                    {"where": paragraph["where"], "field": name, "read": old.get(name),
                     "saved": paragraph.get(name)}
                )  # fmt: skip
    for item in preview.operative:
        if item.chosen:
            changes.append(
                {"where": item.paragraph.reference, "field": "chosen_states", "read": [],
                 "saved": list(item.chosen)}
            )  # fmt: skip
    return _clean_json(changes)


def _paragraph_dicts(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Paragraphs with a place name: "preamble 2", "II.3"."""
    rows = []
    for index, paragraph in enumerate(data["preambular"], start=1):
        rows.append({**paragraph, "kind": "preambular", "where": f"preamble {index}"})
    for paragraph in data["operative"]:
        section, number = paragraph.get("section") or "", paragraph["number"]
        reference = f"{section}.{number}" if section else str(number)
        rows.append({**paragraph, "kind": "operative", "where": reference})
    return rows


def _clean_json(value: Any) -> Any:
    """What PostgreSQL's jsonb cannot hold (NUL, lone surrogates) never reaches it."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean_json(item) for key, item in value.items()}
    return value
