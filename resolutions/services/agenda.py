"""The next session's provisional agenda: drafted from the previous session's resolutions,
kept by the secretariat, exported with its follow-up annex.

Carried-forward items are derived: every resolution of the previous session with a paragraph
"Decides to place this item on the provisional agenda of its Fifty-Third Annual Session"
(``Paragraph.carries_to_session``) gives one item. Deriving again adds what is new and drops
what no longer carries (a corrected paragraph), but never touches the secretariat's titles,
document symbols, notes or order. Standing items ("Adoption of the agenda" ...) are the
secretariat's own: defaults are offered, never forced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AgendaItem, Resolution, Session
from ..selectors.agenda import title_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Standing items offered to the secretariat: (title, where it goes). "opening" items go
#: before the substantive ones, "closing" items after them.
DEFAULT_STANDING_ITEMS: tuple[tuple[StrOrPromise, Literal["opening", "closing"]], ...] = (
    (gettext_lazy("Adoption of the agenda"), "opening"),
    (gettext_lazy("Admission of observers"), "opening"),
    (gettext_lazy("Report of the Secretary-General on the work of AALCO"), "opening"),
    (gettext_lazy("Venue and dates of the next annual session"), "closing"),
    (gettext_lazy("Any other matters"), "closing"),
    (gettext_lazy("Adoption of the summary report"), "closing"),
)

#: The item code at the end of a symbol: "AALCO/RES/52/S 5" -> "S 5", ".../2013/ORG 3" -> "ORG 3".
_ITEM_CODE = re.compile(r"([A-Z]{1,5})\s*(\d+[A-Z]?)\s*$")


class AgendaError(Exception):
    """A request about the agenda that cannot be met; the message is for a person."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


class NoPreviousSession(AgendaError):
    pass


class EmptyAgenda(AgendaError):
    pass


@dataclass(frozen=True)
class ExportResult:
    filename: str
    content_type: str
    content: bytes


def previous_session(*, session: Session) -> Session | None:
    return Session.objects.filter(number__lt=session.number).order_by("-number").first()


def carried_resolutions(*, session: Session, previous: Session) -> list[Resolution]:
    """Resolutions of `previous` that placed their item on `session`'s provisional agenda."""
    return list(
        Resolution.objects.filter(
            session=previous,
            paragraphs__carries_to_session=session.number,
            withdrawn_at__isnull=True,
        )
        .select_related("topic", "session")
        .distinct()
        .order_by("pk")
    )


def item_code(symbol: str) -> str:
    """The work-programme code a symbol ends with ("S 5"), normalised; "" when there is none."""
    match = _ITEM_CODE.search(symbol.strip().upper())
    return f"{match.group(1)} {match.group(2)}" if match else ""


def suggest_document_symbol(*, session: Session, resolution: Resolution | None) -> str:
    """The secretariat document symbol for a carried item, e.g. ``AALCO/53/TEHRAN/2014/S 5``.

    The item code comes from the previous secretariat document (else the resolution's
    symbol); sessions at headquarters are written ``HEADQUARTERS (NEW DELHI)`` as AALCO does.
    """
    if resolution is None:
        return ""
    code = item_code(resolution.secretariat_document) or item_code(resolution.symbol)
    if not code:
        return ""
    city = (session.city or "").strip().upper()
    place = "HEADQUARTERS (NEW DELHI)" if city == "NEW DELHI" else city
    parts = ["AALCO", str(session.number), place, str(session.year), code]
    return "/".join(p for p in parts if p)


def _sort_key(resolution: Resolution) -> tuple:
    code = item_code(resolution.symbol)
    prefix, _sep, number = code.partition(" ")
    digits = re.match(r"\d+", number)
    return (prefix, int(digits.group()) if digits else 0, resolution.symbol)


def _closing_titles() -> set[str]:
    return {str(title).casefold() for title, where in DEFAULT_STANDING_ITEMS if where == "closing"}


def _renumber(items: list[AgendaItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["position"])


def _lock_agenda(session: Session) -> list[AgendaItem]:
    # Lock the session row: two officers (or a page and an export) drafting at once would
    # otherwise both add the same carried item and one would fail on the unique constraint.
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("source_resolution", "topic")
        .order_by("position", "pk")
    )


def draft_agenda(*, session: Session) -> list[AgendaItem]:
    """Bring the carried-forward items up to date and return the agenda in order.

    Idempotent: new carried resolutions are added (after the last carried item, else before
    the closing standing items), items whose resolution no longer carries are removed, and
    everything the secretariat set stays as it is.
    """
    previous = previous_session(session=session)
    if previous is None:
        raise NoPreviousSession(
            _(
                "The %(ordinal)s Annual Session is the first one on record: there is no "
                "previous session whose resolutions could carry items to its agenda."
            )
            % {"ordinal": session.ordinal}
        )
    with transaction.atomic():
        items = _lock_agenda(session)
        carrying = sorted(carried_resolutions(session=session, previous=previous), key=_sort_key)
        items, removed = _drop_stale_items(items, wanted={r.pk for r in carrying})
        have = {i.source_resolution_id for i in items}
        new = [
            _carried_item(session, resolution)
            for resolution in carrying
            if resolution.pk not in have
        ]
        if not new and not removed:
            return items
        at = _insertion_point(items)
        for item in new:
            item.save()
        items[at:at] = new
        _renumber(items)
        return items


def _drop_stale_items(
    items: list[AgendaItem], *, wanted: set[int]
) -> tuple[list[AgendaItem], bool]:
    """Delete carried items whose resolution no longer carries; the rest, and whether any went."""
    stale = [
        i
        for i in items
        if i.kind == AgendaItem.Kind.CARRIED and i.source_resolution_id not in wanted
    ]
    if not stale:
        return items, False
    AgendaItem.objects.filter(pk__in=[i.pk for i in stale]).delete()
    return [i for i in items if i not in stale], True


def _carried_item(session: Session, resolution: Resolution) -> AgendaItem:
    return AgendaItem(
        session=session,
        kind=AgendaItem.Kind.CARRIED,
        position=0,
        title=title_for(resolution)[:500],
        topic=resolution.topic,
        source_resolution=resolution,
        secretariat_document=suggest_document_symbol(session=session, resolution=resolution),
    )


def _insertion_point(items: list[AgendaItem]) -> int:
    """After the last carried item, else before the closing standing items, else at the end."""
    carried_at = [n for n, i in enumerate(items) if i.kind == AgendaItem.Kind.CARRIED]
    if carried_at:
        return carried_at[-1] + 1
    closing = _closing_titles()
    return next((n for n, i in enumerate(items) if i.title.casefold() in closing), len(items))


def move_agenda_item(*, item: AgendaItem, direction: Literal["up", "down"]) -> list[AgendaItem]:
    """Swap the item with its neighbour; at either end nothing moves."""
    if direction not in ("up", "down"):
        raise AgendaError(_("An item can only move up or down."))
    with transaction.atomic():
        items = _lock_agenda(item.session)
        index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
        if index is None:
            raise AgendaError(_("This item is no longer on the agenda."))
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            _renumber(items)
        return items


def add_standing_item(
    *,
    session: Session,
    title: str,
    secretariat_document: str = "",
    notes: str = "",
    where: Literal["opening", "closing"] = "closing",
) -> AgendaItem:
    """Add a standing item before the substantive items ("opening") or at the end."""
    title = title.strip()
    if not title:
        raise AgendaError(_("Enter the title of the item."))
    with transaction.atomic():
        items = _lock_agenda(session)
        if any(i.title.casefold() == title.casefold() for i in items):
            raise AgendaError(
                _("“%(title)s” is already on the agenda.") % {"title": title},
            )
        item = AgendaItem.objects.create(
            session=session,
            kind=AgendaItem.Kind.STANDING,
            position=0,
            title=title,
            secretariat_document=secretariat_document.strip(),
            notes=notes.strip(),
        )
        if where == "opening":
            at = next(
                (n for n, i in enumerate(items) if i.kind == AgendaItem.Kind.CARRIED), len(items)
            )
        else:
            at = len(items)
        items.insert(at, item)
        _renumber(items)
        return item


def missing_default_items(*, session: Session) -> list[tuple[str, str]]:
    """The default standing items not yet on the agenda (compared by title)."""
    present = {
        t.casefold()
        for t in AgendaItem.objects.filter(session=session).values_list("title", flat=True)
    }
    return [(str(t), w) for t, w in DEFAULT_STANDING_ITEMS if str(t).casefold() not in present]


def add_default_standing_items(*, session: Session) -> list[AgendaItem]:
    """Add the default standing items that are missing: opening ones first, closing ones last."""
    added = []
    with transaction.atomic():
        missing = missing_default_items(session=session)
        # Opening items go in reverse so each lands before the substantive items in order.
        opening = [t for t, w in missing if w == "opening"]
        items = _lock_agenda(session)
        first_carried = next(
            (n for n, i in enumerate(items) if i.kind == AgendaItem.Kind.CARRIED), len(items)
        )
        new_opening = [
            AgendaItem.objects.create(
                session=session, kind=AgendaItem.Kind.STANDING, position=0, title=t
            )
            for t in opening
        ]
        new_closing = [
            AgendaItem.objects.create(
                session=session, kind=AgendaItem.Kind.STANDING, position=0, title=t
            )
            for t, w in missing
            if w == "closing"
        ]
        items[first_carried:first_carried] = new_opening
        items.extend(new_closing)
        _renumber(items)
        added = new_opening + new_closing
    return added


def update_agenda_item(
    *, item: AgendaItem, title: str, secretariat_document: str, notes: str
) -> AgendaItem:
    title = title.strip()
    if not title:
        raise AgendaError(_("Enter the title of the item."))
    item.title = title
    item.secretariat_document = secretariat_document.strip()
    item.notes = notes.strip()
    item.save(update_fields=["title", "secretariat_document", "notes"])
    return item


def remove_agenda_item(*, item: AgendaItem) -> None:
    """Remove a standing item. A carried item stays: the previous session decided it."""
    if item.kind == AgendaItem.Kind.CARRIED:
        raise AgendaError(
            _(
                "“%(title)s” was placed on this agenda by %(symbol)s and cannot be removed "
                "here; correct the resolution's paragraph instead."
            )
            % {"title": item.title, "symbol": getattr(item.source_resolution, "symbol", "")}
        )
    with transaction.atomic():
        session = item.session
        item.delete()
        _renumber(_lock_agenda(session))


def export_agenda(*, session: Session, fmt: str, language: str | None = None) -> ExportResult:
    """The agenda with its annex in one format (docx, pdf, xlsx, csv, json), written in
    `language` (headings, dates, numbers, official translations of the resolutions; the
    default language when None).

    Raises AgendaError (with a message for a person) for an unknown format, a session with
    no previous session, or an agenda with no items: never an empty file.
    """
    from aalco.languages import export_language

    from ..exports.base import get_exporter

    exporter = get_exporter(fmt)
    if exporter is None:
        raise AgendaError(
            _("“%(fmt)s” is not a format the agenda can be exported in.") % {"fmt": fmt}
        )
    language = export_language(language)
    with translation.override(language):
        annex = annex_for_export(session=session, language=language)
        filename, content_type, content = exporter.render(annex)
    return ExportResult(filename=filename, content_type=content_type, content=content)


def annex_for_export(*, session: Session, language: str | None = None):
    """The drafted agenda with its annex, ready to export; AgendaError when there is none.
    With a `language`, operative paragraphs come in their official translation into it
    where the secretariat attached one."""
    from ..selectors.agenda import agenda_annex

    draft_agenda(session=session)
    annex = agenda_annex(session=session, language=language)
    assert annex is not None  # draft_agenda refused a session without a previous one
    if not annex.items:
        raise EmptyAgenda(
            _(
                "The agenda of the %(ordinal)s Annual Session has no items yet: no resolution "
                "of the %(previous)s session placed an item on it and no standing item has "
                "been added. Add items before exporting."
            )
            % {"ordinal": session.ordinal, "previous": annex.previous.ordinal}
        )
    return annex
