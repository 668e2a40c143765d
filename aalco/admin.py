from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import ApiToken, OutboundEmail, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name"]}),
        (
            _("Roles and permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner (or `create_api_token`); here they can only be revoked."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: what went out, what waits, what failed and why."""

    list_display = [
        "created_at",
        "kind",
        "recipients",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("to"))
    def recipients(self, obj: OutboundEmail) -> str:
        return ", ".join(obj.to)

    @admin.action(description=_("Send the selected emails again"), permissions=["view"])
    def send_again(self, request, queryset) -> None:
        again = [email for email in queryset if outbox.send_again(email=email) is not None]
        skipped = queryset.count() - len(again)
        self.message_user(
            request,
            _(
                "Queued again: %(again)d. Left as they are (sent, being sent, or reminders): "
                "%(skipped)d."
            )
            % {"again": len(again), "skipped": skipped},
            messages.SUCCESS,
        )
