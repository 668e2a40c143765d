"""Template helpers that Django's built-ins do not cover.

Sorting and pagination links use Django 5.2's built-in ``{% querystring %}``; this library
only adds what it cannot do: the elided page range (a method that takes arguments) and the
mapping of stored status values to ``.tag--*`` classes.
"""

from __future__ import annotations

from collections.abc import Iterator

from django import template
from django.core.paginator import Page
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Stored values that do not spell their tag class directly.
_TAG_ALIASES = {
    "clarification_requested": "clarification",
    "needs_clarification": "clarification",
    "none": "no-action",
    "no_action": "no-action",
    "ratification": "party",
    "accession": "party",
    "succession": "party",
    "acceptance": "party",
    "approval": "party",
    "signature": "signatory",
    "canceled": "cancelled",
    "pending": "scheduled",
    "queued": "scheduled",
    "delivered": "sent",
}

TAG_CLASSES = frozenset(
    {
        "not-reported",
        "draft",
        "submitted",
        "accepted",
        "clarification",
        "party",
        "signatory",
        "no-action",
        "overdue",
        "late",
        "sent",
        "failed",
        "scheduled",
        "missed",
        "cancelled",
        "paused",
    }
)


@register.filter
def status_tag_class(status: object) -> str:
    """``"not_reported"`` -> ``"tag--not-reported"``; unknown values get the plain tag."""
    value = str(status or "").strip().lower()
    slug = _TAG_ALIASES.get(value, value.replace("_", "-").replace(" ", "-"))
    return f"tag--{slug}" if slug in TAG_CLASSES else ""


@register.simple_tag
def status_tag(status: object, label: object = "") -> SafeString:
    """The markup of includes/status_tag.html, as a tag: for loops over thousands of cells,
    where an include per cell costs more than the rest of the page."""
    # The class comes from a fixed set; the label is escaped. (format_html's checks for
    # lazy arguments cost more than the tag itself, thousands of times per page.)
    text = conditional_escape(label or status)
    return mark_safe(f'<strong class="tag {status_tag_class(status)}">{text}</strong>')


@register.simple_tag
def elided_page_range(page_obj: Page, on_each_side: int = 1, on_ends: int = 1) -> Iterator:
    """Page numbers around the current one, with ``paginator.ELLIPSIS`` for the gaps."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )
