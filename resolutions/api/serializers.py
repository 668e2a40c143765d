from __future__ import annotations

from rest_framework import serializers

from memberstates.models import MemberState, TreatyStatus
from resolutions.models import Attachment, Paragraph, Reminder, Resolution, Response, Session


class TreatyStatusSerializer(serializers.ModelSerializer):
    treaty: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="short_name", read_only=True
    )
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
    treaties: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="short_name", many=True, read_only=True
    )
    reference = serializers.CharField(
        read_only=True, help_text='How the paragraph is cited: "II.3" with sections, "3" without.'
    )

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "kind",
            "section",
            "number",
            "reference",
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
            "withdrawn_at",
        ]


class ResolutionDetailSerializer(ResolutionSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)

    class Meta(ResolutionSerializer.Meta):
        fields = [
            *ResolutionSerializer.Meta.fields,
            "body",
            "meeting",
            "vote",
            "sections",
            "paragraphs",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at"]


class TreatyAnswerSerializer(serializers.Serializer):
    """The report's answer on one treaty its paragraph names."""

    treaty = serializers.CharField(source="treaty.short_name", help_text="The treaty's short name.")
    action = serializers.ChoiceField(
        choices=Response.TreatyAction.choices, allow_blank=True, help_text="Blank: not answered."
    )
    action_label = serializers.CharField()
    measure_date = serializers.DateField(
        allow_null=True, help_text="Only on the first treaty's answer (`measure_date`)."
    )
    instrument = serializers.CharField(
        allow_blank=True, help_text="Only on the first treaty's answer (`instrument`)."
    )
    confirmed_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the secretariat confirmed the reported ratification from this report.",
    )


class ResponseSerializer(serializers.ModelSerializer):
    member_state: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    resolution = serializers.CharField(source="paragraph.resolution.symbol", read_only=True)
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    paragraph_id = serializers.IntegerField(read_only=True)
    cycle = serializers.IntegerField(source="cycle.number", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    treaty_answers = TreatyAnswerSerializer(
        many=True,
        read_only=True,
        help_text="The answer on every treaty the paragraph names, the first "
        "(`treaty_action`) first.",
    )

    class Meta:
        model = Response
        fields = [
            "id",
            "member_state",
            "resolution",
            "paragraph",
            "paragraph_id",
            "cycle",
            "status",
            "version",
            "treaty_action",
            "treaty_actions",
            "treaty_answers",
            "measure_date",
            "instrument",
            "narrative",
            "review_comment",
            "attachments",
            "submitted_at",
            "reviewed_at",
            "updated_at",
        ]

    #: What a state writes: only the state itself reads it before the report is submitted.
    PRIVATE_WHILE_DRAFT = (
        "narrative",
        "instrument",
        "treaty_action",
        "treaty_actions",
        "treaty_answers",
        "measure_date",
        "attachments",
    )

    def to_representation(self, instance: Response) -> dict:
        data = super().to_representation(instance)
        own_state = self.context.get("own_state_id")
        if instance.is_private_draft and instance.member_state_id != own_state:
            for field in self.PRIVATE_WHILE_DRAFT:
                data[field] = None
        return data


class ResponseContentSerializer(serializers.Serializer):
    """What a focal point writes; the services check the rules (the same as on the web)."""

    narrative = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )
    measure_date = serializers.DateField(required=False, allow_null=True, default=None)
    treaty_action = serializers.ChoiceField(
        choices=Response.TreatyAction.choices, required=False, allow_blank=True, default=""
    )
    instrument = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    treaty_actions = serializers.DictField(
        child=serializers.ChoiceField(choices=Response.TreatyAction.choices),
        required=False,
        default=dict,
        help_text="When the paragraph names several treaties: the action on each after the "
        "first (whose answer is `treaty_action`), by short name.",
    )


class ResponseCreateSerializer(ResponseContentSerializer):
    paragraph_id = serializers.IntegerField(
        help_text="The operative paragraph reported on (`id` of a paragraph in /api/resolutions/)."
    )
    submit = serializers.BooleanField(
        default=False, help_text="Send the report to the secretariat at once (else a draft)."
    )


class ResponseUpdateSerializer(ResponseContentSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version this edit starts from; a stale one is a 409."
    )
    submit = serializers.BooleanField(
        default=False, help_text="Send the report to the secretariat with this edit."
    )


class ResponseConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ResponseSerializer()


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, Word, Excel, OpenDocument or image file.")
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The report's version the upload is made to."
    )


class OwedItemSerializer(serializers.Serializer):
    """A paragraph that asks the state to report and that the state still owes."""

    paragraph_id = serializers.IntegerField(source="paragraph.pk")
    resolution = serializers.CharField(source="paragraph.resolution.symbol")
    resolution_title = serializers.CharField(source="paragraph.resolution.title")
    paragraph = serializers.IntegerField(source="paragraph.number")
    text = serializers.CharField(source="paragraph.text")
    treaties = serializers.SerializerMethodField()
    cycle = serializers.IntegerField(source="paragraph.resolution.session.number")
    deadline = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    status = serializers.CharField(source="cell.status")
    response_id = serializers.UUIDField(source="response.pk", allow_null=True, default=None)
    response_version = serializers.IntegerField(
        source="response.version", allow_null=True, default=None
    )

    def get_treaties(self, item) -> list[str]:
        return [t.short_name for t in item.paragraph.named_treaties]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["number", "year", "city", "country", "start_date", "end_date"]


class ResponseVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="record.version")
    status = serializers.CharField(source="record.status")
    saved_at = serializers.DateTimeField(source="record.history_date")
    saved_by = serializers.EmailField(source="record.history_user.email", default=None)
    reason = serializers.CharField(source="record.history_change_reason", default="")
    narrative = serializers.CharField(source="record.narrative")
    treaty_action = serializers.CharField(source="record.treaty_action")
    measure_date = serializers.DateField(source="record.measure_date", allow_null=True)
    instrument = serializers.CharField(source="record.instrument")
    changes = serializers.SerializerMethodField()

    def get_changes(self, version) -> list[dict[str, str]]:
        return [{"field": c.label, "old": c.old, "new": c.new} for c in version.changes]


class ReminderSerializer(serializers.ModelSerializer):
    member_state: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    cycle = serializers.IntegerField(source="cycle.number", read_only=True)

    class Meta:
        model = Reminder
        fields = [
            "id",
            "member_state",
            "cycle",
            "step",
            "due_on",
            "status",
            "late",
            "recipients",
            "subject",
            "paragraphs",
            "attempts",
            "sent_at",
            "note",
        ]
