"""Who must report on what, and where each state stands (resolutions.followup)."""

from __future__ import annotations

import datetime

import pytest

from memberstates.models import MemberState, Treaty
from resolutions.followup import (
    CellStatus,
    build_follow_up,
    current_cycle,
    paragraphs_of_cycle,
    reporting_cycles,
)
from resolutions.models import Paragraph, ReportingCycle, Response, Session

from ..factories import MemberStateFactory, ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def res52(reference_data):
    """A resolution of the 52nd session shaped like AALCO/RES/52/S 5."""
    resolution = ResolutionFactory(
        session=Session.objects.get(number=52),
        symbol="AALCO/RES/52/S 5",
        adopted_on=datetime.date(2013, 9, 12),
    )
    icmw = Treaty.objects.get(short_name="ICMW")
    ParagraphFactory(resolution=resolution, number=1, addressees="all")
    ParagraphFactory(
        resolution=resolution,
        number=2,
        verb="Reaffirms",
        requests_report=False,
        addressees="none",
    )
    ParagraphFactory(
        resolution=resolution,
        number=3,
        verb="Encourages",
        addressees=Paragraph.Addressees.NON_PARTIES,
        treaties=[icmw],
    )
    return resolution


def test_reporting_cycle_runs_to_the_next_session(reference_data):
    cycle = ReportingCycle.starting_at(Session.objects.get(number=52))
    assert cycle.closing.number == 53
    assert cycle.deadline == datetime.date(2014, 8, 16)  # 30 days before 15 September 2014
    assert cycle.is_closed(datetime.date(2014, 9, 15))
    assert cycle.days_left(datetime.date(2014, 9, 1)) == 14
    assert cycle.days_left(datetime.date(2020, 1, 1)) is None
    # There was no session in 2020: the 58th session's cycle closes at the 59th, in 2021.
    assert ReportingCycle.starting_at(Session.objects.get(number=58)).closing.year == 2021


def test_current_cycle_is_the_open_one_else_the_latest(reference_data):
    assert current_cycle(datetime.date(2014, 1, 1)).opening.number == 52
    assert current_cycle(datetime.date(2014, 9, 20)).opening.number == 53
    # After the last known session nothing closes it yet: it is open.
    latest = current_cycle(datetime.date(2026, 11, 25))
    assert latest.opening.number == 63
    assert latest.closing is None


def test_icmw_paragraph_addresses_non_parties_on_the_adoption_date(res52):
    follow_up = build_follow_up(paragraphs_of_cycle(res52.session))
    by_number = {pf.paragraph.number: pf for pf in follow_up.paragraphs}
    assert set(by_number) == {1, 3}  # paragraph 2 asks nothing of the states
    assert by_number[1].total == 47
    icmw = by_number[3]
    assert icmw.total == 35  # 47 members, 12 parties on 12 September 2013
    addressed = {s.iso3 for s in icmw.addressed}
    assert "PHL" not in addressed
    assert {"IND", "GMB"} <= addressed
    # Gambia ratified in 2018: it did what the paragraph asked.
    assert icmw.cells[MemberState.objects.get(iso3="GMB").pk].status == CellStatus.BECAME_PARTY
    assert icmw.cells[MemberState.objects.get(iso3="IND").pk].status == CellStatus.NOT_REPORTED
    assert icmw.settled_count == 1


def test_responses_set_the_status_and_drafts_do_not_count(res52):
    india = MemberState.objects.get(iso3="IND")
    kenya = MemberState.objects.get(iso3="KEN")
    paragraph = res52.paragraphs.get(number=1)
    Response.objects.create(member_state=india, paragraph=paragraph, cycle=res52.session)
    Response.objects.create(
        member_state=kenya,
        paragraph=paragraph,
        cycle=res52.session,
        status=Response.Status.SUBMITTED,
        submitted_at=datetime.datetime(2014, 5, 1, tzinfo=datetime.UTC),
    )
    follow_up = build_follow_up(paragraphs_of_cycle(res52.session))
    statuses = [(c.paragraph.number, c.status) for c in follow_up.for_state(india.pk)]
    assert statuses == [(1, CellStatus.DRAFT), (3, CellStatus.NOT_REPORTED)]
    assert [c.paragraph.number for c in follow_up.outstanding_for_state(kenya.pk)] == [3]
    assert india in follow_up.states_not_settled()
    assert kenya in follow_up.states_not_settled()  # it still owes paragraph 3


def test_constant_number_of_queries_at_47_and_193_states(res52, django_assert_max_num_queries):
    # paragraphs, treaties, states, treaty statuses, responses, sessions
    with django_assert_max_num_queries(6):
        small = build_follow_up(paragraphs_of_cycle(res52.session))
    MemberStateFactory.create_batch(193 - 47)
    for number in range(4, 24):
        ParagraphFactory(resolution=res52, number=number)
    with django_assert_max_num_queries(6):
        large = build_follow_up(paragraphs_of_cycle(res52.session))
    assert len(small.paragraphs) == 2
    assert len(large.paragraphs) == 22
    assert large.paragraphs[0].total == 193


def test_reporting_cycles_in_one_query(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):  # sessions
        cycles = reporting_cycles()
    assert len(cycles) == Session.objects.count()


def test_a_consent_after_the_day_looked_at_does_not_count_yet(res52):
    gambia = MemberState.objects.get(iso3="GMB")
    on_2014 = build_follow_up(paragraphs_of_cycle(res52.session), on=datetime.date(2014, 9, 1))
    icmw = next(pf for pf in on_2014.paragraphs if pf.paragraph.number == 3)
    assert icmw.cells[gambia.pk].status == CellStatus.NOT_REPORTED
    assert icmw.total == 35
