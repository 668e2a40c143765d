"""The read-only API: signed-in users only, and a focal point sees only their own state."""

from __future__ import annotations

import datetime

import pytest

from memberstates.models import MemberState
from resolutions.models import Response

from ..factories import ParagraphFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reports(reference_data):
    paragraph = ParagraphFactory()
    submitted = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return [
        Response.objects.create(
            member_state=MemberState.objects.get(iso3=iso3),
            paragraph=paragraph,
            cycle=paragraph.resolution.session,
            status=Response.Status.SUBMITTED,
            submitted_at=submitted,
            narrative=f"Report of {iso3}",
        )
        for iso3 in ("IND", "PHL")
    ]


def test_anonymous_is_asked_for_credentials(client):
    # 401 with `WWW-Authenticate: Token`: other systems send a token, people sign in.
    response = client.get("/api/resolutions/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert client.get("/api/schema/").status_code == 401


def test_member_states_with_icmw_status(client_for, observer):
    data = client_for(observer).get("/api/member-states/").json()
    assert len(data) == 47
    philippines = next(s for s in data if s["iso3"] == "PHL")
    assert philippines["treaty_statuses"][0]["treaty"] == "ICMW"
    assert philippines["treaty_statuses"][0]["party"] is True


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("officer", {"IND", "PHL"}),
        ("observer", {"IND", "PHL"}),
        ("focal_a", {"IND"}),
        ("focal_b", {"PHL"}),
    ],
)
def test_responses_are_scoped_to_the_user(request, client_for, two_reports, persona, visible):
    client = client_for(request.getfixturevalue(persona))
    data = client.get("/api/responses/").json()
    assert {r["member_state"] for r in data["results"]} == visible


def test_focal_point_gets_404_for_another_states_response(client_for, focal_a, two_reports):
    philippines_report = two_reports[1]
    response = client_for(focal_a).get(f"/api/responses/{philippines_report.pk}/")
    assert response.status_code == 404


def test_resolution_detail_carries_paragraphs(client_for, officer, django_assert_max_num_queries):
    paragraph = ParagraphFactory()
    client = client_for(officer)
    # session, user, resolution (+session, topic), paragraphs, their treaties
    with django_assert_max_num_queries(6):
        data = client.get(f"/api/resolutions/{paragraph.resolution.pk}/").json()
    assert data["paragraphs"][0]["verb"] == "Requests"


def test_schema_and_docs_are_served_without_a_cdn(client_for, officer):
    client = client_for(officer)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
