"""Saving a checked import: the resolution, its paragraphs and treaty links, in one go.

Replacing keeps every paragraph that has responses (matched by number) and refuses when one
of them would disappear: responses are never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from memberstates.models import Treaty

from ..models import Paragraph, Resolution
from .import_preview import ImportPreview, ImportRefused, find_or_create_topic
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
