from __future__ import annotations

from rest_framework import serializers

from memberstates.models import MemberState, TreatyStatus
from resolutions.models import Paragraph, Resolution, Response


class TreatyStatusSerializer(serializers.ModelSerializer):
    treaty = serializers.SlugRelatedField(slug_field="short_name", read_only=True)
    party = serializers.BooleanField(source="is_party", read_only=True)

    class Meta:
        model = TreatyStatus
        fields = ["treaty", "signature_date", "consent_date", "consent_type", "party", "source"]


class MemberStateSerializer(serializers.ModelSerializer):
    treaty_statuses = TreatyStatusSerializer(many=True, read_only=True)

    class Meta:
        model = MemberState
        fields = ["iso3", "iso2", "name", "region", "joined_year", "is_active", "treaty_statuses"]


class ParagraphSerializer(serializers.ModelSerializer):
    treaties = serializers.SlugRelatedField(slug_field="short_name", many=True, read_only=True)

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "kind",
            "number",
            "order",
            "verb",
            "text",
            "subparagraphs",
            "requests_report",
            "addressees",
            "treaties",
            "carries_to_session",
        ]


class ResolutionSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="session.number", read_only=True)
    topic = serializers.CharField(source="topic.name", read_only=True, default=None)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "symbol",
            "title",
            "session",
            "topic",
            "adopted_on",
            "deliberated",
            "secretariat_document",
        ]


class ResolutionDetailSerializer(ResolutionSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)

    class Meta(ResolutionSerializer.Meta):
        fields = [*ResolutionSerializer.Meta.fields, "paragraphs"]


class ResponseSerializer(serializers.ModelSerializer):
    member_state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    resolution = serializers.CharField(source="paragraph.resolution.symbol", read_only=True)
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    cycle = serializers.IntegerField(source="cycle.number", read_only=True)

    class Meta:
        model = Response
        fields = [
            "id",
            "member_state",
            "resolution",
            "paragraph",
            "cycle",
            "status",
            "treaty_action",
            "measure_date",
            "instrument",
            "narrative",
            "submitted_at",
            "reviewed_at",
            "updated_at",
        ]

    #: What a state writes: only the state itself reads it before the report is submitted.
    PRIVATE_WHILE_DRAFT = ("narrative", "instrument", "treaty_action", "measure_date")

    def to_representation(self, instance: Response) -> dict:
        data = super().to_representation(instance)
        own_state = self.context.get("own_state_id")
        if instance.status == Response.Status.DRAFT and instance.member_state_id != own_state:
            for field in self.PRIVATE_WHILE_DRAFT:
                data[field] = None
        return data
