"""Filters of the API's lists (django-filter): the same questions the pages answer."""

from __future__ import annotations

import django_filters

from resolutions.models import Reminder, Resolution, Response


class ResolutionFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session__number")
    symbol = django_filters.CharFilter(lookup_expr="icontains")
    title = django_filters.CharFilter(lookup_expr="icontains")
    adopted_after = django_filters.DateFilter(field_name="adopted_on", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adopted_on", lookup_expr="lte")
    treaty = django_filters.CharFilter(
        field_name="paragraphs__treaties__short_name", lookup_expr="iexact", distinct=True
    )

    class Meta:
        model = Resolution
        fields = ["session", "symbol", "title", "body", "adopted_after", "adopted_before", "treaty"]


class ResponseFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(field_name="member_state__iso3", lookup_expr="iexact")
    cycle = django_filters.NumberFilter(field_name="cycle__number")
    resolution = django_filters.NumberFilter(field_name="paragraph__resolution_id")
    paragraph_id = django_filters.NumberFilter(field_name="paragraph_id")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Response
        fields = ["member_state", "cycle", "resolution", "paragraph_id", "status", "updated_after"]


class ReminderFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(field_name="member_state__iso3", lookup_expr="iexact")
    cycle = django_filters.NumberFilter(field_name="cycle__number")

    class Meta:
        model = Reminder
        fields = ["member_state", "cycle", "status", "step"]
