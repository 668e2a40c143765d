"""Every workspace URL × every persona: secretariat reads and writes, observers read,
focal points are sent to their portal for what concerns their state (404 for other states,
403 for the rest; the API agrees), anonymous visitors are sent to the login page."""

from __future__ import annotations

import pytest

from memberstates.models import TreatyStatus
from resolutions.models import Session

READ_URLS = [
    "/",
    "/?cycle=52&map=reporting",
    "/resolutions/",
    "/resolutions/?session=52&outstanding=yes",
    "/resolutions/download/csv/",
    "/resolutions/download/xlsx/",
    "{detail}",
    "/states/",
    "/states/?icmw=party",
    "/states/IND/",
    "/states/PHL/",
]
WRITE_URLS = [
    "/states/IND/treaties/ICMW/",
    "/states/PHL/treaties/ICMW/",
    "/cycles/52/next-session/",
]

PERSONAS = ["officer", "observer", "focal_a", "focal_b", None]
READ_STATUS = {"officer": 200, "observer": 200, "focal_a": 403, "focal_b": 403, None: 302}
#: What a focal point's own state's part of a page is: its portal (302); another state: 404.
FOCAL_POINT_READ = {
    "/resolutions/": 302,
    "/resolutions/?session=52&outstanding=yes": 302,
    "{detail}": 302,
    "/states/": 302,
    "/states/?icmw=party": 302,
}
OWN_STATE = {"focal_a": "IND", "focal_b": "PHL"}


def _read_status(persona, url: str) -> int:
    if persona in OWN_STATE:
        if url.startswith("/states/") and url.count("/") == 3:
            return 302 if url == f"/states/{OWN_STATE[persona]}/" else 404
        return FOCAL_POINT_READ.get(url, 403)
    return READ_STATUS[persona]


WRITE_STATUS = {"officer": 200, "observer": 403, "focal_a": 403, "focal_b": 403, None: 302}


def _client(request, client_for, persona):
    return client_for(request.getfixturevalue(persona) if persona else None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_pages(request, client_for, persona, seed_resolution, in_cycle_52):
    client = _client(request, client_for, persona)
    for url in READ_URLS:
        expected = _read_status(persona, url)
        url = url.format(detail=seed_resolution.get_absolute_url())
        response = client.get(url)
        assert response.status_code == expected, (persona, url)
        if persona is None:
            assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", PERSONAS)
def test_write_pages(request, client_for, persona, seed_resolution, in_cycle_52):
    client = _client(request, client_for, persona)
    for url in WRITE_URLS:
        assert client.get(url).status_code == WRITE_STATUS[persona], (persona, url)


@pytest.mark.parametrize("persona", ["observer", "focal_a", "focal_b", None])
def test_nobody_but_the_secretariat_can_post(
    request, client_for, persona, reference_data, in_cycle_52
):
    client = _client(request, client_for, persona)
    before = list(Session.objects.values_list("number", "start_date"))
    treaty = client.post(
        "/states/IND/treaties/ICMW/",
        {"consent_type": "accession", "consent_date": "2014-01-02", "source": "UNTC"},
    )
    session = client.post(
        "/cycles/52/next-session/",
        {"year": 2014, "start_date": "2014-10-01", "end_date": "2014-10-03"},
    )
    expected = 302 if persona is None else 403
    assert (treaty.status_code, session.status_code) == (expected, expected)
    assert list(Session.objects.values_list("number", "start_date")) == before
    assert not TreatyStatus.objects.filter(member_state__iso3="IND", consent_date__isnull=False)


def test_focal_point_gets_403_page_with_a_way_out(client_for, focal_a, in_cycle_52):
    response = client_for(focal_a).get("/")
    assert response.status_code == 403
    assert b"start page" in response.content


def test_state_codes(client_for, officer, in_cycle_52):
    client = client_for(officer)
    lower = client.get("/states/ind/?x=1")
    assert lower.status_code == 301
    assert lower["Location"] == "/states/IND/?x=1"
    assert client.get("/states/ind/treaties/ICMW/").status_code == 301
    assert client.get("/states/XYZ/").status_code == 404
    assert client.get("/states/IND/treaties/NOPE/").status_code == 404
    assert client.get("/resolutions/999999/").status_code == 404
    assert client.get("/resolutions/download/pdf/").status_code == 404
    assert client.get("/cycles/999/next-session/").status_code == 404
