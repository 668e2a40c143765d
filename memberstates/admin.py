from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import FocalPoint, Invitation, MemberState, Treaty, TreatyStatus
from .services.parties import parties_changed


class TreatyStatusInline(admin.TabularInline):
    model = TreatyStatus
    extra = 0
    fields = ["treaty", "signature_date", "consent_date", "consent_type", "source"]
    autocomplete_fields = ["treaty"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    fields = ["user", "role", "position", "phone", "preferred_language", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(MemberState)
class MemberStateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso3", "iso2", "region", "joined_year", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "iso3", "iso2"]
    inlines = [TreatyStatusInline, FocalPointInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        parties_changed(state_ids=[form.instance.pk])  # a new state, or its treaty status


@admin.register(Treaty)
class TreatyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "title", "untc_reference", "adopted_on", "entry_into_force"]
    search_fields = ["short_name", "title"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(TreatyStatus)
class TreatyStatusAdmin(SimpleHistoryAdmin):
    list_display = [
        "member_state",
        "treaty",
        "signature_date",
        "consent_date",
        "consent_type",
        "is_party_display",
    ]
    list_filter = ["treaty", "consent_type"]
    search_fields = ["member_state__name", "member_state__iso3", "treaty__short_name"]
    list_select_related = ["member_state", "treaty"]
    autocomplete_fields = ["member_state", "treaty"]

    def save_model(self, request, obj, form, change) -> None:
        previous = TreatyStatus.objects.filter(pk=obj.pk).values_list("member_state_id", flat=True)
        before = list(previous) if change else []
        super().save_model(request, obj, form, change)
        parties_changed(state_ids=[obj.member_state_id, *before])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        parties_changed(state_ids=[obj.member_state_id])

    def delete_queryset(self, request, queryset) -> None:
        state_ids = list(queryset.values_list("member_state_id", flat=True))
        super().delete_queryset(request, queryset)
        parties_changed(state_ids=state_ids)

    @admin.display(boolean=True, description=_("party"))
    def is_party_display(self, obj: TreatyStatus) -> bool:
        return obj.is_party


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["user", "member_state", "role", "preferred_language", "is_active"]
    list_filter = ["role", "is_active", "preferred_language"]
    search_fields = ["user__email", "user__name", "member_state__name", "member_state__iso3"]
    list_select_related = ["user", "member_state"]
    autocomplete_fields = ["user", "member_state"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["focal_point", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["focal_point__user", "focal_point__member_state"]
    readonly_fields = ["id", "created_at"]
