"""Importing resolutions from their text: preview against the database, then save.

The parser (``resolutions.parser``) reads the words and knows nothing of the database;
``import_preview`` checks what it read against the tables and applies the secretariat's
corrections, ``import_saving`` writes it; this module is the entry point and saves
everything in one transaction. Every refusal is an ``ImportRefused``
with a message for a person; nothing here raises anything else for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from ..models import Resolution
from .import_preview import (
    ImportEdits,
    ImportPreview,
    ImportRefused,
    Notice,
    OperativePreview,
    ParagraphEdit,
    build_preview,
    build_previews,
    find_or_create_topic,
    read_text,
    topic_name_from_title,
    treaty_aliases,
)
from .import_saving import save_preview

__all__ = [
    "BatchItemResult",
    "ImportEdits",
    "ImportPreview",
    "ImportRefused",
    "ImportResult",
    "Notice",
    "OperativePreview",
    "ParagraphEdit",
    "find_or_create_topic",
    "import_resolution",
    "import_resolutions",
    "preview_import",
    "preview_imports",
    "save_import_batch",
    "save_imports",
    "topic_name_from_title",
    "treaty_aliases",
]


# ---------------------------------------------------------------------------------------- API


def preview_import(
    *,
    text: str,
    edits: ImportEdits | None = None,
    replace: bool = False,
    index: int | None = None,
) -> ImportPreview:
    """Parse one resolution and check it against the database; saves nothing.

    `index` picks one resolution of a text holding several (a session's compilation).
    """
    if index is not None:
        readings = read_text(text, use_database=True)
        if not 0 <= index < len(readings):
            raise ImportRefused(_("This resolution is no longer in the text: read it again."))
        return build_preview(text, readings[index], edits, replace, use_database=True, index=index)
    previews = preview_imports(text=text, edits=edits, replace=replace)
    if len(previews) > 1:
        raise ImportRefused(
            _(
                "This text holds %(count)d resolutions (%(symbols)s). Import them one at a "
                "time: paste or upload each resolution on its own."
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
        return build_previews(text, edits, replace, use_database=True)
    try:
        with transaction.atomic():
            return build_previews(text, edits, replace, use_database=True)
    except DatabaseError:
        pass  # an unmigrated or unreachable database: read the text alone
    previews = build_previews(text, edits, replace, use_database=False)
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
    index: int | None = None,
) -> Resolution:
    """Save the one resolution in `text` (or its `index`-th) with its paragraphs, or refuse.

    An existing symbol is refused unless `replace`; replacing keeps every paragraph that has
    responses (matched by section and number) and refuses when one of them would disappear.
    """
    with transaction.atomic():
        preview = preview_import(text=text, edits=edits, replace=replace, index=index)
        return save_preview(preview, user=user)


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
        return [ImportResult(preview, save_preview(preview, user=user)) for preview in previews]


@dataclass(frozen=True)
class BatchItemResult:
    """One resolution of a compilation: saved, or the reason it was not."""

    index: int
    symbol: str
    resolution: Resolution | None = None
    error: str | None = None

    @property
    def saved(self) -> bool:
        return self.resolution is not None


def save_import_batch(
    *,
    text: str,
    indices: list[int],
    user=None,
    session: int | None = None,
) -> list[BatchItemResult]:
    """Save the chosen resolutions of a compilation, each in its own transaction.

    The text is read once; each resolution is checked against the database again inside its
    own transaction, so one refused resolution leaves the others saved and itself untouched.
    `session` files the resolutions that carry no AALCO session of their own.
    """
    readings = read_text(text, use_database=True)
    results = []
    for index in dict.fromkeys(indices):
        if not 0 <= index < len(readings):
            continue
        reading = readings[index]
        edits = None
        if session is not None and (reading.body != "aalco" or reading.session is None):
            edits = ImportEdits(resolution={"session": session})
        symbol = reading.symbol or _("resolution %(number)d") % {"number": index + 1}
        try:
            with transaction.atomic():
                preview = build_preview(text, reading, edits, False, use_database=True, index=index)
                resolution = save_preview(preview, user=user)
        except ImportRefused as error:
            results.append(BatchItemResult(index, symbol, error=error.describe()))
        else:
            results.append(BatchItemResult(index, symbol, resolution=resolution))
    return results
