"""The API's reads: sessions, a session's agenda, reminders (staff), report versions, filters."""

from __future__ import annotations

import pytest

from aalco.tokens import create_api_token
from resolutions.services.responses import ResponseContent, save_draft

pytestmark = pytest.mark.django_db


def get(client, user, url):
    key = create_api_token(user=user, name="t")[1]
    return client.get(url, HTTP_AUTHORIZATION=f"Token {key}")


def test_sessions_by_number_with_iso_dates(client, observer):
    data = get(client, observer, "/api/sessions/52/").json()
    assert data["number"] == 52 and data["year"] == 2013
    assert data["start_date"] is None or len(data["start_date"]) == 10


def test_agenda_of_a_session_for_staff_only(client, observer, focal_a, seed_resolution):
    answer = get(client, observer, "/api/sessions/53/agenda/")
    assert answer.status_code == 200
    assert answer.json()["schema"].startswith("aalco-agenda/")
    assert get(client, focal_a, "/api/sessions/53/agenda/").status_code == 403
    assert get(client, observer, "/api/sessions/1/agenda/").status_code == 404


def test_reminders_for_staff_only(client, observer, focal_a):
    assert get(client, observer, "/api/reminders/").status_code == 200
    assert get(client, focal_a, "/api/reminders/").status_code == 403


def test_versions_of_a_report(client, focal_a, seed_resolution):
    from memberstates.roles import focal_point_state

    para3 = seed_resolution.paragraphs.get(kind="operative", number=3)
    draft = save_draft(
        member_state=focal_point_state(focal_a),
        paragraph=para3,
        content=ResponseContent(treaty_action="no_action"),
        user=focal_a,
        expected_version=None,
    )
    save_draft(
        member_state=focal_point_state(focal_a),
        paragraph=para3,
        content=ResponseContent(treaty_action="under_consideration", narrative="Study"),
        user=focal_a,
        expected_version=draft.version,
    )
    versions = get(client, focal_a, f"/api/responses/{draft.pk}/versions/").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert any(c["new"] == "Under consideration" for c in versions[0]["changes"])


def test_filters(client, observer, seed_resolution):
    assert get(client, observer, "/api/resolutions/?treaty=icmw").json()["count"] == 1
    assert get(client, observer, "/api/resolutions/?session=12").json()["count"] == 0
    assert get(client, observer, "/api/resolutions/?adopted_after=not-a-date").status_code == 400
    assert get(client, observer, "/api/responses/?member_state=IND").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/responses/?paragraph_id=9999999999999999999999",
        "/api/responses/?cycle=-99999999999999999999",
        "/api/resolutions/?session=1e400",
        "/api/reminders/?step=99999999999999999999",
    ],
)
def test_numbers_out_of_range_are_400(client, observer, url):
    assert get(client, observer, url).status_code == 400


def test_paragraphs_carry_their_section_and_reference(client, observer, seed_resolution):
    seed_resolution.paragraphs.filter(number=3).update(section="II")
    data = get(client, observer, f"/api/resolutions/{seed_resolution.pk}/").json()
    third = next(p for p in data["paragraphs"] if p["number"] == 3)
    assert third["section"] == "II" and third["reference"] == "II.3"
    assert data["body"] == "aalco" and "sections" in data


@pytest.mark.parametrize(
    "url",
    [
        "/api/responses/?member_state=%00",
        "/api/resolutions/?symbol=a%00b",
        "/api/reminders/?status=%00",
    ],
)
def test_nul_bytes_in_filters_are_400(client, observer, url):
    assert get(client, observer, url).status_code == 400


@pytest.mark.parametrize(
    "moment", ["0270-03-11T23:34:01+17:42", "0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00Z"]
)
def test_any_iso_moment_is_answered(client, observer, moment):
    from urllib.parse import quote

    assert (
        get(client, observer, f"/api/responses/?updated_after={quote(moment)}").status_code == 200
    )


def test_a_withdrawn_resolution_says_so_and_can_be_filtered(
    client, observer, officer, seed_resolution
):
    from resolutions.services.resolutions import withdraw_resolution

    listed = get(client, observer, "/api/resolutions/").json()["results"][0]
    assert listed["withdrawn_at"] is None
    withdraw_resolution(resolution=seed_resolution, user=officer, reason="Adopted in error")
    listed = get(client, observer, "/api/resolutions/").json()["results"][0]
    assert listed["withdrawn_at"] is not None
    assert get(client, observer, "/api/resolutions/?withdrawn=true").json()["count"] == 1
    assert get(client, observer, "/api/resolutions/?withdrawn=false").json()["count"] == 0
