"""Filters of the API's lists (django-filter): the same questions the pages answer.

Numbers are bounded: an id past the database's integer range is a 400, not a 500."""

from __future__ import annotations

import datetime

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from resolutions.models import Reminder, Resolution, Response

BOUNDS = {"min_value": 0, "max_value": 2**31 - 1}


class ResolutionFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session__number", **BOUNDS)
    symbol = django_filters.CharFilter(lookup_expr="icontains")
    title = django_filters.CharFilter(lookup_expr="icontains")
    adopted_after = django_filters.DateFilter(field_name="adopted_on", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adopted_on", lookup_expr="lte")
    treaty = django_filters.CharFilter(
        field_name="paragraphs__treaties__short_name", lookup_expr="iexact", distinct=True
    )
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Resolution
        fields = [
            "session",
            "symbol",
            "title",
            "body",
            "adopted_after",
            "adopted_before",
            "treaty",
            "withdrawn",
        ]


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 moment with any offset, compared in UTC (PostgreSQL refuses an offset past
    ±15 h; a moment before year 1 in UTC matches nothing)."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                return qs.none()
        return super().filter(qs, value)


class ResponseFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(field_name="member_state__iso3", lookup_expr="iexact")
    cycle = django_filters.NumberFilter(field_name="cycle__number", **BOUNDS)
    resolution = django_filters.NumberFilter(field_name="paragraph__resolution_id", **BOUNDS)
    paragraph_id = django_filters.NumberFilter(field_name="paragraph_id", **BOUNDS)
    updated_after = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Response
        fields = ["member_state", "cycle", "resolution", "paragraph_id", "status", "updated_after"]


class ReminderFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(field_name="member_state__iso3", lookup_expr="iexact")
    cycle = django_filters.NumberFilter(field_name="cycle__number", **BOUNDS)

    class Meta:
        model = Reminder
        fields = ["member_state", "cycle", "status", "step"]

    step = django_filters.NumberFilter(**BOUNDS)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing NUL bytes (PostgreSQL cannot compare them) with a 400."""

    def get_filterset_kwargs(self, request, queryset, view):
        if any("\x00" in value for values in request.query_params.lists() for value in values[1]):
            raise ValidationError({"detail": "Remove the NUL characters from the query."})
        return super().get_filterset_kwargs(request, queryset, view)
