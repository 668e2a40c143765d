"""The secretariat's list of reports (/responses/): filtered, sorted, one page at a time."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import F, Field, QuerySet
from django.http import QueryDict
from django.utils import formats

from ..filters import ResponseFilter
from ..models import Response
from ..models.treaty_answers import treaty_dict_text

#: ?sort= values and their SQL order (the first key decides, the rest keep it stable).
RESPONSE_SORTS = {
    "state": ("member_state__name",),
    "paragraph": (
        "-paragraph__resolution__session__number",
        "paragraph__resolution__symbol",
        "paragraph__number",
    ),
    "status": ("status",),
    "cycle": ("cycle__number",),
    "submitted": ("submitted_at",),
}
DEFAULT_RESPONSE_SORT = "-submitted"


@dataclass
class ResponseList:
    filterset: ResponseFilter
    queryset: QuerySet[Response]
    sort: str
    valid: bool = True


def _order(sort: str) -> tuple[str, list]:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in RESPONSE_SORTS:
        return _order(DEFAULT_RESPONSE_SORT)
    keys = []
    for key in RESPONSE_SORTS[name]:
        field = key.lstrip("-")
        flip = key.startswith("-") != descending
        expression = F(field)
        keys.append(expression.desc(nulls_last=True) if flip else expression.asc(nulls_last=True))
    return ("-" if descending else "") + name, [*keys, "member_state__name", "pk"]


def response_list(*, data: QueryDict) -> ResponseList:
    """Reports sent to the secretariat (never drafts), with the filters of ``data``.

    Queries when the page is rendered: the count and the page (states, paragraphs,
    resolutions and cycles joined), plus the filter form's choices.
    """
    data = data.copy()
    if not data.get("status"):
        data["status"] = "submitted"  # what waits for the secretariat comes first
    sort, ordering = _order(data.get("sort", DEFAULT_RESPONSE_SORT))
    base = (
        Response.objects.reported()
        .select_related("member_state", "cycle", "paragraph__resolution__session")
        .order_by(*ordering)
    )
    filterset = ResponseFilter(data, queryset=base)
    if not filterset.is_valid():
        return ResponseList(filterset, base.none(), sort, valid=False)
    return ResponseList(filterset, filterset.qs, sort)


# --- What changed since the secretariat last read the report ---------------------------------

_WORDS = re.compile(r"\S+\s*|\s+")  # a word carries the spaces after it


@dataclass
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """``old`` → ``new`` word by word (spaces kept), as a reader marks up a draft."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            segments.append(Segment("equal" if op == "equal" else "delete", "".join(a[i1:i2])))
        if op in ("insert", "replace") and j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


@dataclass
class FieldChange:
    label: str
    segments: list[Segment]


@dataclass
class SinceReview:
    """The report now against the version the secretariat reviewed last."""

    reviewed_submission: int
    reviewed_at: datetime.datetime
    changes: list[FieldChange] = field(default_factory=list)


#: What the state writes, in the order the form asks it.
_CONTENT_FIELDS = ("treaty_action", "treaty_actions", "measure_date", "instrument", "narrative")


def changes_since_review(response: Response) -> SinceReview | None:
    """Word-level changes since the secretariat's last decision (None before any review).

    Queries: one (the history row of the last review).
    """
    if response.reviewed_at is None:
        return None
    reviewed = (
        response.history.filter(history_change_reason__in=_REVIEW_REASONS)
        .order_by("-history_date")
        .first()
    )
    if reviewed is None:
        return None
    since = SinceReview(reviewed.submission, reviewed.history_date)
    for name in _CONTENT_FIELDS:
        before, after = _shown(response, name, reviewed), _shown(response, name, response)
        if before != after:
            label = str(cast(Field, Response._meta.get_field(name)).verbose_name)
            since.changes.append(FieldChange(label, word_diff(before, after)))
    return since


#: The history reasons services.responses.review_response writes.
_REVIEW_REASONS = ("accepted", "clarification requested")


def _shown(response: Response, name: str, record: Any) -> str:
    value = getattr(record, name)
    if value in (None, "") or value == {}:
        return ""
    if isinstance(value, dict):
        return treaty_dict_text(value)
    model_field = cast(Field, Response._meta.get_field(name))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)
