"""The annex data (resolutions.selectors.agenda): the dashboard's figures, constant queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from memberstates.models import MemberState, Treaty, TreatyStatus
from memberstates.services.parties import parties_changed
from resolutions.followup import CellStatus, build_follow_up, paragraphs_of_cycle
from resolutions.models import Response, Session
from resolutions.selectors.agenda import agenda_annex, session_dates
from resolutions.selectors.dashboard import dashboard_for
from resolutions.services.agenda import add_default_standing_items, draft_agenda

from ..factories import ParagraphFactory, ResolutionFactory
from .conftest import IN_CYCLE, PREPARED

pytestmark = pytest.mark.django_db


def test_the_annex_figures_are_the_dashboards(agenda53, prepared_day):
    annex = agenda_annex(session=agenda53)
    (entry,) = annex.carried
    assert entry.resolution.symbol == "AALCO/RES/52/S 5"
    assert [p.number for p in entry.operative] == [1, 2, 3, 4]

    dashboard = dashboard_for(today=prepared_day, cycle_number=52)
    by_number = {pf.paragraph.number: pf for pf in dashboard.follow_up.paragraphs}
    assert [(pf.paragraph.number, pf.settled_count, pf.total) for pf in entry.reporting] == [
        (n, by_number[n].settled_count, by_number[n].total) for n in (1, 3)
    ]
    # India reported on paragraph 1; on paragraph 3 nobody has acted yet in 2014 (Gambia
    # became a party only in 2018), on the annex as on the dashboard.
    assert [(pf.settled_count, pf.total) for pf in entry.reporting] == [(1, 47), (0, 35)]
    india = MemberState.objects.get(iso3="IND")
    assert entry.reporting[0].cells[india.pk].status == CellStatus.SUBMITTED

    (icmw,) = entry.treaties
    assert len(icmw.parties) == len(dashboard.icmw.parties) == 12  # Gambia joined in 2018
    assert [s.member_state.iso3 for s in icmw.signatories] == ["CMR", "SLE"]
    assert len(icmw.no_action) == 33
    assert icmw.joined_since == dashboard.icmw.joined_since == []
    assert 'data-iso3="PHL"' in icmw.map_svg and "<svg" in icmw.chart_svg
    assert "<svg" in entry.chart_svg


def test_joined_since_the_last_session_counts_the_dashboards_window(agenda53, prepared_day):
    status = TreatyStatus.objects.get(member_state__iso3="IND", treaty__short_name="ICMW")
    status.consent_type, status.consent_date = "accession", datetime.date(2014, 3, 3)
    status.save()
    parties_changed(state_ids=[status.member_state_id])  # as update_treaty_status does
    (icmw,) = agenda_annex(session=agenda53).carried[0].treaties
    assert [s.member_state.iso3 for s in icmw.joined_since] == ["IND"]
    assert icmw.describe(status.member_state_id) == "Party (Accession, 3 March 2014)"
    assert 'data-iso3="IND" data-category="party" data-highlight="true"' in icmw.map_svg
    # Paper gets the same map (same states, highlight and ids) with the print outlines.
    paper = str(icmw.print_map_svg)
    assert 'data-iso3="IND" data-category="party" data-highlight="true"' in paper
    assert 'id="map-53-' in paper and len(paper) < len(str(icmw.map_svg))
    # India became a party after the resolution: paragraph 3 counts it as done.
    paragraph3 = agenda_annex(session=agenda53).carried[0].reporting[1]
    assert paragraph3.cells[status.member_state_id].status == CellStatus.BECAME_PARTY


def test_states_lines_mark_paragraphs_that_do_not_address_them(agenda53, prepared_day):
    entry = agenda_annex(session=agenda53).carried[0]
    lines = {line.state.iso3: line for line in entry.lines}
    assert len(lines) == 47
    philippines = lines["PHL"]
    assert philippines.cells[0].status == CellStatus.NOT_REPORTED
    assert philippines.cells[1] is None  # a party since 1995: paragraph 3 does not ask it
    assert philippines.treaty_statuses == ["Party (Ratification, 5 July 1995)"]
    assert entry.treaty_text(philippines.state.pk) == "ICMW: Party (Ratification, 5 July 1995)"
    assert lines["CMR"].treaty_statuses == ["Signatory (signed 15 December 2009)"]


def test_the_annex_costs_the_same_queries_for_one_item_or_many(
    agenda53, prepared_day, django_assert_max_num_queries
):
    # previous session, agenda items, operative paragraphs, their treaties, states;
    # build_follow_up: reporting paragraphs, their treaties, treaty statuses, responses,
    # sessions; then the items' treaty statuses.
    with django_assert_max_num_queries(11):
        agenda_annex(session=agenda53)
    icmw = Treaty.objects.get(short_name="ICMW")
    for n in range(6, 12):
        resolution = ResolutionFactory(
            session=Session.objects.get(number=52), symbol=f"AALCO/RES/52/S {n}"
        )
        ParagraphFactory(resolution=resolution, number=1)
        ParagraphFactory(resolution=resolution, number=2, addressees="non_parties", treaties=[icmw])
        ParagraphFactory(
            resolution=resolution,
            number=3,
            requests_report=False,
            addressees="none",
            carries_to_session=53,
        )
    add_default_standing_items(session=agenda53)
    assert len(draft_agenda(session=agenda53)) == 13
    with django_assert_max_num_queries(11):  # the same queries, whatever the number of items
        annex = agenda_annex(session=agenda53)
    assert len(annex.items) == 13 and len(annex.carried) == 7


def test_the_cycle_paragraphs_match_build_follow_up(agenda53, prepared_day):
    annex = agenda_annex(session=agenda53)
    reference = build_follow_up(paragraphs_of_cycle(annex.previous))
    ours = [pf for entry in annex.carried for pf in entry.reporting]
    assert {(pf.paragraph.pk, s, c.status) for pf in ours for s, c in pf.cells.items()} == {
        (pf.paragraph.pk, s, c.status) for pf in reference.paragraphs for s, c in pf.cells.items()
    }


def test_a_session_without_a_previous_one_has_no_annex(reference_data):
    assert agenda_annex(session=Session.objects.order_by("number").first()) is None


def test_session_dates_read_as_people_write_them(reference_data):
    assert session_dates(Session.objects.get(number=53)) == "15–18 September 2014"
    assert session_dates(Session.objects.get(number=47)) == "30 June – 4 July 2008"
    assert session_dates(Session.objects.get(number=48)) == "17 August 2009"
    assert session_dates(Session.objects.get(number=41)) == ""


def _report(seed_resolution, iso3s, *, on):
    """Submitted reports with their words, as the focal points would send them."""
    paragraph = seed_resolution.paragraphs.get(number=1)
    for iso3 in iso3s:
        Response.objects.create(
            member_state=MemberState.objects.get(iso3=iso3),
            paragraph=paragraph,
            cycle=paragraph.resolution.session,
            status="submitted",
            narrative=f"{iso3} adopted a law.",
            treaty_action="under_consideration",
            submitted_at=on,
        )


def _read_every_answer(session):
    annex = agenda_annex(session=session)
    answers = [a for e in annex.followed for line in e.lines for a in line.answers]
    late = [r.answer for r in annex.late]
    return [a for a in answers + late if a is not None and a.kind == "reported"]


@pytest.mark.parametrize("late", [False, True], ids=["in time", "late"])
def test_what_states_reported_is_read_in_a_constant_number_of_queries(
    agenda53, seed_resolution, django_assert_max_num_queries, late
):
    # The annex prints each state's words: narratives and treaty actions are read with the
    # responses, not one query per answer.
    sent = datetime.datetime(2014, 10, 1, 6, tzinfo=datetime.UTC) if late else IN_CYCLE
    day = datetime.datetime(2014, 11, 1, 6, tzinfo=datetime.UTC) if late else PREPARED
    _report(seed_resolution, ["CHN", "JPN"], on=sent)
    with time_machine.travel(day, tick=False):
        with django_assert_max_num_queries(11):
            few = _read_every_answer(agenda53)
        _report(seed_resolution, ["KEN", "EGY", "GHA", "IRN"], on=sent)
        with django_assert_max_num_queries(11):
            many = _read_every_answer(agenda53)
    assert len(many) == len(few) + 4
    assert "KEN adopted a law." in {a.text for a in many}
