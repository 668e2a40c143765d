"""A second treaty of the tests' own: importing a resolution that names it gives
it its addressees, its question in the portal, its place in reminders, on the dashboard, the
states list and the agenda annex, with no code change."""

from __future__ import annotations

import datetime
import re

import time_machine
from django.urls import reverse

from memberstates.models import MemberState, Treaty
from resolutions.followup import build_follow_up, paragraphs_of_cycle
from resolutions.models import Session
from resolutions.selectors.agenda import agenda_annex
from resolutions.selectors.dashboard import dashboard_for
from resolutions.services.agenda import draft_agenda
from resolutions.services.reminders import preview_reminder

from ..conftest import _focal_point

ADOPTED = datetime.date(2013, 9, 12)
#: Inside the 52 -> 53 reporting cycle, before the deadline.
IN_CYCLE = datetime.datetime(2014, 9, 1, 6, tzinfo=datetime.UTC)


def _paragraph3(resolution):
    return resolution.paragraphs.get(kind="operative", number=3)


def test_it_imports_addressed_to_the_non_parties_on_the_adoption_date(crpd_resolution, crpd):
    paragraph = _paragraph3(crpd_resolution)
    assert [t.short_name for t in paragraph.treaties.all()] == ["CRPD"]
    assert paragraph.addressees == "non_parties" and paragraph.requests_report
    follow_up = build_follow_up(
        paragraphs_of_cycle(crpd_resolution.session), on=datetime.date(2014, 9, 1)
    )
    [pf] = [pf for pf in follow_up.paragraphs if pf.paragraph.pk == paragraph.pk]
    addressed = {cell.state.iso3 for cell in pf.cells.values()}
    expected = set(
        MemberState.objects.active().not_party_to(crpd, on=ADOPTED).values_list("iso3", flat=True)
    )
    assert addressed == expected
    assert "IND" not in addressed  # a party since 2007
    assert {"JPN", "LBN"} <= addressed  # a party only in 2014; a signatory only


def test_its_paragraph_gets_the_treaty_question_in_the_portal(client_for, crpd_resolution):
    japan = _focal_point("JPN", "fp.japan@example.org")
    page = client_for(japan).get(reverse("portal:respond", args=[_paragraph3(crpd_resolution).pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Where does your state stand on the CRPD?" in html
    assert "ICMW" not in html


def test_the_reminder_puts_it_with_the_other_treaty_paragraphs_first(crpd_resolution):
    lebanon = MemberState.objects.get(iso3="LBN")  # a party to neither treaty
    _focal_point("LBN", "fp.lebanon@example.org")
    email = preview_reminder(member_state=lebanon, cycle=crpd_resolution.session, step=30)
    body = email.text
    treaty_first = [body.index("AALCO/RES/52/S 5 ¶3"), body.index("AALCO/RES/52/S 6 ¶3")]
    others = [body.index("AALCO/RES/52/S 5 ¶1"), body.index("AALCO/RES/52/S 6 ¶1")]
    assert max(treaty_first) < min(others)
    assert "Ratification of, or accession to, the ICMW 1990" in body
    assert "Ratification of, or accession to, the CRPD" in body


@time_machine.travel(IN_CYCLE, tick=False)
def test_the_dashboard_shows_both_treaties(
    client_for, officer, crpd_resolution, django_assert_num_queries
):
    # As with one treaty (tests/workspace/test_queries.py): sessions, states, the follow-up
    # (4), one query for the statuses of every treaty, reminders, reports awaiting review.
    with django_assert_num_queries(1 + 1 + 4 + 1 + 1 + 1):
        data = dashboard_for(today=IN_CYCLE.date(), cycle_number=52)
    assert [t.treaty.short_name for t in data.treaties] == ["ICMW", "CRPD"]
    crpd = data.treaty("CRPD")
    # Japan joined on 20 January 2014, inside the cycle opened on 12 September 2013.
    assert [s.member_state.iso3 for s in crpd.joined_since] == ["JPN"]
    client = client_for(officer)
    html = client.get("/").content.decode()
    for t in data.treaties:
        assert f'id="treaty-{t.treaty.pk}-title"' in html
        assert f"?map=treaty&amp;treaty={t.treaty.short_name}#map" in html
    assert "Member states by ICMW status" in html  # the first treaty's map by default
    html = client.get("/?map=treaty&treaty=CRPD").content.decode()
    assert "Member states by CRPD status" in html
    assert "CRPD parties among the member states" in html


@time_machine.travel(IN_CYCLE, tick=False)
def test_the_states_list_filters_and_sorts_by_either_treaty(client_for, officer, crpd_resolution):
    client = client_for(officer)
    default = client.get("/states/").context["browse"]
    assert default.treaty.short_name == "ICMW"  # the first treaty the cycle names
    browse = client.get("/states/?treaty=CRPD&treaty_status=party&sort=name").context["browse"]
    assert browse.treaty.short_name == "CRPD"
    parties = {r.state.iso3 for r in browse.rows}
    crpd = Treaty.objects.get(short_name="CRPD")
    expected = MemberState.objects.active().party_to(crpd, on=IN_CYCLE.date())
    assert parties == set(expected.values_list("iso3", flat=True)) and "JPN" in parties
    signatories = client.get("/states/?treaty=CRPD&treaty_status=signatory").context["browse"]
    assert [r.state.iso3 for r in signatories.rows] == ["LBN", "LBY", "VNM"]  # signed by then
    ordered = client.get("/states/?treaty=CRPD&sort=treaty").context["browse"].rows
    assert ordered[0].category == "party" and ordered[-1].category == "no_action"


def test_the_agenda_annex_lists_both_treaties(crpd_resolution):
    session53 = Session.objects.get(number=53)
    with time_machine.travel(IN_CYCLE, tick=False):
        draft_agenda(session=session53)
        annex = agenda_annex(session=session53)
    named = {t.treaty.short_name for entry in annex.carried for t in entry.treaties}
    assert named == {"ICMW", "CRPD"}


def test_a_paragraph_naming_both_treaties_asks_about_each(client_for, crpd_resolution, crpd):
    """Both answers are kept: the first treaty's in treaty_action, the others' by short name."""
    from resolutions.models import Response

    paragraph = _paragraph3(crpd_resolution)
    paragraph.treaties.add(Treaty.objects.get(short_name="ICMW"))  # now CRPD and ICMW
    lebanon = _focal_point("LBN", "fp.lebanon@example.org")
    client = client_for(lebanon)
    url = reverse("portal:respond", args=[paragraph.pk])
    html = client.get(url).content.decode()
    assert "Where does your state stand on the CRPD?" in html
    assert "Where does your state stand on the ICMW?" in html

    refused = client.post(url, {"treaty_action": "signed", "action": "submit"})
    text = refused.content.decode()
    assert "Say where your state stands on the ICMW." in text
    assert "Say where your state stands on the CRPD." not in text  # answered: signed...
    assert "Give the date of signature" in text  # ...which needs its date
    assert not Response.objects.filter(paragraph=paragraph).exists()

    icmw = Treaty.objects.get(short_name="ICMW")
    posted = client.post(
        url,
        {
            "treaty_action": "under_consideration",
            f"treaty_action_{icmw.pk}": "domestic_procedure",
            "action": "submit",
        },
    )
    assert posted.status_code == 302
    response = Response.objects.get(paragraph=paragraph)
    assert response.treaty_action == "under_consideration"  # the CRPD: first by short name
    assert response.treaty_actions == {"ICMW": "domestic_procedure"}
    edit = client.get(reverse("portal:edit", args=[response.pk])).content.decode()
    assert re.search(
        rf'name="treaty_action_{icmw.pk}" value="domestic_procedure"[^>]*checked', edit
    )
    summary = client.get(reverse("portal:response", args=[response.pk])).content.decode()
    assert "ICMW status reported" in summary and "Domestic procedure under way" in summary


def test_the_api_takes_the_answer_on_each_treaty(client, crpd_resolution):
    from aalco.tokens import create_api_token

    paragraph = _paragraph3(crpd_resolution)
    paragraph.treaties.add(Treaty.objects.get(short_name="ICMW"))
    key = create_api_token(user=_focal_point("LBN", "fp.lebanon@example.org"), name="Tool")[1]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}", "content_type": "application/json"}
    answer = {"paragraph_id": paragraph.pk, "treaty_action": "no_action", "submit": True}
    refused = client.post("/api/responses/", answer, **auth)
    assert refused.status_code == 400 and "ICMW" in refused.content.decode()
    wrong = client.post("/api/responses/", {**answer, "treaty_actions": {"CAT": "signed"}}, **auth)
    assert wrong.status_code == 400
    created = client.post(
        "/api/responses/", {**answer, "treaty_actions": {"ICMW": "under_consideration"}}, **auth
    )
    assert created.status_code == 201, created.content
    assert created.json()["treaty_actions"] == {"ICMW": "under_consideration"}
