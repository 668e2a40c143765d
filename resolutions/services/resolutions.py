"""A saved resolution kept by the secretariat in the app: corrected, re-imported, withdrawn.

Every change keeps history (simple-history: the version before the first correction is
recorded first, see ``models.history``). Re-importing goes through the import services'
replace path (``preview_import(replace=True)`` then ``save_preview``), which keeps every
operative paragraph by number, so responses stay attached; what changed is returned for
the page to show. A withdrawn resolution (imported by mistake) keeps its rows, its history
and its responses, drops out of every follow-up and agenda, and can be restored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from memberstates.models import Treaty

from ..models import Paragraph, Resolution
from ..models.history import record_baseline
from .import_preview import ImportPreview, ImportRefused
from .import_saving import save_preview
from .imports import preview_import
from .obligations import sync_obligations


def _with_history_user(instance, user, reason: str) -> None:
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = reason


@transaction.atomic
def update_resolution(
    *,
    resolution: Resolution,
    user,
    title: str,
    adopted_on: datetime.date,
    deliberated: bool,
    secretariat_document: str = "",
) -> Resolution:
    """Correct a resolution's metadata; the symbol and session stay (re-import to change)."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Enter the title of the resolution.")})
    session = resolution.session
    if session.start_date and adopted_on < session.start_date:
        raise ValidationError(
            {
                "adopted_on": _("The %(ordinal)s session opened on %(date)s: adopted before?")
                % {"ordinal": session.ordinal, "date": session.start_date.strftime("%d %B %Y")}
            }
        )
    record_baseline([resolution], user=user)
    resolution.title = title[:500]
    resolution.adopted_on = adopted_on
    resolution.deliberated = deliberated
    resolution.secretariat_document = secretariat_document.strip()[:200]
    _with_history_user(resolution, user, "corrected in the app")
    resolution.save()
    sync_obligations(resolution_ids=[resolution.pk])  # the adoption date decides who is asked
    return resolution


@transaction.atomic
def update_paragraph(
    *,
    paragraph: Paragraph,
    user,
    text: str,
    requests_report: bool,
    addressees: str,
    treaties: list[Treaty] | None = None,
    carries_to_session: int | None = None,
) -> Paragraph:
    """Correct a paragraph's words and what it asks of the member states (the treaties it
    asks them to join, the session whose agenda it places the item on)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter the text of the paragraph.")})
    if addressees not in Paragraph.Addressees.values:
        raise ValidationError({"addressees": _("Choose whom the paragraph addresses.")})
    if paragraph.kind == Paragraph.Kind.PREAMBULAR and requests_report:
        raise ValidationError(
            {"requests_report": _("A preambular paragraph does not ask states to report.")}
        )
    if requests_report and addressees == Paragraph.Addressees.NONE:
        raise ValidationError({"addressees": _("Say which member states are asked to report.")})
    if addressees == Paragraph.Addressees.NON_PARTIES and not treaties and treaties is not None:
        raise ValidationError(
            {"treaties": _("Choose the treaty the states not yet party to are asked to join.")}
        )
    if carries_to_session is not None and carries_to_session <= paragraph.resolution.session.number:
        raise ValidationError(
            {
                "carries_to_session": _("Choose a session after the %(ordinal)s.")
                % {"ordinal": paragraph.resolution.session.ordinal}
            }
        )
    if not requests_report:
        addressees = Paragraph.Addressees.NONE
    record_baseline([paragraph], user=user)
    paragraph.text = text
    paragraph.requests_report = requests_report
    paragraph.addressees = addressees
    if treaties is not None:
        paragraph.carries_to_session = carries_to_session
    _with_history_user(paragraph, user, "corrected in the app")
    paragraph.save()
    if treaties is not None:
        paragraph.treaties.set(treaties)
    sync_obligations(paragraph_ids=[paragraph.pk])
    return paragraph


@dataclass(frozen=True)
class Change:
    """One difference between the saved resolution and the text imported over it."""

    what: str  # "Title", "Paragraph 3", "Preamble 2"
    kind: str  # added / removed / changed
    before: str = ""
    after: str = ""


@dataclass
class Reimport:
    resolution: Resolution
    preview: ImportPreview
    changes: list[Change] = field(default_factory=list)
    #: Operative paragraphs with reports that the new text keeps (by number).
    kept_with_reports: list[int] = field(default_factory=list)


def preview_reimport(*, resolution: Resolution, text: str) -> Reimport:
    """What importing `text` over `resolution` would change; saves nothing."""
    preview = preview_import(text=text, replace=True)
    if preview.parsed.symbol != resolution.symbol:
        raise ImportRefused(
            _("This text is %(found)s, not %(symbol)s: import it as a new resolution instead.")
            % {"found": preview.parsed.symbol or _("without a symbol"), "symbol": resolution.symbol}
        )
    return Reimport(
        resolution=resolution,
        preview=preview,
        changes=_changes(resolution, preview),
        kept_with_reports=sorted(
            {
                number
                for number in resolution.paragraphs.filter(
                    kind=Paragraph.Kind.OPERATIVE, responses__isnull=False
                ).values_list("number", flat=True)
                if number is not None
            }
            & {p.number for p in preview.parsed.operative}
        ),
    )


@transaction.atomic
def reimport_resolution(*, resolution: Resolution, text: str, user) -> Reimport:
    """Import `text` over the saved resolution through the import's replace path."""
    result = preview_reimport(resolution=resolution, text=text)
    record_baseline([resolution], user=user)
    record_baseline(list(resolution.paragraphs.all()), user=user)
    # The replace path saves the resolution (a history row, with the request's user) and
    # bulk-writes paragraphs: their versions before are the baseline recorded above.
    result.resolution = save_preview(result.preview, user=user)
    return result


def _paragraph_key(p: Paragraph) -> tuple[str, int]:
    return (p.kind, (p.number or 0) if p.kind == Paragraph.Kind.OPERATIVE else p.order)


def _label(kind: str, number: int) -> str:
    if kind == Paragraph.Kind.OPERATIVE:
        return _("Paragraph %(number)s") % {"number": number}
    return _("Preamble %(number)s") % {"number": number}


def _join(verb: str, text: str) -> str:
    text = text.strip()
    return text if not verb or text.startswith(verb) else f"{verb} {text}"


def _changes(resolution: Resolution, preview: ImportPreview) -> list[Change]:
    parsed = preview.parsed
    changes = []
    if parsed.title and parsed.title != resolution.title:
        changes.append(Change(_("Title"), "changed", resolution.title, parsed.title))
    if parsed.date and parsed.date != resolution.adopted_on:
        changes.append(
            Change(
                _("Date of adoption"),
                "changed",
                resolution.adopted_on.isoformat(),
                parsed.date.isoformat(),
            )
        )
    old = {_paragraph_key(p): _join(p.verb, p.text) for p in resolution.paragraphs.all()}
    new: dict[tuple[str, int], str] = {}
    for order, p in enumerate(parsed.preambular, start=1):
        new[(Paragraph.Kind.PREAMBULAR, order)] = _join(p.verb, p.text)
    for op in parsed.operative:
        new[(Paragraph.Kind.OPERATIVE, op.number)] = _join(op.verb, op.text)
    for key in sorted(set(old) | set(new), key=lambda k: (k[0] != "preambular", k[1])):
        what = _label(*key)
        if key not in new:
            changes.append(Change(what, "removed", old[key], ""))
        elif key not in old:
            changes.append(Change(what, "added", "", new[key]))
        elif " ".join(old[key].split()) != " ".join(new[key].split()):
            changes.append(Change(what, "changed", old[key], new[key]))
    return changes


@transaction.atomic
def withdraw_resolution(*, resolution: Resolution, user, reason: str) -> Resolution:
    """Take a resolution imported by mistake out of every follow-up; nothing is deleted."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why it is withdrawn: the history keeps it.")})
    if resolution.withdrawn_at is not None:
        raise ValidationError(_("This resolution is already withdrawn."))
    record_baseline([resolution], user=user)
    resolution.withdrawn_at = timezone.now()
    resolution.withdrawn_by = user
    resolution.withdrawal_reason = reason[:500]
    _with_history_user(resolution, user, "withdrawn")
    resolution.save()
    sync_obligations(resolution_ids=[resolution.pk])
    return resolution


@transaction.atomic
def restore_resolution(*, resolution: Resolution, user) -> Resolution:
    """Undo a withdrawal: the resolution and its reports count again."""
    if resolution.withdrawn_at is None:
        raise ValidationError(_("This resolution is not withdrawn."))
    record_baseline([resolution], user=user)
    resolution.withdrawn_at = None
    resolution.withdrawn_by = None
    resolution.withdrawal_reason = ""
    _with_history_user(resolution, user, "restored")
    resolution.save()
    sync_obligations(resolution_ids=[resolution.pk])
    return resolution
