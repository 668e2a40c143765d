"""The secretariat's list of reports (/responses/): filtered, sorted, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import QueryDict

from ..filters import ResponseFilter
from ..models import Response

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
