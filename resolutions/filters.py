"""Filters of the secretariat's lists (django-filter): GET forms, bookmarkable URLs."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from memberstates.models import MemberState, Treaty

from .models import Resolution, Response, Session

YES_NO = (("yes", _("Yes")), ("no", _("No")))
TREATY_STATUS_CHOICES = (
    ("party", _("Party")),
    ("signatory", _("Signatory, not a party")),
    ("no_action", _("No action")),
)


def _either(choices, empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *choices]


class AfterFollowUpForm(AppForm):
    """The filters' form, with the choices no SQL filter can apply.

    "Reports outstanding" depends on who is addressed, which depends on dated treaty status:
    the follow-up rules (resolutions.followup) decide it in Python, in a fixed number of
    queries. Such a choice is a plain field of the form, not a filter: the selectors in
    resolutions.selectors.browse and .states read it from ``cleaned_data`` and apply it
    after the SQL filters, once they have computed the follow-up the page needs anyway.
    """


class ResolutionFilterForm(AfterFollowUpForm):
    outstanding = forms.ChoiceField(
        label=_("Reports outstanding"), choices=_either(YES_NO, _("Either")), required=False
    )
    field_order = ["q", "session", "deliberated", "outstanding", "treaty"]


class MemberStateFilterForm(AfterFollowUpForm):
    # Treaties are data: the choices are the treaties in the database, set by the selector
    # (selectors.states.browse_states) from the list it loads anyway.
    treaty = forms.ChoiceField(label=_("Treaty"), choices=(), required=False)
    treaty_status = forms.ChoiceField(
        label=_("Treaty status"), choices=_either(TREATY_STATUS_CHOICES, _("Any")), required=False
    )
    outstanding = forms.ChoiceField(
        label=_("Reports outstanding"), choices=_either(YES_NO, _("Either")), required=False
    )
    field_order = ["q", "region", "treaty", "treaty_status", "outstanding"]


class AfterFollowUpFilterSet(django_filters.FilterSet):
    """A filter set whose form also carries choices applied after follow-up."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        for name, sql_filter in self.filters.items():
            queryset = sql_filter.filter(queryset, self.form.cleaned_data.get(name))
        return queryset


class ResolutionFilter(AfterFollowUpFilterSet):
    q = django_filters.CharFilter(
        label=_("Words, symbol or treaty"),
        help_text=_(
            "Searches titles, work programme items, symbols, the text of the paragraphs "
            "and the treaties they name (by short name)."
        ),
        method="filter_text",
        max_length=200,
    )
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.order_by("-number"),
        to_field_name="number",
        empty_label=_("All sessions"),
    )
    deliberated = django_filters.ChoiceFilter(
        label=_("Deliberated"),
        choices=(("yes", _("Deliberated")), ("no", _("Non-deliberated"))),
        method="filter_deliberated",
        empty_label=_("Either"),
    )
    treaty = django_filters.ModelChoiceFilter(
        label=_("Treaty"),
        queryset=Treaty.objects.order_by("short_name"),
        to_field_name="short_name",
        method="filter_treaty",
        empty_label=_("Any"),
    )

    class Meta:
        model = Resolution
        fields: list[str] = []
        form = ResolutionFilterForm

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Paragraph text and named treaties in one subquery: no duplicate rows, one query.
        in_paragraphs = Resolution.objects.filter(
            Q(paragraphs__text__icontains=value) | Q(paragraphs__treaties__short_name__iexact=value)
        ).values("pk")
        return queryset.filter(
            Q(title__icontains=value)
            | Q(topic__name__icontains=value)
            | Q(symbol__icontains=value)
            | Q(pk__in=in_paragraphs)
        )

    def filter_deliberated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(deliberated=value == "yes")

    def filter_treaty(self, queryset: QuerySet, name: str, value: Treaty) -> QuerySet:
        return queryset.filter(
            pk__in=Resolution.objects.filter(paragraphs__treaties=value).values("pk")
        )


class MemberStateFilter(AfterFollowUpFilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_text", max_length=100)
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=MemberState._meta.get_field("region").choices,
        empty_label=_("Both"),
    )

    class Meta:
        model = MemberState
        fields: list[str] = []
        form = MemberStateFilterForm

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(iso3__iexact=value) | Q(iso2__iexact=value)
        )


class ResponseFilter(django_filters.FilterSet):
    """The secretariat's list of reports: by state, resolution, status and reporting cycle."""

    STATUS_CHOICES = (
        ("submitted", _("Awaiting review")),
        ("clarification", _("Clarification requested")),
        ("accepted", _("Accepted")),
        ("all", _("All")),
    )

    member_state = django_filters.ModelChoiceFilter(
        label=_("Member state"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        empty_label=_("All states"),
    )
    resolution = django_filters.ModelChoiceFilter(
        label=_("Resolution"),
        field_name="paragraph__resolution",
        queryset=Resolution.objects.select_related(None).order_by("-session__number", "symbol"),
        empty_label=_("All resolutions"),
    )
    cycle = django_filters.ModelChoiceFilter(
        label=_("Reporting cycle opened by session"),
        queryset=Session.objects.order_by("-number"),
        to_field_name="number",
        empty_label=_("All cycles"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=None,
    )

    class Meta:
        model = Response
        fields: list[str] = []
        form = AppForm

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in ("", "all"):
            return queryset  # drafts are never in the list: see selectors.reviews
        return queryset.filter(status=value)
