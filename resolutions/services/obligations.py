"""The obligations table: which member states each reporting paragraph addresses, and since
when a state counts as a party to the treaty it cites.

The rule (DOMAIN.md): a paragraph asking states "that have not yet done so" to join a treaty
addresses the states that were not parties when the resolution was adopted; a state that
joins later has done what was asked from the day it joined. Everything else that asks states
to report addresses every member state.

Every write that changes the inputs calls `sync_obligations` in its own transaction: imports
and edits of paragraphs (by resolution), treaty status changes and new member states (by
state, through `memberstates.services.parties`). `rebuild_obligations` recomputes the
whole table (`manage.py rebuild_obligations`); `obligation_drift` compares it with the rules
computed from scratch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from memberstates.models import MemberState, TreatyStatus

from ..models import Obligation, Paragraph

BATCH = 5000

#: (paragraph id, state id, cycle id, addressed, party since)
Row = tuple[int, int, int, bool, datetime.date | None]


def compute_obligations(
    *,
    paragraph_ids: Iterable[int] | None = None,
    resolution_ids: Iterable[int] | None = None,
    state_ids: Iterable[int] | None = None,
) -> set[Row]:
    """The rows the rules give for the scope (None: everything), computed from scratch.

    At most four queries: reporting paragraphs with their treaties, states, consents, and the
    states chosen by paragraphs addressed to chosen states.
    """
    rows, cited = _reporting_paragraphs(paragraph_ids, resolution_ids)
    if not rows:
        return set()
    states = MemberState.objects.all()
    if state_ids is not None:
        states = states.filter(pk__in=list(state_ids))
    state_list = list(states.values_list("pk", flat=True))
    consent = _consents({t for ts in cited.values() for t in ts}, state_list)
    chosen = _chosen_states(
        [p for p, (a, _d, _c) in rows.items() if a == Paragraph.Addressees.CHOSEN]
    )
    result: set[Row] = set()
    for p_id, (addressees, adopted_on, cycle_id) in rows.items():
        treaties = cited.get(p_id, [])
        non_parties = addressees == Paragraph.Addressees.NON_PARTIES and treaties
        for s_id in state_list:
            if addressees == Paragraph.Addressees.CHOSEN and s_id not in chosen[p_id]:
                result.add((p_id, s_id, cycle_id, False, None))  # the paragraph names others
                continue
            since = None
            if non_parties:
                dates = [d for t in treaties if (d := consent.get((s_id, t))) is not None]
                since = min(dates) if dates else None
            addressed = since is None or since > adopted_on
            result.add((p_id, s_id, cycle_id, addressed, since))
    return result


def _reporting_paragraphs(
    paragraph_ids: Iterable[int] | None, resolution_ids: Iterable[int] | None
) -> tuple[dict[int, tuple[str, datetime.date, int]], dict[int, list[int]]]:
    """(paragraph → addressees, adoption day, cycle) and (paragraph → treaties it cites)."""
    # A withdrawn resolution asks nothing of anyone (followup.reporting_paragraphs).
    paragraphs = Paragraph.objects.filter(
        kind=Paragraph.Kind.OPERATIVE, requests_report=True, resolution__withdrawn_at__isnull=True
    ).exclude(addressees=Paragraph.Addressees.NONE)
    if paragraph_ids is not None:
        paragraphs = paragraphs.filter(pk__in=list(paragraph_ids))
    if resolution_ids is not None:
        paragraphs = paragraphs.filter(resolution_id__in=list(resolution_ids))
    cited: dict[int, list[int]] = defaultdict(list)
    rows: dict[int, tuple[str, datetime.date, int]] = {}
    # One row per paragraph and cited treaty (a LEFT JOIN: None for a paragraph citing none).
    for p_id, addressees, adopted_on, cycle_id, treaty_id in paragraphs.values_list(
        "pk", "addressees", "resolution__adopted_on", "resolution__session_id", "treaties"
    ):
        rows[p_id] = (addressees, adopted_on, cycle_id)
        if treaty_id is not None:
            cited[p_id].append(treaty_id)
    return rows, cited


def _consents(treaty_ids: set[int], state_ids: list[int]) -> dict[tuple[int, int], datetime.date]:
    """(state, treaty) → the day the state consented to be bound, for the cited treaties."""
    if not treaty_ids:
        return {}
    return {
        (s_id, t_id): day
        for s_id, t_id, day in TreatyStatus.objects.filter(
            treaty_id__in=treaty_ids, member_state_id__in=state_ids, consent_date__isnull=False
        ).values_list("member_state_id", "treaty_id", "consent_date")
        if day is not None  # filtered above; the type does not know
    }


def _chosen_states(paragraph_ids: list[int]) -> dict[int, set[int]]:
    chosen: dict[int, set[int]] = defaultdict(set)
    if paragraph_ids:
        links = Paragraph.chosen_states.through.objects.filter(paragraph_id__in=paragraph_ids)
        for p_id, s_id in links.values_list("paragraph_id", "memberstate_id"):
            chosen[p_id].add(s_id)
    return chosen


def sync_obligations(
    *,
    paragraph_ids: Iterable[int] | None = None,
    resolution_ids: Iterable[int] | None = None,
    state_ids: Iterable[int] | None = None,
) -> int:
    """Replace the rows of the scope (None everywhere: the whole table); returns rows written.

    Call it inside the transaction of the write that changed paragraphs or treaty status.
    """
    paragraph_ids = None if paragraph_ids is None else list(paragraph_ids)
    resolution_ids = None if resolution_ids is None else list(resolution_ids)
    state_ids = None if state_ids is None else list(state_ids)
    # No savepoint: the caller's transaction is the unit (a failure rolls back its write too).
    with transaction.atomic(savepoint=False):
        stale = Obligation.objects.all()
        if paragraph_ids is not None:
            stale = stale.filter(paragraph_id__in=paragraph_ids)
        if resolution_ids is not None:
            stale = stale.filter(paragraph__resolution_id__in=resolution_ids)
        if state_ids is not None:
            stale = stale.filter(member_state_id__in=state_ids)
        stale.delete()  # nothing cascades from obligations: one DELETE statement
        rows = compute_obligations(
            paragraph_ids=paragraph_ids, resolution_ids=resolution_ids, state_ids=state_ids
        )
        Obligation.objects.bulk_create(
            (
                Obligation(
                    paragraph_id=p, member_state_id=s, cycle_id=c, addressed=a, party_since=d
                )
                for p, s, c, a, d in sorted(rows, key=lambda r: (r[0], r[1]))
            ),
            batch_size=BATCH,
        )
    return len(rows)


def sync_obligations_for_states(*, state_ids: Iterable[int]) -> int:
    """The listener `memberstates.services.parties` calls (treaty status, new states)."""
    return sync_obligations(state_ids=state_ids)


def rebuild_obligations() -> int:
    return sync_obligations()


def obligation_drift() -> tuple[set[Row], set[Row]]:
    """(rows the rules give but the table lacks, rows the table has but the rules do not)."""
    stored = set(
        Obligation.objects.values_list(
            "paragraph_id", "member_state_id", "cycle_id", "addressed", "party_since"
        )
    )
    expected = compute_obligations()
    return expected - stored, stored - expected
