"""A read-only API for other systems. Every queryset is scoped to the user first.

The API shows a user what their pages show (docs/ARCHITECTURE.md, Roles): staff read every
resolution and state; a focal point reads the resolutions addressed to its state (the
portal's list), its own state's record and its own state's reports; anyone else nothing.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import permissions, viewsets

from memberstates.models import MemberState, TreatyStatus
from memberstates.roles import can_read_all_states, focal_point_state
from resolutions.models import Paragraph, Resolution, Response
from resolutions.selectors.portal import addressed_resolution_ids

from . import serializers


class ResolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Adopted resolutions; the detail carries every paragraph and its follow-up fields."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Resolution]:
        queryset = Resolution.objects.select_related("session", "topic").order_by(
            "-session__number", "symbol"
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "paragraphs",
                    queryset=Paragraph.objects.order_by("order").prefetch_related("treaties"),
                )
            )
        user = self.request.user
        if can_read_all_states(user):
            return queryset
        state = focal_point_state(user)
        if state is None:
            return queryset.none()
        return queryset.filter(pk__in=addressed_resolution_ids(state=state))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ResolutionDetailSerializer
        return serializers.ResolutionSerializer


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet):
    """AALCO member states with their treaty status."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.MemberStateSerializer
    lookup_field = "iso3"
    # Only a code can name a state: anything else is a 404 before the database sees it.
    lookup_value_regex = "[A-Z]{3}"
    pagination_class = None

    def get_queryset(self) -> QuerySet[MemberState]:
        queryset = MemberState.objects.prefetch_related(
            Prefetch("treaty_statuses", queryset=TreatyStatus.objects.select_related("treaty"))
        )
        user = self.request.user
        if can_read_all_states(user):
            return queryset
        state = focal_point_state(user)
        if state is None:
            return queryset.none()
        return queryset.filter(pk=state.pk)


class ResponseViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports of member states; a focal point sees only their own state's."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ResponseSerializer

    def get_serializer_context(self) -> dict:
        # Drafts are listed to staff (that one exists, and when), their content only to
        # the state's own focal points.
        state = focal_point_state(self.request.user)
        return {**super().get_serializer_context(), "own_state_id": state.pk if state else None}

    def get_queryset(self) -> QuerySet[Response]:
        queryset = Response.objects.select_related(
            "member_state", "paragraph__resolution", "cycle"
        ).order_by("-updated_at")
        user = self.request.user
        if can_read_all_states(user):
            return queryset
        state = focal_point_state(user)
        if state is None:
            return queryset.none()
        return queryset.filter(member_state=state)
