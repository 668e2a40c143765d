"""A report's answer on each treaty its paragraph names, read the same way everywhere.

A paragraph may name several treaties (the 1954 and the 1961 statelessness conventions).
The first by short name is answered in ``Response.treaty_action`` with its date and
instrument, its confirmation in ``treaty_status_confirmed_at``; every other one in
``Response.treaty_actions`` and ``treaty_confirmations`` by short name. Pages, exports and
the API read them all through ``treaty_answers`` so none of them favours the first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from memberstates.models import Treaty

if TYPE_CHECKING:
    from .followup import Response


class TreatyAction(models.TextChoices):
    """Where a state stands on a treaty, as its focal point reports it (``Response``)."""

    NO_ACTION = "no_action", _("No action")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    DOMESTIC_PROCEDURE = "domestic_procedure", _("Domestic procedure under way")
    SIGNED = "signed", _("Signed")
    RATIFIED = "ratified", _("Ratified or acceded")


@dataclass(frozen=True)
class TreatyAnswer:
    treaty: Treaty
    action: str  # a Response.TreatyAction value; "" when the state has not answered
    is_first: bool
    #: Only the first treaty's answer carries a date and an instrument.
    measure_date: datetime.date | None = None
    instrument: str = ""
    #: When the secretariat confirmed the reported ratification from this report.
    confirmed_at: datetime.datetime | None = None

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def reports_ratification(self) -> bool:
        return self.action == TreatyAction.RATIFIED

    @property
    def awaits_confirmation(self) -> bool:
        return self.reports_ratification and self.confirmed_at is None


def paragraph_treaties(response: Response) -> list[Treaty]:
    """The report's paragraph's treaties in answer order."""
    return response.paragraph.named_treaties


def treaty_answers(response: Response, treaties: list[Treaty] | None = None) -> list[TreatyAnswer]:
    """One answer per treaty the paragraph names (none when it names no treaty).

    The other treaties' fields are read only when there are other treaties, so a page
    that loaded a one-treaty report with ``only()`` loads nothing more.
    """
    if treaties is None:
        treaties = paragraph_treaties(response)
    answers = []
    for i, treaty in enumerate(treaties):
        if i == 0:
            answers.append(
                TreatyAnswer(
                    treaty=treaty,
                    action=response.treaty_action,
                    is_first=True,
                    measure_date=response.measure_date,
                    instrument=response.instrument,
                    confirmed_at=response.treaty_status_confirmed_at,
                )
            )
            continue
        confirmed = (response.treaty_confirmations or {}).get(treaty.short_name)
        answers.append(
            TreatyAnswer(
                treaty=treaty,
                action=(response.treaty_actions or {}).get(treaty.short_name, ""),
                is_first=False,
                confirmed_at=datetime.datetime.fromisoformat(confirmed) if confirmed else None,
            )
        )
    return answers


def treaty_actions_of(
    response: Response, treaties: list[Treaty] | None = None
) -> list[tuple[Treaty, str]]:
    """(treaty, action) for each treaty: reads only the actions (for ``only()`` querysets)."""
    if treaties is None:
        treaties = paragraph_treaties(response)
    if not treaties:
        return []
    others = (response.treaty_actions or {}) if len(treaties) > 1 else {}
    return [(treaties[0], response.treaty_action)] + [
        (t, others.get(t.short_name, "")) for t in treaties[1:]
    ]


def action_label(action: str) -> str:
    return str(dict(TreatyAction.choices).get(action, action))


def action_summary(response: Response, treaties: list[Treaty] | None = None) -> str:
    """One line for a cell: "Signed" for one treaty, "A: Signed; B: No action" for more."""
    return summarise([(t.short_name, a) for t, a in treaty_actions_of(response, treaties)])


def summarise(actions: list[tuple[str, str]]) -> str:
    """``action_summary`` from (short name, action) pairs in answer order."""
    if len(actions) == 1:
        return action_label(actions[0][1]) if actions[0][1] else ""
    return "; ".join(f"{name}: {action_label(a)}" for name, a in actions if a)


def treaty_dict_text(value: dict[str, str]) -> str:
    """``treaty_actions`` or ``treaty_confirmations`` as people read them in a history."""
    parts = []
    for name, item in sorted(value.items()):
        try:
            shown = datetime.datetime.fromisoformat(item).strftime("%d %b %Y %H:%M")
        except (TypeError, ValueError):
            shown = action_label(item)
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)
