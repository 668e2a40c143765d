"""Reads for the import pages: the topics and sessions a resolution can be filed under."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Session, Topic


def topic_names() -> QuerySet[Topic, str]:
    return Topic.objects.order_by("name").values_list("name", flat=True)


def sessions_newest_first() -> QuerySet[Session]:
    return Session.objects.order_by("-number")


def existing_session_number(number: int) -> int | None:
    """`number` if a session has it, else None."""
    return number if Session.objects.filter(number=number).exists() else None
