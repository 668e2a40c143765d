"""A read-only API for other systems. Every queryset is scoped to the user first."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, renderers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from memberstates.models import MemberState, TreatyStatus
from memberstates.roles import can_read_all_states, focal_point_state
from resolutions.models import Paragraph, Resolution, Response

from ..akn import MEDIA_TYPE as AKN_MEDIA_TYPE
from ..akn import resolution_akoma_ntoso
from . import serializers


class AkomaNtosoRenderer(renderers.BaseRenderer):
    media_type = AKN_MEDIA_TYPE
    format = "akn"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def _etag(payload: bytes) -> str:
    return f'"{hashlib.sha256(payload).hexdigest()[:32]}"'


def _not_modified(request, etag: str) -> bool:
    asked = request.headers.get("If-None-Match", "")
    return etag in [tag.strip() for tag in asked.split(",")] or asked.strip() == "*"


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
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ResolutionDetailSerializer
        return serializers.ResolutionSerializer

    def retrieve(self, request, *args, **kwargs):
        """A resolution with its paragraphs; `ETag` lets a client ask again cheaply."""
        data = self.get_serializer(self.get_object()).data
        etag = _etag(json.dumps(data, sort_keys=True, default=str).encode())
        if _not_modified(request, etag):
            return ApiResponse(status=304, headers={"ETag": etag})
        return ApiResponse(data, headers={"ETag": etag})

    @extend_schema(
        summary="The resolution as Akoma Ntoso 3.0 XML",
        description=(
            "OASIS LegalDocML Akoma Ntoso 3.0, a `statement` of name `resolution` as the UN's "
            "AKN4UN guidelines mark up resolutions: preface, preamble, mainBody with numbered "
            "paragraphs and sub-paragraphs, conclusions. Valid against the official schema."
        ),
        responses={(200, AKN_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.STR), 304: None},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="akoma-ntoso",
        url_name="akoma-ntoso",
        renderer_classes=[AkomaNtosoRenderer],
    )
    def akoma_ntoso(self, request, pk=None):
        resolution = self.get_object()
        paragraphs = list(resolution.paragraphs.order_by("order"))
        document = resolution_akoma_ntoso(resolution, paragraphs=paragraphs)
        etag = _etag(document)
        if _not_modified(request, etag):
            return HttpResponse(status=304, headers={"ETag": etag})
        filename = resolution.symbol.replace("/", "-").replace(" ", "") + ".xml"
        return HttpResponse(
            document,
            content_type=f"{AKN_MEDIA_TYPE}; charset=utf-8",
            headers={"ETag": etag, "Content-Disposition": f'inline; filename="{filename}"'},
        )


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet):
    """AALCO member states with their treaty status."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.MemberStateSerializer
    lookup_field = "iso3"
    pagination_class = None

    def get_queryset(self) -> QuerySet[MemberState]:
        return MemberState.objects.prefetch_related(
            Prefetch("treaty_statuses", queryset=TreatyStatus.objects.select_related("treaty"))
        )


class ResponseViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports of member states; a focal point sees only their own state's."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ResponseSerializer

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
