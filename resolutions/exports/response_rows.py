"""The reports list as a table (CSV, XLSX): read as tuples, a chunk at a time.

``rows()`` walks the queryset with ``values_list(...).iterator()`` (a server-side cursor on
PostgreSQL), so with the streamed CSV a million reports cost the memory of a chunk. The
narrative is left out: the list shows who reported what and when, the report page the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from aalco.tabular import TabularExport
from memberstates.models import Treaty

from ..models import Response
from ..models.treaty_answers import summarise

#: Rows fetched from the database at a time.
CHUNK_SIZE = 2000


class ResponseListExport(TabularExport):
    sheet_title = "Reports"
    columns = (
        ("state", _("Member state")),
        ("iso3", _("ISO3")),
        ("resolution", _("Resolution")),
        ("paragraph", _("Paragraph")),
        ("cycle", _("Reporting cycle (session)")),
        ("status", _("Status")),
        ("submitted_at", _("Submitted")),
        ("reviewed_at", _("Reviewed")),
        ("url", _("Link")),
        ("treaty_answers", _("Treaty answers")),
    )
    _FIELDS = (
        "member_state__name",
        "member_state__iso3",
        "paragraph__resolution__symbol",
        "paragraph__number",
        "cycle__number",
        "status",
        "submitted_at",
        "reviewed_at",
        "pk",
        "first_treaty",
        "treaty_action",
        "treaty_actions",
    )

    def __init__(self, queryset: QuerySet[Response], *, base_url: str = "") -> None:
        self._queryset = queryset
        self._base_url = base_url

    def rows(self) -> Iterator[Sequence[Any]]:
        labels = dict(Response.Status.choices)
        # The paragraph's first treaty (by short name, whose answer is `treaty_action`) in
        # the same query; the others' answers are in `treaty_actions` by short name.
        first_treaty = Subquery(
            Treaty.objects.filter(paragraphs=OuterRef("paragraph_id"))
            .order_by("short_name")
            .values("short_name")[:1]
        )
        for (
            *values,
            status,
            submitted,
            reviewed,
            pk,
            first,
            action,
            others,
        ) in (
            self._queryset.annotate(first_treaty=first_treaty)
            .values_list(*self._FIELDS)
            .iterator(chunk_size=CHUNK_SIZE)
        ):
            answers = [(first, action)] if first else []
            yield (
                *values,
                labels.get(status, status),
                submitted,
                reviewed,
                f"{self._base_url}/responses/{pk}/",
                summarise(answers + sorted((others or {}).items())),
            )
