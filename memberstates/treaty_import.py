"""Load a treaty's status for every member state from a UNTC participant table.

Two steps, as the secretariat works: `preview_treaty_status` reads the file and says what
would change (nothing is written), `apply_treaty_status` writes exactly that preview in one
transaction, each change through `update_treaty_status` so it keeps its history and source.
Member states the table does not list have taken no action on the treaty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MemberState, Treaty, TreatyStatus, describe_participation
from .services.parties import update_treaty_status
from .untc import (
    ParticipantRow,
    ParticipantTableError,
    load_participant_names,
    match_participant,
    name_index,
    read_participant_table,
)

SHORT_NAME_MAX: int = Treaty._meta.get_field("short_name").max_length or 0


@dataclass(frozen=True)
class StatusChange:
    state: MemberState
    current: TreatyStatus | None
    signature_date: datetime.date | None
    consent_date: datetime.date | None
    consent_type: str
    line: int | None  # line of the table, None for a state the table does not list

    @property
    def outcome(self) -> str:
        """new / changed / unchanged."""
        if self.current is None:
            return "new"
        same = (
            self.current.signature_date == self.signature_date
            and self.current.consent_date == self.consent_date
            and self.current.consent_type == self.consent_type
        )
        return "unchanged" if same else "changed"

    def describe(self) -> str:
        return describe_participation(
            signature_date=self.signature_date,
            consent_date=self.consent_date,
            consent_type=self.consent_type,
        )


@dataclass
class TreatyStatusPreview:
    short_name: str
    title: str
    source: str
    treaty: Treaty | None  # None: the treaty is new and will be created
    changes: list[StatusChange] = field(default_factory=list)
    not_members: list[str] = field(default_factory=list)  # participants that are not members

    def count(self, outcome: str) -> int:
        return sum(1 for change in self.changes if change.outcome == outcome)

    @property
    def count_new(self) -> int:
        return self.count("new")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def to_write(self) -> list[StatusChange]:
        return [change for change in self.changes if change.outcome != "unchanged"]


def _check_short_name(short_name: str) -> str:
    short_name = short_name.strip()
    if not short_name or len(short_name) > SHORT_NAME_MAX or "/" in short_name:
        raise ValidationError(
            _("A treaty's short name has 1 to %(n)d characters and no slash, e.g. ICMW.")
            % {"n": SHORT_NAME_MAX}
        )
    return short_name


def preview_treaty_status(
    *, short_name: str, data: bytes | str, source: str, title: str = ""
) -> TreatyStatusPreview:
    """What loading the table would change. Raises ValidationError with a readable message."""
    short_name = _check_short_name(short_name)
    treaty = Treaty.objects.filter(short_name__iexact=short_name).first()
    if treaty is None and not title.strip():
        raise ValidationError(
            _("%(name)s is a new treaty: give its full title.") % {"name": short_name}
        )
    if not source.strip():
        raise ValidationError(_("Say where the table comes from (e.g. the UNTC page)."))
    try:
        rows = read_participant_table(data)
    except ParticipantTableError as exc:
        raise ValidationError(str(exc)) from None

    states = list(MemberState.objects.active().order_by("name"))
    index = name_index([(s.iso3, s.name) for s in states], load_participant_names())
    by_iso3, not_members = _rows_by_member(rows, index)
    current = (
        {s.member_state_id: s for s in TreatyStatus.objects.filter(treaty=treaty)} if treaty else {}
    )
    preview = TreatyStatusPreview(
        short_name=treaty.short_name if treaty else short_name,
        title=treaty.title if treaty and not title.strip() else title.strip(),
        source=source.strip(),
        treaty=treaty,
        not_members=not_members,
    )
    for state in states:
        listed = by_iso3.get(state.iso3)
        preview.changes.append(
            StatusChange(
                state=state,
                current=current.get(state.pk),
                signature_date=listed.signature_date if listed else None,
                consent_date=listed.consent_date if listed else None,
                consent_type=listed.consent_type if listed else "",
                line=listed.line if listed else None,
            )
        )
    return preview


def _rows_by_member(
    rows: list[ParticipantRow], index: dict[str, str]
) -> tuple[dict[str, ParticipantRow], list[str]]:
    """Each member state's row by ISO code, and the participants that are not members."""
    by_iso3: dict[str, ParticipantRow] = {}
    not_members: list[str] = []
    for row in rows:
        iso3 = match_participant(row.participant, index)
        if iso3 is None:
            not_members.append(row.participant)
            continue
        if iso3 in by_iso3:
            raise ValidationError(
                _("Line %(line)d: %(name)s is listed twice (first on line %(first)d).")
                % {"line": row.line, "name": row.participant, "first": by_iso3[iso3].line}
            )
        if row.signature_date and row.consent_date and row.consent_date < row.signature_date:
            raise ValidationError(
                _("Line %(line)d: %(name)s consents before it signs.")
                % {"line": row.line, "name": row.participant}
            )
        by_iso3[iso3] = row
    return by_iso3, not_members


@transaction.atomic
def apply_treaty_status(*, preview: TreatyStatusPreview, changed_by=None) -> Treaty:
    """Write the preview: the treaty if new (or its new title), then each changed status."""
    treaty = preview.treaty
    if treaty is None:
        treaty = Treaty.objects.create(short_name=preview.short_name, title=preview.title)
    elif preview.title and preview.title != treaty.title:
        treaty.title = preview.title
        treaty.save(update_fields=["title"])
    for change in preview.to_write:
        update_treaty_status(
            member_state=change.state,
            treaty=treaty,
            signature_date=change.signature_date,
            consent_date=change.consent_date,
            consent_type=change.consent_type,
            source=preview.source,
            changed_by=changed_by,
            reason=_("Loaded from a UN Treaty Collection participant table"),
        )
    return treaty
