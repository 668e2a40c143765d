"""The obligations table against the rules computed from scratch, after every kind of write
that changes who a paragraph addresses."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from memberstates.models import MemberState, Treaty, TreatyStatus
from memberstates.services.parties import update_treaty_status
from resolutions.followup import CellStatus, build_follow_up, reporting_paragraphs
from resolutions.models import Obligation, Paragraph
from resolutions.services.bench_data import generate_bench_data
from resolutions.services.obligations import obligation_drift, rebuild_obligations

from ..factories import MemberStateFactory, ParagraphFactory, TreatyStatusFactory


def _no_drift() -> None:
    missing, extra = obligation_drift()
    assert (missing, extra) == (set(), set())


@pytest.mark.django_db
def test_no_drift_after_import_treaty_changes_and_new_states(seed_resolution):
    _no_drift()
    icmw = Treaty.objects.get(short_name="ICMW")
    india = MemberState.objects.get(iso3="IND")
    third = seed_resolution.paragraphs.get(number=3)
    assert Obligation.objects.get(paragraph=third, member_state=india).addressed
    # India was party before the resolution: no longer addressed by the non-parties ask.
    update_treaty_status(
        member_state=india,
        treaty=icmw,
        signature_date=None,
        consent_date=datetime.date(2001, 1, 1),
        consent_type=TreatyStatus.ConsentType.ACCESSION,
        source="UNTC IV-13",
    )
    assert not Obligation.objects.get(paragraph=third, member_state=india).addressed
    _no_drift()
    newcomer = MemberStateFactory(name="Newland", iso3="XNW", iso2="QN")
    assert Obligation.objects.filter(member_state=newcomer).count() == (
        reporting_paragraphs().count()
    )
    TreatyStatusFactory(member_state=newcomer, treaty=icmw, consent_date=datetime.date(2020, 1, 1),
                        consent_type="accession")  # fmt: skip
    ParagraphFactory(resolution=seed_resolution, number=9, order=99, treaties=[icmw],
                     addressees=Paragraph.Addressees.NON_PARTIES)  # fmt: skip
    _no_drift()


@pytest.mark.django_db
def test_follow_up_from_the_table_matches_the_rules_on_generated_data(reference_data):
    generate_bench_data(states=70, sessions=3, resolutions_per_session=3, seed=5)
    _no_drift()
    paragraphs = reporting_paragraphs()
    follow_up = build_follow_up(paragraphs)
    statuses = {
        (pf.paragraph.pk, state_id): cell.status
        for pf in follow_up.paragraphs
        for state_id, cell in pf.cells.items()
    }
    # The rules from scratch: addressed unless party at adoption; then the response decides,
    # or joining the treaty afterwards.
    consent = {
        (s, t): d
        for s, t, d in TreatyStatus.objects.filter(consent_date__isnull=False).values_list(
            "member_state_id", "treaty_id", "consent_date"
        )
    }
    responses = {
        (r.paragraph_id, r.member_state_id): r.status
        for r in __import__("resolutions.models", fromlist=["Response"]).Response.objects.all()
    }
    expected = {}
    today = datetime.date.today()
    for p in paragraphs.select_related("resolution").prefetch_related("treaties"):
        treaties = [t.pk for t in p.treaties.all()]
        for state in MemberState.objects.active():
            dates = [consent[(state.pk, t)] for t in treaties if (state.pk, t) in consent]
            since = min(dates) if dates and p.addressees == "non_parties" else None
            if since is not None and since <= p.resolution.adopted_on:
                continue
            status = responses.get((p.pk, state.pk))
            if status and status != "draft":
                expected[(p.pk, state.pk)] = CellStatus.FROM_RESPONSE[status]
            elif since is not None and since <= today:
                expected[(p.pk, state.pk)] = CellStatus.BECAME_PARTY
            else:
                expected[(p.pk, state.pk)] = CellStatus.DRAFT if status else CellStatus.NOT_REPORTED
    assert statuses == expected


@pytest.mark.django_db
def test_rebuild_command_repairs_drift(seed_resolution):
    Obligation.objects.filter(paragraph__number=3).delete()
    with pytest.raises(CommandError, match="drifted"):
        call_command("rebuild_obligations", "--check")
    call_command("rebuild_obligations")
    call_command("rebuild_obligations", "--check")
    assert rebuild_obligations() == Obligation.objects.count()


@pytest.mark.django_db
def test_sql_counts_agree_with_the_cells(reference_data):
    """Dashboard, list and schedule count in SQL; the cells are the rules: they must agree."""
    from resolutions.followup import state_cell_counts
    from resolutions.models import Session
    from resolutions.selectors.browse import resolution_counts
    from resolutions.selectors.dashboard import dashboard_for, progress_by_resolution

    generate_bench_data(states=70, sessions=3, resolutions_per_session=3, seed=8)
    today = datetime.date.today()
    for session in Session.objects.filter(resolutions__isnull=False).distinct():
        d = dashboard_for(today=today, cycle_number=session.number)
        cells = d.follow_up  # built from the cells, on demand
        assert [s.pk for s in d.states_not_reported] == [s.pk for s in cells.states_not_settled()]
        expected = progress_by_resolution(cells)
        assert [(p.resolution.pk, len(p.addressed), len(p.settled)) for p in d.resolutions] == [
            (p.resolution.pk, len(p.addressed), len(p.settled)) for p in expected
        ]
        counts = resolution_counts(resolution_ids=[p.resolution.pk for p in expected])
        assert counts == {p.resolution.pk: (len(p.addressed), len(p.settled)) for p in expected}
        per_state = state_cell_counts(
            state_ids=[s.pk for s in d.states], cycle_id=session.pk, on=today
        )
        for state in d.states:
            own = cells.for_state(state.pk)
            assert per_state.get(state.pk, (0, 0)) == (len(own), sum(c.settled for c in own))
            category = d.reporting_category(state.pk)
            if not own:
                assert category == "not_asked"
            elif all(c.settled for c in own):
                assert category == "done"


@pytest.mark.django_db
def test_demo_data_and_reference_reload_leave_no_drift(reference_data):
    from resolutions.services.demo import load_demo_data
    from resolutions.services.reference import load_reference_data

    load_demo_data()
    assert Obligation.objects.exists()
    _no_drift()
    # Reloading the reference data puts back India's ICMW status changed meanwhile.
    india = MemberState.objects.get(iso3="IND")
    TreatyStatus.objects.filter(member_state=india, treaty__short_name="ICMW").update(
        consent_date=datetime.date(2000, 1, 1), consent_type="accession"
    )
    rebuild_obligations()
    load_reference_data()
    _no_drift()
