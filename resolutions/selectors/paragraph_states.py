"""Who stands where on one paragraph: the list behind a resolution page's filter, its
download and its "remind these states" button."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from aalco.tabular import TabularExport
from memberstates.models import FocalPoint, MemberState

from ..followup import Cell, CellStatus, build_follow_up, reporting_paragraphs
from ..models import Paragraph, Resolution
from ..models.followup import report_reference


@dataclass
class ParagraphStates:
    paragraph: Paragraph
    status: str  # "" for every addressed state
    cells: list[Cell]
    main_focal_points: dict[int, FocalPoint]

    @property
    def owing(self) -> list[MemberState]:
        """The listed states that have not reported (a reminder may go to them)."""
        return [c.state for c in self.cells if not c.settled]


def paragraph_states(*, resolution: Resolution, number: int, status: str = "") -> ParagraphStates:
    """The addressed states of operative paragraph ``number``, by name, with ``status`` only.

    Queries: the paragraph, build_follow_up (paragraphs, treaties, statuses, responses,
    states), the main focal points.
    """
    paragraph = (
        reporting_paragraphs()
        .select_related("resolution__session")
        .filter(resolution=resolution, number=number)
        .first()
    )
    if paragraph is None:
        raise Http404(_("This paragraph does not ask member states to report."))
    if status not in CellStatus.LABELS:
        status = ""
    follow_up = build_follow_up(
        reporting_paragraphs().filter(pk=paragraph.pk), MemberState.objects.active()
    )
    cells = sorted(
        (c for pf in follow_up.paragraphs for c in pf.cells.values()),
        key=lambda c: c.state.name,
    )
    if status:
        cells = [c for c in cells if c.status == status]
    mains = {
        fp.member_state_id: fp
        for fp in FocalPoint.objects.filter(
            member_state_id__in=[c.state.pk for c in cells],
            role=FocalPoint.Role.MAIN,
            is_active=True,
        ).select_related("user")
    }
    return ParagraphStates(paragraph, status, cells, mains)


class ParagraphStatesExport(TabularExport):
    """The states of one paragraph as filtered on the resolution page."""

    sheet_title = "States"
    columns = (
        ("state", _("Member state")),
        ("iso3", _("ISO code")),
        ("status", _("Status")),
        ("since", _("Since")),
        ("focal_point", _("Main focal point")),
        ("email", _("Email")),
        ("reference", _("Report reference")),
    )

    def __init__(self, states: ParagraphStates) -> None:
        self.states = states

    def rows(self) -> Iterable[Sequence[Any]]:
        for cell in self.states.cells:
            fp = self.states.main_focal_points.get(cell.state.pk)
            response = cell.response if cell.status != CellStatus.DRAFT else None
            yield (
                cell.state.name,
                cell.state.iso3,
                cell.label,
                (response.submitted_at if response else None)
                or (cell.consent_date if cell.status == CellStatus.BECAME_PARTY else None),
                fp.user.get_full_name() if fp else "",
                fp.user.email if fp else "",
                report_reference(cell.state, self.states.paragraph) if response else "",
            )
