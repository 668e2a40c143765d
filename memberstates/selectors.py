"""Reads of the parties shaped for a page: focal points, a state by its code, treaty status."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from aalco.models import OutboundEmail

from .models import FocalPoint, Invitation, MemberState, Treaty, TreatyStatus


def focal_point_rows(*, state: MemberState | None = None) -> QuerySet[FocalPoint]:
    """One state's focal points, past ones included; else every state's active and invited."""
    rows = FocalPoint.objects.select_related("user", "member_state").prefetch_related(
        # The invitation's email and its delivery state, newest first.
        Prefetch(
            "invitations",
            queryset=Invitation.objects.prefetch_related(
                Prefetch(
                    "emails",
                    queryset=OutboundEmail.objects.order_by("-created_at").only(
                        "id", "invitation_id", "status", "next_attempt_at", "sent_at", "created_at"
                    ),
                )
            ),
        )
    )
    if state is not None:
        rows = rows.filter(member_state=state)
    else:
        rows = rows.filter(is_active=True) | rows.filter(
            is_active=False, started_on__isnull=True, ended_on__isnull=True
        )
    return rows.order_by("member_state__name", "-is_active", "role")


def active_focal_point(*, pk: int) -> FocalPoint:
    """An active focal point (404 otherwise), with its account and state."""
    return get_object_or_404(
        FocalPoint.objects.select_related("user", "member_state"), pk=pk, is_active=True
    )


def state_with_code(iso3: str) -> MemberState | None:
    """The state with this ISO 3166 alpha-3 code, any case; None for anything else."""
    return MemberState.objects.filter(iso3=iso3.upper()).first() if iso3.isalpha() else None


def treaty_named(short_name: str) -> Treaty | None:
    return Treaty.objects.filter(short_name=short_name).first()


def treaty_status_of(*, state: MemberState, treaty: Treaty | None) -> TreatyStatus | None:
    """The state's status on record for the treaty, if any."""
    return TreatyStatus.objects.filter(member_state=state, treaty=treaty).first()


def treaty_statuses_of(*, state: MemberState, treaties: list[Treaty]) -> dict[int, TreatyStatus]:
    """The state's statuses on record for these treaties, by treaty id (one query)."""
    return {
        s.treaty_id: s for s in TreatyStatus.objects.filter(member_state=state, treaty__in=treaties)
    }
