"""Reads for the focal-point portal and the secretariat's review page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from memberstates.models import MemberState

from ..followup import Cell, CellStatus, build_follow_up, reporting_cycles, reporting_paragraphs
from ..models import Attachment, Paragraph, ReportingCycle, Response


@dataclass
class PortalItem:
    cell: Cell
    cycle: ReportingCycle | None
    overdue: bool

    @property
    def paragraph(self) -> Paragraph:
        return self.cell.paragraph

    @property
    def response(self) -> Response | None:
        return self.cell.response

    @property
    def deadline(self) -> datetime.date | None:
        return self.cycle.deadline if self.cycle else None


@dataclass
class PortalOverview:
    state: MemberState
    # The secretariat's questions waiting for an answer: first on the page, whatever the cycle.
    clarify: list[PortalItem] = field(default_factory=list)
    due: list[PortalItem] = field(default_factory=list)  # open cycles, soonest deadline first
    overdue: list[PortalItem] = field(default_factory=list)  # closed cycles, newest first
    answered: list[PortalItem] = field(default_factory=list)

    @property
    def to_do(self) -> int:
        return len(self.clarify) + len(self.due) + len(self.overdue)


def portal_overview(*, state: MemberState, today: datetime.date) -> PortalOverview:
    """Every reporting paragraph addressed to ``state``, sorted into what the page shows.

    Queries: those of build_follow_up (paragraphs, treaties, the state, statuses,
    responses, sessions).
    """
    cycles = reporting_cycles()
    follow_up = build_follow_up(
        reporting_paragraphs(), MemberState.objects.filter(pk=state.pk), cycles=cycles
    )
    overview = PortalOverview(state=state)
    for cell in follow_up.for_state(state.pk):
        cycle = cycles.get(cell.paragraph.resolution.session_id)
        closed = cycle is not None and cycle.is_closed(today)
        item = PortalItem(cell=cell, cycle=cycle, overdue=closed)
        # A clarification request counts as settled for reminders, but the state owes an answer.
        if cell.status == CellStatus.CLARIFICATION:
            overview.clarify.append(item)
        elif not cell.settled:
            (overview.overdue if closed else overview.due).append(item)
        else:
            overview.answered.append(item)
    overview.clarify.sort(key=lambda i: i.response.reviewed_at or i.response.updated_at)
    overview.due.sort(key=lambda i: (i.deadline or datetime.date.max, i.paragraph.order))
    overview.overdue.sort(
        key=lambda i: (-i.paragraph.resolution.session.number, i.paragraph.resolution.symbol)
    )
    overview.answered.sort(
        key=lambda i: (-i.paragraph.resolution.session.number, i.paragraph.order)
    )
    return overview


def response_queryset() -> QuerySet[Response]:
    return Response.objects.select_related(
        "member_state",
        "cycle",
        "paragraph__resolution__session",
        "submitted_by",
        "reviewed_by",
    ).prefetch_related("paragraph__treaties", "attachments", "messages__author")


def response_of_state(*, state: MemberState, pk: Any) -> Response:
    """A focal point's own response; another state's id is a 404 like a missing one."""
    return get_object_or_404(response_queryset().for_state(state), pk=pk)


def attachment_of_state(*, state: MemberState, pk: Any) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("response"), pk=pk, response__member_state=state
    )


def reporting_paragraph(*, pk: int) -> Paragraph:
    return get_object_or_404(
        reporting_paragraphs()
        .select_related("resolution__session", "resolution__topic")
        .prefetch_related("treaties"),
        pk=pk,
    )


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: Any  # a HistoricalResponse
    changes: list[Change]


#: Bookkeeping columns the history shows elsewhere (author, date) or not at all.
_NOT_DIFFED = [
    "version",
    "submission",  # shown as each entry's "version N"
    "updated_by",
    "created_by",
    "submitted_by",
    "reviewed_by",
    "created_at",
    "submitted_at",
    "reviewed_at",
    "id",
]


def response_versions(response: Response, *, include_drafts: bool = True) -> list[Version]:
    """Every saved version, newest first, each with what changed from the one before.

    ``include_drafts=False`` (what staff see) leaves out the versions saved before the first
    submission: the wording of a draft is the state's own. Queries: one for the history rows
    with their authors.
    """
    history = response.history.select_related("history_user").order_by("history_date")
    if not include_drafts:
        history = history.exclude(status=Response.Status.DRAFT)
    records = list(history)
    versions: list[Version] = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=_NOT_DIFFED)
            for change in delta.changes:
                changes.append(
                    Change(
                        label=str(Response._meta.get_field(change.field).verbose_name),
                        old=_display(change.field, change.old),
                        new=_display(change.field, change.new),
                    )
                )
        versions.append(Version(record=record, changes=changes))
        previous = record
    versions.reverse()
    return versions


def _display(field_name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    model_field = Response._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d %B %Y")
    return str(value)


def addressed_resolution_ids(*, state: MemberState) -> set[int]:
    """The resolutions with a reporting paragraph addressed to ``state`` (what /my/ lists).

    Queries: those of build_follow_up for one state.
    """
    follow_up = build_follow_up(reporting_paragraphs(), MemberState.objects.filter(pk=state.pk))
    return {cell.paragraph.resolution_id for cell in follow_up.for_state(state.pk)}


@dataclass
class TreatyRecord:
    treaty: Any
    status: Any  # a TreatyStatus, or None: no row is "no action"

    @property
    def category(self) -> str:
        return self.status.category.replace("none", "no_action") if self.status else "no_action"


def state_treaty_record(*, state: MemberState) -> list[TreatyRecord]:
    """Every treaty with the state's status on record. Queries: treaties, the state's rows."""
    from memberstates.models import Treaty, TreatyStatus

    statuses = {s.treaty_id: s for s in TreatyStatus.objects.filter(member_state=state)}
    return [TreatyRecord(t, statuses.get(t.pk)) for t in Treaty.objects.order_by("short_name")]
