"""/responses/: the secretariat finds a report by state, resolution, status and cycle, sorts
the list, and sees each report under its short reference."""

from __future__ import annotations

import pytest
from django.utils import timezone

from memberstates.models import MemberState
from resolutions.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(seed_resolution, in_cycle_52, paragraph_1, paragraph_3):
    session = seed_resolution.session
    made = {}
    for iso3, paragraph, status in [
        ("IND", paragraph_1, "submitted"),
        ("CHN", paragraph_1, "accepted"),
        ("JPN", paragraph_3, "clarification"),
        ("EGY", paragraph_1, "draft"),
    ]:
        made[iso3] = Response.objects.create(
            member_state=MemberState.objects.get(iso3=iso3),
            paragraph=paragraph,
            cycle=session,
            status=status,
            submitted_at=None if status == "draft" else timezone.now(),
        )
    return made


def _refs(client, query: str) -> list[str]:
    page = client.get("/responses/" + query)
    assert page.status_code == 200
    return [r.reference for r in page.context["page_obj"].object_list]


def test_reference_is_short_and_human(reports):
    assert reports["IND"].reference == "IND-52-5-1"
    assert reports["JPN"].reference == "JPN-52-5-3"


def test_default_is_awaiting_review(client_for, officer, reports):
    assert _refs(client_for(officer), "") == ["IND-52-5-1"]


def test_filters_by_state_resolution_status_and_cycle(
    client_for, officer, reports, seed_resolution
):
    client = client_for(officer)
    assert sorted(_refs(client, "?status=all")) == ["CHN-52-5-1", "IND-52-5-1", "JPN-52-5-3"]
    assert _refs(client, "?status=all&member_state=JPN") == ["JPN-52-5-3"]
    assert _refs(client, "?status=accepted") == ["CHN-52-5-1"]
    assert len(_refs(client, f"?status=all&resolution={seed_resolution.pk}")) == 3
    assert len(_refs(client, "?status=all&cycle=52")) == 3
    assert _refs(client, "?status=all&cycle=53") == []


def test_drafts_never_listed(client_for, officer, reports):
    assert "EGY-52-5-1" not in _refs(client_for(officer), "?status=all&member_state=EGY")


def test_sorts(client_for, officer, reports):
    client = client_for(officer)
    assert _refs(client, "?status=all&sort=state") == ["CHN-52-5-1", "IND-52-5-1", "JPN-52-5-3"]
    assert _refs(client, "?status=all&sort=-state") == ["JPN-52-5-3", "IND-52-5-1", "CHN-52-5-1"]
    assert _refs(client, "?status=all&sort=-paragraph")[0] == "JPN-52-5-3"


def test_bad_filters_answer_clearly(client_for, officer, reports):
    page = client_for(officer).get("/responses/?member_state=ZZZ&cycle=abc&sort=%00")
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 0


def test_constant_queries(client_for, officer, reports, django_assert_num_queries):
    client = client_for(officer)
    # session, user, groups; count, page; the form's states, resolutions and sessions
    with django_assert_num_queries(3 + 2 + 3):
        client.get("/responses/?status=all&sort=state")


# --- Finding who has not reported ----------------------------------------


def test_search_finds_treaties_by_short_name_and_paragraph_text(
    client_for, officer, seed_resolution, in_cycle_52
):
    from tests.factories import ParagraphFactory, ResolutionFactory

    other = ResolutionFactory(session=seed_resolution.session, symbol="AALCO/RES/52/S 9")
    ParagraphFactory(resolution=other, number=1, text="Urges States to protect the oceans;")
    client = client_for(officer)

    def found(q: str) -> list[str]:
        page = client.get("/resolutions/", {"q": q})
        return [row.resolution.symbol for row in page.context["page_obj"].object_list]

    assert found("ICMW") == ["AALCO/RES/52/S 5"]  # the treaty its paragraph 3 names
    assert found("icmw") == ["AALCO/RES/52/S 5"]
    assert found("protect the oceans") == ["AALCO/RES/52/S 9"]  # paragraph text
    assert found("High Level Dialogue") == ["AALCO/RES/52/S 5"]  # a preambular paragraph


def test_states_count_outstanding_over_every_open_and_overdue_cycle(
    client_for, officer, seed_resolution, in_cycle_52
):
    from resolutions.models import Session
    from tests.factories import ParagraphFactory, ResolutionFactory

    # A resolution of the 51st session: its cycle closed in 2013, India never reported.
    old = ResolutionFactory(session=Session.objects.get(number=51), symbol="AALCO/RES/51/S 5")
    ParagraphFactory(resolution=old, number=1)
    client = client_for(officer)
    rows = {r.state.iso3: r for r in client.get("/states/").context["browse"].rows}
    # ¶1 and ¶3 of 52/S 5 (India is not an ICMW party) and ¶1 of 51/S 5.
    assert rows["IND"].outstanding == 3
    only_52 = {r.state.iso3: r for r in client.get("/states/?cycle=52").context["browse"].rows}
    assert only_52["IND"].outstanding == 2
    html = client.get("/states/").content.decode()
    assert "counted over every open and overdue cycle" in html


@pytest.fixture
def chn_report(seed_resolution, in_cycle_52, paragraph_1):
    return Response.objects.create(
        member_state=MemberState.objects.get(iso3="CHN"),
        paragraph=paragraph_1,
        cycle=seed_resolution.session,
        status="submitted",
        submitted_at=timezone.now(),
    )


def test_resolution_page_filters_a_paragraph_by_status(
    client_for, observer, seed_resolution, chn_report
):
    client = client_for(observer)
    url = f"/resolutions/{seed_resolution.pk}/"
    page = client.get(url, {"p": 1, "status": "submitted"})
    views = {v.paragraph.number: v for v in page.context["page"].reporting}
    assert [c.state.iso3 for c, _url in views[1].matrix] == ["CHN"]
    assert len(views[3].matrix) > 1  # other paragraphs unfiltered
    everyone = client.get(url, {"p": 1, "status": "bogus"}).context["page"].reporting[0]
    assert len(everyone.matrix) == 47
    assert "Remind these" not in page.content.decode()  # observers read only


def test_paragraph_list_downloads_as_csv(client_for, observer, seed_resolution, chn_report):
    url = f"/resolutions/{seed_resolution.pk}/paragraphs/1/download/csv/"
    body = client_for(observer).get(url, {"status": "not-reported"}).getvalue().decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Member state,ISO code,Status")
    assert len(lines) == 1 + 46  # everyone but China
    assert not any(line.startswith("China") for line in lines)
    submitted = (
        client_for(observer).get(url, {"status": "submitted"}).getvalue().decode("utf-8-sig")
    )
    assert "CHN-52-5-1" in submitted
    missing = client_for(observer).get(
        f"/resolutions/{seed_resolution.pk}/paragraphs/2/download/csv/"
    )
    assert missing.status_code == 404  # ¶2 asks nothing


def test_remind_these_states_through_the_ledger_once(
    client_for, officer, seed_resolution, chn_report, django_capture_on_commit_callbacks
):
    from django.core import mail

    from memberstates.models import FocalPoint
    from resolutions.models import Reminder
    from tests.factories import UserFactory

    for iso3 in ("IND", "JPN"):
        FocalPoint.objects.create(
            user=UserFactory(email=f"fp.{iso3.lower()}@example.org"),
            member_state=MemberState.objects.get(iso3=iso3),
            role="main",
        )
    client = client_for(officer)
    url = f"/resolutions/{seed_resolution.pk}/paragraphs/1/remind/"
    page = client.get(f"/resolutions/{seed_resolution.pk}/", {"p": 1, "status": "not-reported"})
    assert "Remind these 46 states" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"status": "not-reported"}, follow=True)
    html = done.content.decode()
    assert "on their way to 2 states" in html
    assert "no active main focal point" in html  # the others are named, not skipped silently
    assert set(Reminder.objects.values_list("member_state__iso3", flat=True)) == {"IND", "JPN"}
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"status": "not-reported"}, follow=True)
    assert "already been sent" in again.content.decode()
    assert len(mail.outbox) == sent  # exactly once
    assert Reminder.objects.count() == 2


def test_remind_is_for_the_secretariat_only(client_for, observer, seed_resolution):
    url = f"/resolutions/{seed_resolution.pk}/paragraphs/1/remind/"
    assert client_for(observer).post(url, {"status": ""}).status_code == 403


def test_paragraph_list_costs_constant_queries(
    client_for, observer, seed_resolution, chn_report, un_scale, django_assert_num_queries
):
    client = client_for(observer)
    url = f"/resolutions/{seed_resolution.pk}/paragraphs/1/download/csv/"
    # session, user, groups; the resolution; the paragraph; build_follow_up (paragraphs,
    # treaties, states, sessions, obligations with statuses, responses); the focal points
    with django_assert_num_queries(3 + 1 + 1 + 6 + 1):
        assert client.get(url).status_code == 200
