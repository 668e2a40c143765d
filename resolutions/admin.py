from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attachment,
    Notification,
    Paragraph,
    Reminder,
    ReminderPause,
    Resolution,
    Response,
    ReviewMessage,
    Session,
    Topic,
)
from .services.obligations import sync_obligations


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "city", "country", "start_date", "end_date"]
    search_fields = ["city", "country", "=number"]
    list_filter = ["country"]


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = [
        ("kind", "number", "order", "verb"),
        "text",
        ("requests_report", "addressees", "carries_to_session"),
        "treaties",
        "subparagraphs",
    ]
    filter_horizontal = ["treaties"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "session", "adopted_on", "deliberated", "topic"]
    list_filter = ["session", "deliberated", "body", "topic"]
    search_fields = ["symbol", "title", "secretariat_document"]
    list_select_related = ["session", "topic"]
    autocomplete_fields = ["topic"]
    date_hierarchy = "adopted_on"
    inlines = [ParagraphInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        sync_obligations(resolution_ids=[form.instance.pk])  # adoption date, paragraphs


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "verb",
        "requests_report",
        "addressees",
        "carries_to_session",
    ]
    list_filter = ["kind", "requests_report", "addressees", "resolution__session"]
    search_fields = ["text", "verb", "resolution__symbol"]
    list_select_related = ["resolution"]
    filter_horizontal = ["treaties"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        sync_obligations(paragraph_ids=[form.instance.pk])  # addressees, treaties


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = readonly_fields = (
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )


class ReviewMessageInline(admin.TabularInline):
    """The review conversation, read-only: it is written through the review services."""

    model = ReviewMessage
    extra = 0
    fields = readonly_fields = ("created_at", "side", "author", "submission", "text")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["member_state", "paragraph", "cycle", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "cycle", "treaty_action"]
    search_fields = ["member_state__name", "member_state__iso3", "narrative"]
    list_select_related = ["member_state", "paragraph__resolution", "cycle"]
    raw_id_fields = ["paragraph", "created_by", "updated_by", "submitted_by", "reviewed_by"]
    # The cycle is the paragraph's session, set when the report is created (Response.cycle).
    readonly_fields = ["cycle", "version", "submission", "created_at", "updated_at"]
    inlines = [AttachmentInline, ReviewMessageInline]

    def get_queryset(self, request):
        # A draft is the state's own until submitted, in the admin as on every staff page.
        return super().get_queryset(request).reported()


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "created_at", "read_at"]
    search_fields = ["subject", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "response"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "member_state",
        "cycle",
        "step",
        "due_on",
        "status",
        "late",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status", "late", "cycle", "step"]
    search_fields = ["member_state__name", "member_state__iso3", "subject"]
    list_select_related = ["member_state", "cycle"]
    readonly_fields = [
        "claimed_at",
        "sent_at",
        "attempts",
        "last_error",
        "created_at",
        "updated_at",
    ]


@admin.register(ReminderPause)
class ReminderPauseAdmin(admin.ModelAdmin):
    list_display = ["member_state", "cycle", "reason", "paused_by", "paused_at"]
    list_select_related = ["member_state", "cycle", "paused_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "position", "kind", "source_resolution"]
    list_filter = ["session", "kind"]
    search_fields = ["title", "secretariat_document"]
    list_select_related = ["session", "source_resolution"]
    raw_id_fields = ["source_resolution"]
