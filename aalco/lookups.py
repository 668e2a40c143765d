"""Lookups by what a user typed: checked for shape before the database sees them.

Input that cannot be a code or an id (a NUL byte, a 100-character "code", "not-a-uuid") is
"not found" here, not a database error later.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.http import Http404

from memberstates.models import MemberState

_ISO3 = re.compile(r"[A-Za-z]{3}")


def state_or_404(code: str | None) -> MemberState:
    """The member state with this ISO3 code (any case), else 404."""
    if not code or not _ISO3.fullmatch(code):
        raise Http404("No such member state")
    try:
        return MemberState.objects.get(iso3=code.upper())
    except MemberState.DoesNotExist:
        raise Http404("No such member state") from None


def valid_uuids(values: Iterable[str]) -> list[uuid.UUID]:
    """The values that are UUIDs; the rest are dropped (they can name nothing)."""
    result = []
    for value in values:
        try:
            result.append(uuid.UUID(str(value)))
        except (ValueError, AttributeError, TypeError):
            continue
    return result
