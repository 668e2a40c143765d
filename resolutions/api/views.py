"""The API for other systems: scoped reads, and focal points' writes through the portal services.

The API shows a user what their pages show (docs/ARCHITECTURE.md, Roles): staff read every
resolution and state; a focal point reads the resolutions addressed to its state (the
portal's list), its own state's record and its own state's reports, and writes those
reports; anyone else nothing.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, renderers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from memberstates.models import MemberState, TreatyStatus
from memberstates.roles import can_read_all_states, focal_point_state
from resolutions.models import Paragraph, Reminder, Resolution, Response, Session
from resolutions.selectors.portal import addressed_resolution_ids

from ..akn import MEDIA_TYPE as AKN_MEDIA_TYPE
from ..akn import resolution_akoma_ntoso
from ..selectors.portal import portal_overview, response_versions
from ..services import attachments as attachment_service
from ..services.responses import (
    ResponseContent,
    StaleResponse,
    save_draft,
    submit_response,
)
from . import serializers
from .filters import ReminderFilter, ResolutionFilter, ResponseFilter


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


class StaffReaders(permissions.BasePermission):
    """The secretariat and observers: what the pages show them only."""

    def has_permission(self, request, view) -> bool:
        return can_read_all_states(request.user)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """AALCO's annual sessions, by number; a session's provisional agenda with its annex."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.SessionSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    queryset = Session.objects.order_by("-number")

    @extend_schema(
        summary="The session's provisional agenda with its follow-up annex",
        description="The shape of docs/agenda-json.md (the agenda's JSON export).",
        responses={200: OpenApiTypes.OBJECT, 404: None},
    )
    @action(detail=True, methods=["get"], permission_classes=[StaffReaders])
    def agenda(self, request, number=None, **kwargs):
        from ..exports.json import annex_to_dict
        from ..selectors.agenda import agenda_annex

        annex = agenda_annex(session=self.get_object())
        if annex is None:
            raise Http404("This session has no previous session: no agenda is drawn from it.")
        return ApiResponse(annex_to_dict(annex))


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    """The reminder ledger: every reminder planned, sent, failed or missed."""

    permission_classes = [permissions.IsAuthenticated, StaffReaders]
    serializer_class = serializers.ReminderSerializer
    filterset_class = ReminderFilter

    def get_queryset(self) -> QuerySet[Reminder]:
        return Reminder.objects.select_related("member_state", "cycle").order_by(
            "-due_on", "member_state__name"
        )


class ResolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Adopted resolutions; the detail carries every paragraph and its follow-up fields."""

    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ResolutionFilter

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
    def akoma_ntoso(self, request, pk=None, **kwargs):
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


class FocalPointWrites(permissions.BasePermission):
    """Everyone signed in reads (scoped by the queryset); only focal points write, for their
    own state — the secretariat reviews on the web."""

    message = "Only a member state's focal point reports through the API."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return focal_point_state(request.user) is not None


def _conflict(stale: StaleResponse, context: dict) -> ApiResponse:
    return ApiResponse(
        {
            "detail": "Someone changed this report since your version: here is the current one.",
            "current": serializers.ResponseSerializer(stale.current, context=context).data,
        },
        status=409,
    )


def _invalid(exc: ValidationError) -> ApiResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    return ApiResponse(detail, status=400)


class ResponseViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Reports of member states; a focal point sees only their own state's, and writes them
    through the same services as the portal (rules, versions, receipts, notices)."""

    permission_classes = [permissions.IsAuthenticated, FocalPointWrites]
    serializer_class = serializers.ResponseSerializer
    filterset_class = ResponseFilter
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ResponseCreateSerializer
        if self.action in ("update", "partial_update"):
            return serializers.ResponseUpdateSerializer
        if self.action == "attachments":
            return serializers.AttachmentUploadSerializer
        return serializers.ResponseSerializer

    def _content(self, data: dict) -> ResponseContent:
        return ResponseContent(
            narrative=data["narrative"],
            measure_date=data["measure_date"],
            treaty_action=data["treaty_action"],
            instrument=data["instrument"],
            treaty_actions=dict(data.get("treaty_actions") or {}),
        )

    def _write(self, *, paragraph, data: dict, expected_version: int | None, status: int):
        service = submit_response if data.get("submit") else save_draft
        state = focal_point_state(self.request.user)
        assert state is not None  # FocalPointWrites lets only focal points write
        try:
            response = service(
                member_state=state,
                paragraph=paragraph,
                content=self._content(data),
                user=self.request.user,
                expected_version=expected_version,
            )
        except StaleResponse as stale:
            return _conflict(stale, self.get_serializer_context())
        except ValidationError as exc:
            return _invalid(exc)
        fresh = self.get_queryset().get(pk=response.pk)
        data = serializers.ResponseSerializer(fresh, context=self.get_serializer_context()).data
        return ApiResponse(data, status=status)

    @extend_schema(
        request=serializers.ResponseCreateSerializer,
        responses={
            201: serializers.ResponseSerializer,
            409: serializers.ResponseConflictSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        """Start the state's report on a paragraph (a draft, or submitted with `submit`)."""
        incoming = serializers.ResponseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        paragraph = (
            Paragraph.objects.select_related("resolution")
            .filter(pk=incoming.validated_data["paragraph_id"], kind=Paragraph.Kind.OPERATIVE)
            .first()
        )
        if paragraph is None:
            return ApiResponse(
                {"paragraph_id": ["No operative paragraph has this id."]}, status=400
            )
        return self._write(
            paragraph=paragraph, data=incoming.validated_data, expected_version=None, status=201
        )

    @extend_schema(
        request=serializers.ResponseUpdateSerializer,
        responses={
            200: serializers.ResponseSerializer,
            409: serializers.ResponseConflictSerializer,
        },
    )
    def update(self, request, *args, **kwargs):
        """Change the report from `version` on (a stale version is a 409 with the current)."""
        response = self.get_object()
        incoming = serializers.ResponseUpdateSerializer(data=request.data, partial=False)
        if kwargs.get("partial"):
            current = ResponseContent.of(response)
            merged = {**current.as_fields(), **request.data}
            incoming = serializers.ResponseUpdateSerializer(data=merged)
        incoming.is_valid(raise_exception=True)
        return self._write(
            paragraph=response.paragraph,
            data=incoming.validated_data,
            expected_version=incoming.validated_data["version"],
            status=200,
        )

    @extend_schema(
        request={"multipart/form-data": serializers.AttachmentUploadSerializer},
        responses={201: serializers.AttachmentSerializer},
    )
    @action(detail=True, methods=["post"], url_path="attachments")
    def attachments(self, request, pk=None, **kwargs):
        """Add a supporting document (the same checks and limits as on the web)."""
        response = self.get_object()
        incoming = serializers.AttachmentUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        version = incoming.validated_data.get("version")
        if version is not None and version != response.version:
            return _conflict(StaleResponse(response), self.get_serializer_context())
        try:
            attachment = attachment_service.add_attachment(
                response=response, upload=incoming.validated_data["file"], user=request.user
            )
        except ValidationError as exc:
            return _invalid(exc)
        return ApiResponse(serializers.AttachmentSerializer(attachment).data, status=201)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment_id>[0-9a-f-]{36})",
        url_name="attachment",
    )
    def attachment(self, request, pk=None, attachment_id=None, **kwargs):
        """Remove a document from a draft."""
        response = self.get_object()
        attachment = response.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        try:
            attachment_service.remove_attachment(attachment=attachment, user=request.user)
        except ValidationError as exc:
            return _invalid(exc)
        return ApiResponse(status=204)

    @extend_schema(responses=serializers.ResponseVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None, **kwargs):
        """Every saved version of the report, newest first, with what changed."""
        versions = response_versions(self.get_object())
        return ApiResponse(serializers.ResponseVersionSerializer(versions, many=True).data)

    def get_serializer_context(self) -> dict:
        # Drafts are listed to staff (that one exists, and when), their content only to
        # the state's own focal points.
        state = focal_point_state(self.request.user)
        return {**super().get_serializer_context(), "own_state_id": state.pk if state else None}

    def get_queryset(self) -> QuerySet[Response]:
        queryset = (
            Response.objects.select_related("member_state", "paragraph__resolution", "cycle")
            .prefetch_related("attachments", "paragraph__treaties")
            .order_by("-updated_at")
        )
        user = self.request.user
        if can_read_all_states(user):
            return queryset
        state = focal_point_state(user)
        if state is None:
            return queryset.none()
        return queryset.filter(member_state=state)


class OwedView(APIView):
    """What the focal point's state still owes: the paragraphs addressed to it that it has
    not reported on (or on which the secretariat asked for clarification), overdue first."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=serializers.OwedItemSerializer(many=True))
    def get(self, request, *args, **kwargs):
        state = focal_point_state(request.user)
        if state is None:
            raise PermissionDenied("Only a member state's focal point has reports to make.")
        overview = portal_overview(state=state, today=timezone.localdate())
        items = [*overview.overdue, *overview.due]
        return ApiResponse(serializers.OwedItemSerializer(items, many=True).data)
