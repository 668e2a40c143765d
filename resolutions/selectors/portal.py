"""Reads for the focal-point portal and the secretariat's review page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field
from django.shortcuts import get_object_or_404

from memberstates.models import MemberState

from ..followup import (
    Cell,
    CellRow,
    CellStatus,
    build_follow_up,
    cell_rows,
    reporting_cycles,
    reporting_paragraphs,
)
from ..models import Attachment, Paragraph, ReportingCycle, Response
from ..models.followup import ResponseQuerySet
from ..models.treaty_answers import treaty_dict_text


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


#: Items per section of the portal's home page.
PORTAL_PAGE_SIZE = 10
SECTIONS = ("clarify", "due", "overdue", "answered")


@dataclass
class SectionPage:
    """Where a section of the portal stands in its own pagination (?due=2, ?overdue=3 ...)."""

    param: str
    number: int = 1
    count: int = 0
    size: int = PORTAL_PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


@dataclass
class PortalOverview:
    state: MemberState
    # The secretariat's questions waiting for an answer: first on the page, whatever the cycle.
    clarify: list[PortalItem] = field(default_factory=list)
    due: list[PortalItem] = field(default_factory=list)  # open cycles, soonest deadline first
    overdue: list[PortalItem] = field(default_factory=list)  # closed cycles, newest first
    answered: list[PortalItem] = field(default_factory=list)
    #: Each section's page; `due`, `overdue` and `answered` hold that page's items only.
    pages: dict[str, SectionPage] = field(default_factory=dict)

    @property
    def to_do(self) -> int:
        if self.pages:
            return sum(self.pages[name].count for name in ("clarify", "due", "overdue"))
        return len(self.clarify) + len(self.due) + len(self.overdue)


def _sorted_sections(
    rows: list[CellRow], cycles: dict[int, ReportingCycle], today: datetime.date
) -> dict[str, list[CellRow]]:
    """The state's cells by section (to clarify, due, overdue, answered), each in the order
    the page shows it; sorted on the paragraphs' order, symbol and session (one query)."""
    keys = {
        pk: (order, symbol, number)
        for pk, order, symbol, number in Paragraph.objects.filter(
            pk__in=[r.paragraph_id for r in rows]
        ).values_list("pk", "order", "resolution__symbol", "resolution__session__number")
    }
    buckets: dict[str, list[CellRow]] = {name: [] for name in SECTIONS}
    for row in rows:
        cycle = cycles.get(row.cycle_id)
        closed = cycle is not None and cycle.is_closed(today)
        # A clarification request counts as settled for reminders, but the state owes an answer.
        if row.status == CellStatus.CLARIFICATION:
            buckets["clarify"].append(row)  # the secretariat's question: first on the page
        elif not row.settled:
            buckets["overdue" if closed else "due"].append(row)
        else:
            buckets["answered"].append(row)

    def deadline(row: CellRow) -> datetime.date:
        cycle = cycles.get(row.cycle_id)
        return (cycle.deadline if cycle else None) or datetime.date.max

    buckets["clarify"].sort(key=lambda r: (-keys[r.paragraph_id][2], keys[r.paragraph_id][0]))
    buckets["due"].sort(key=lambda r: (deadline(r), keys[r.paragraph_id][0]))
    buckets["overdue"].sort(key=lambda r: (-keys[r.paragraph_id][2], keys[r.paragraph_id][1]))
    buckets["answered"].sort(key=lambda r: (-keys[r.paragraph_id][2], keys[r.paragraph_id][0]))
    return buckets


def portal_overview(
    *,
    state: MemberState,
    today: datetime.date,
    pages: dict[str, Any] | None = None,
    page_size: int = PORTAL_PAGE_SIZE,
) -> PortalOverview:
    """Every reporting paragraph addressed to ``state``, sorted into what the page shows.

    Sorted and counted from tuples (the state's cells, and the paragraphs' order, symbol
    and session), then cells built only for the page of each section (`pages`: the page
    number per section, e.g. from ?overdue=2).

    Queries: sessions, the state's cells as tuples, the paragraphs' sort keys, then
    build_follow_up for the shown paragraphs (paragraphs, treaties, obligations,
    responses; the state is given).
    """
    cycles = reporting_cycles()
    buckets = _sorted_sections(cell_rows(state_ids=[state.pk], on=today), cycles, today)
    overview = PortalOverview(state=state)
    shown: dict[str, list[CellRow]] = {}
    for name in SECTIONS:
        page = SectionPage(name, count=len(buckets[name]), size=page_size)
        page.number = min(max(_page_number((pages or {}).get(name)), 1), page.num_pages)
        overview.pages[name] = page
        start = (page.number - 1) * page_size
        shown[name] = buckets[name][start : start + page_size]
    wanted = {r.paragraph_id for rows_ in shown.values() for r in rows_}
    follow_up = build_follow_up(
        reporting_paragraphs().filter(pk__in=wanted), [state], cycles=cycles, on=today
    )
    cells = {cell.paragraph.pk: cell for cell in follow_up.for_state(state.pk)}
    for name in SECTIONS:
        items = getattr(overview, name)
        for row in shown[name]:
            cell = cells.get(row.paragraph_id)
            if cell is None:
                continue
            cycle = cycles.get(row.cycle_id)
            closed = cycle is not None and cycle.is_closed(today)
            items.append(PortalItem(cell=cell, cycle=cycle, overdue=closed))
    return overview


def _page_number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


def response_queryset() -> ResponseQuerySet:
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


def submitted_attachment(*, pk: Any) -> Attachment:
    """A document of a submitted report: a draft's documents are the state's own (404)."""
    return get_object_or_404(
        Attachment.objects.exclude(response__status__in=Response.PRIVATE_STATUSES), pk=pk
    )


def response_to_paragraph(*, state: MemberState, paragraph: Paragraph) -> Response | None:
    """The state's report on the paragraph in the paragraph's own cycle, if it has begun one."""
    return (
        Response.objects.for_state(state)
        .filter(paragraph=paragraph, cycle_id=paragraph.resolution.session_id)
        .first()
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
        history = history.exclude(status__in=Response.PRIVATE_STATUSES)
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
                        label=str(cast(Field, Response._meta.get_field(change.field)).verbose_name),
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
    if isinstance(value, dict):
        # The answers on (or confirmations of) the treaties after the first, by short name.
        return treaty_dict_text(value) or "—"
    model_field = cast(Field, Response._meta.get_field(field_name))
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
