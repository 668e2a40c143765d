"""Workflows on the parties' data, called by views, admin actions, commands and tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from ..models import MemberState, Treaty, TreatyStatus

PartiesListener = Callable[..., object]
_parties_listeners: list[PartiesListener] = []


def on_parties_changed(listener: PartiesListener) -> PartiesListener:
    """Register a function called as `listener(state_ids=...)` whenever member states or
    their treaty status change (the resolutions app keeps its obligations table with it:
    this app may not import that one)."""
    if listener not in _parties_listeners:
        _parties_listeners.append(listener)
    return listener


def parties_changed(*, state_ids: Iterable[int]) -> None:
    """Tell the listeners, inside the caller's transaction, which states changed."""
    ids = sorted(set(state_ids))
    if not ids:
        return
    for listener in _parties_listeners:
        listener(state_ids=ids)


def check_participation(
    *,
    treaty: Treaty,
    signature_date: datetime.date | None,
    consent_date: datetime.date | None,
    consent_type: str,
    source: str,
) -> None:
    """The rules on a state's participation in a treaty; ValidationError by field."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not source.strip():
        refuse("source", _("Say where this comes from (e.g. the UNTC page)."))
    if consent_date and not consent_type:
        refuse("consent_type", _("Say whether it was ratification, accession or succession."))
    if consent_type and not consent_date:
        refuse(
            "consent_date",
            _("Enter the date of the %(kind)s.")
            % {"kind": str(dict(TreatyStatus.ConsentType.choices).get(consent_type, "")).lower()},
        )
    if signature_date and consent_date and consent_date < signature_date:
        refuse(
            "consent_date",
            _("The signature is dated %(date)s: consent cannot come before it.")
            % {"date": signature_date.isoformat()},
        )
    today = timezone.localdate()
    for name, day in (("signature_date", signature_date), ("consent_date", consent_date)):
        if day and day > today:
            refuse(name, _("This date is in the future."))
        if day and treaty.adopted_on and day < treaty.adopted_on:
            refuse(
                name,
                _("The treaty was adopted on %(date)s: this date is earlier.")
                % {"date": treaty.adopted_on.isoformat()},
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_treaty_status(
    *,
    member_state: MemberState,
    treaty: Treaty,
    signature_date: datetime.date | None,
    consent_date: datetime.date | None,
    consent_type: str,
    source: str,
    changed_by=None,
    reservations: str | None = None,
    declarations: str | None = None,
    reason: str = "",
) -> TreatyStatus:
    """Record a state's participation in a treaty; the previous value stays in history.

    A source is required: the UN Treaty Collection page is the authority and the
    secretariat must be able to say where each change came from.
    """
    check_participation(
        treaty=treaty,
        signature_date=signature_date,
        consent_date=consent_date,
        consent_type=consent_type,
        source=source,
    )
    status = (
        TreatyStatus.objects.select_for_update()
        .filter(member_state=member_state, treaty=treaty)
        .first()
    ) or TreatyStatus(member_state=member_state, treaty=treaty)
    status.signature_date = signature_date
    status.consent_date = consent_date
    status.consent_type = consent_type or ""
    status.source = source.strip()
    if reservations is not None:
        status.reservations = reservations
    if declarations is not None:
        status.declarations = declarations
    if changed_by is not None:
        status._history_user = changed_by  # type: ignore[attr-defined]  # simple_history reads the author here
    status.full_clean()
    status.save()
    if reason:
        update_change_reason(status, reason)
    parties_changed(state_ids=[member_state.pk])
    return status
