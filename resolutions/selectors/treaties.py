"""Reads for the treaty pages: participation among the members, its history, the paragraphs
that call for the treaty and what focal points reported on them — each in constant queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from memberstates.models import MemberState, Treaty, TreatyStatus, describe_participation

from ..models import Paragraph, Response
from ..models.treaty_answers import action_label

HISTORY_LIMIT = 100
REPORTS_LIMIT = 200


@dataclass(frozen=True)
class Participation:
    state: MemberState
    status: TreatyStatus | None  # None: no row, the state has taken no action

    @property
    def category(self) -> str:
        return self.status.category if self.status else "none"


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    state_name: str
    iso3: str
    who: object
    change: str
    source: str
    reason: str


@dataclass(frozen=True)
class ReportOnTreaty:
    """A report on a paragraph naming the treaty, with its answer about this treaty (which
    need not be the paragraph's first)."""

    response: Response
    action: str

    @property
    def action_label(self) -> str:
        return action_label(self.action) if self.action else ""


@dataclass
class TreatyPage:
    treaty: Treaty
    participation: list[Participation]
    history: list[HistoryEntry]
    paragraphs: list[Paragraph]
    reports: list[ReportOnTreaty]
    reports_total: int
    counts: dict[str, int] = field(default_factory=dict)


def treaty_list() -> list[Treaty]:
    """Every treaty with its parties among active members and the paragraphs that cite it."""
    return list(
        Treaty.objects.annotate(
            parties=Count(
                "statuses",
                filter=Q(
                    statuses__consent_date__isnull=False, statuses__member_state__is_active=True
                ),
                distinct=True,
            ),
            signatories=Count(
                "statuses",
                filter=Q(
                    statuses__consent_date__isnull=True,
                    statuses__signature_date__isnull=False,
                    statuses__member_state__is_active=True,
                ),
                distinct=True,
            ),
            paragraph_count=Count("paragraphs", distinct=True),
        ).order_by("short_name")
    )


def treaty_page(*, treaty: Treaty) -> TreatyPage:
    states = list(MemberState.objects.active().order_by("name"))
    statuses = {s.member_state_id: s for s in TreatyStatus.objects.filter(treaty=treaty)}
    participation = [Participation(state, statuses.get(state.pk)) for state in states]
    counts = {"party": 0, "signatory": 0, "none": 0}
    for row in participation:
        counts[row.category] += 1

    history = _history(treaty)

    paragraphs = list(
        Paragraph.objects.filter(treaties=treaty)
        .select_related("resolution", "resolution__session")
        .order_by("-resolution__adopted_on", "resolution__symbol", "order")
    )
    reports, reported = _reports_on(treaty)
    return TreatyPage(
        treaty=treaty,
        participation=participation,
        history=history,
        paragraphs=paragraphs,
        reports=reports,
        reports_total=reported.count(),
        counts=counts,
    )


def _history(treaty: Treaty) -> list[HistoryEntry]:
    """The latest changes to the states' participation, newest first."""
    records = list(
        TreatyStatus.history.filter(treaty_id=treaty.pk)
        .select_related("member_state", "history_user")
        .order_by("-history_date")[:HISTORY_LIMIT]
    )
    return [
        HistoryEntry(
            when=r.history_date,
            state_name=r.member_state.name,
            iso3=r.member_state.iso3,
            who=r.history_user,
            change=describe_participation(
                signature_date=r.signature_date,
                consent_date=r.consent_date,
                consent_type=r.consent_type,
            ),
            source=r.source,
            reason=r.history_change_reason or "",
        )
        for r in records
    ]


def _reports_on(treaty: Treaty) -> tuple[list[ReportOnTreaty], QuerySet[Response]]:
    """The latest reports on a paragraph naming `treaty`, with what each says of it; and all."""
    # Drafts are the state's own: only what was sent to the secretariat is shown.
    reported = Response.objects.reported().filter(paragraph__treaties=treaty)
    responses = list(
        reported.select_related("member_state", "paragraph", "paragraph__resolution", "cycle")
        # The paragraph's first treaty, whose answer is `treaty_action`, in the same query.
        .annotate(
            first_treaty=Subquery(
                Treaty.objects.filter(paragraphs=OuterRef("paragraph_id"))
                .order_by("short_name")
                .values("short_name")[:1]
            )
        )
        .only(
            "id",
            "status",
            "treaty_action",
            "treaty_actions",
            "narrative",
            "submitted_at",
            "member_state__name",
            "member_state__iso3",
            "paragraph__number",
            "paragraph__resolution__symbol",
            "cycle__number",
        )
        .order_by("-submitted_at")[:REPORTS_LIMIT]
    )
    reports = [
        ReportOnTreaty(
            r,
            r.treaty_action
            if r.first_treaty == treaty.short_name
            else (r.treaty_actions or {}).get(treaty.short_name, ""),
        )
        for r in responses
    ]
    return reports, reported
