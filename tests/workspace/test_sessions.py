"""Sessions kept in the app — add, move and correct dates and venues.

A past opening day is never saved silently (it closes a cycle at once), the year is not
pre-filled wrongly, and dates are shown in the app's format ("10 February 2027").
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from resolutions.models import Session

KOLKATA = ZoneInfo("Asia/Kolkata")
#: The cycle opened by the 63rd session (Kampala, September 2025) is open: no 64th yet.
TODAY = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=KOLKATA)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def no_session_64(reference_data):
    Session.objects.filter(number__gte=64).delete()


def _post(client, url, **data):
    return client.post(url, {"city": "", "country": "", "year": "", **data})


def test_a_past_opening_day_is_not_saved_silently(client_for, officer, no_session_64, today):
    client = client_for(officer)
    url = "/cycles/63/next-session/"
    refused = _post(client, url, number=64, start_date="2026-11-02", end_date="2026-11-06")
    assert refused.status_code == 200
    assert not Session.objects.filter(number=64).exists()
    html = refused.content.decode()
    assert "2 November 2026 is in the past" in html
    assert "closes the reporting cycle opened by the 63rd session" in html
    assert 'name="confirm_past"' in html
    confirmed = _post(
        client, url, number=64, start_date="2026-11-02", end_date="2026-11-06", confirm_past="on"
    )
    assert confirmed.status_code == 302
    assert Session.objects.get(number=64).start_date == datetime.date(2026, 11, 2)


def test_next_year_dates_need_no_year(client_for, officer, no_session_64, today):
    client = client_for(officer)
    page = client.get("/cycles/63/next-session/")
    assert 'name="year" value="2026"' not in page.content.decode()
    saved = _post(
        client,
        "/cycles/63/next-session/",
        number=64,
        city="New Delhi",
        country="India",
        start_date="2027-02-10",
        end_date="2027-02-14",
    )
    assert saved.status_code == 302
    session = Session.objects.get(number=64)
    assert session.year == 2027
    # The confirmation is in the app's date format, not ISO.
    followed = client.get(saved["Location"])
    assert "The 64th session opens on 10 February 2027." in followed.content.decode()


def test_a_year_that_contradicts_the_opening_day_says_which_year(
    client_for, officer, no_session_64, today
):
    page = _post(
        client_for(officer),
        "/cycles/63/next-session/",
        number=64,
        year=2026,
        start_date="2027-02-10",
        end_date="2027-02-14",
    )
    assert page.status_code == 200
    assert "falls in 2027" in page.content.decode()


def test_the_sessions_page_adds_and_corrects_sessions(client_for, officer, no_session_64, today):
    client = client_for(officer)
    index = client.get("/sessions/").content.decode()
    assert 'href="/sessions/add/"' in index
    assert 'href="/sessions/53/edit/"' in index
    assert "15–18 September 2014" in index  # a session's dates, in the app's format
    form = client.get("/sessions/add/").content.decode()
    assert 'value="64"' in form
    added = _post(
        client,
        "/sessions/add/",
        number=64,
        city="Doha",
        country="Qatar",
        start_date="2027-03-01",
        end_date="2027-03-04",
    )
    assert added.status_code == 302, added.content.decode()
    assert "1–4 March 2027" in client.get(added["Location"]).content.decode()
    # A correction: the venue changes, the number stays whatever is posted.
    corrected = _post(
        client,
        "/sessions/64/edit/",
        number=99,
        city="New Delhi",
        country="India",
        start_date="2027-03-01",
        end_date="2027-03-04",
    )
    assert corrected.status_code == 302
    session = Session.objects.get(number=64)
    assert (session.city, session.country) == ("New Delhi", "India")
    assert not Session.objects.filter(number=99).exists()
    assert session.history.count() >= 2  # every correction kept


def test_a_session_cannot_jump_over_its_neighbours(client_for, officer, reference_data, today):
    page = _post(
        client_for(officer),
        "/sessions/53/edit/",
        number=53,
        city="Tehran",
        country="Iran",
        start_date="2013-09-01",
        end_date="2013-09-04",
        confirm_past="on",
    )
    assert page.status_code == 400
    assert "must open after the 52nd session (12 September 2013)" in page.content.decode()
    assert Session.objects.get(number=53).start_date == datetime.date(2014, 9, 15)


def test_correcting_a_past_session_without_moving_it_needs_no_confirmation(
    client_for, officer, reference_data, today
):
    session = Session.objects.get(number=53)
    saved = _post(
        client_for(officer),
        "/sessions/53/edit/",
        number=53,
        city="Tehran",
        country="Islamic Republic of Iran",
        start_date=session.start_date.isoformat(),
        end_date=session.end_date.isoformat(),
    )
    assert saved.status_code == 302
    assert Session.objects.get(number=53).country == "Islamic Republic of Iran"


def test_an_existing_number_is_refused(client_for, officer, reference_data, today):
    page = _post(client_for(officer), "/sessions/add/", number=53, start_date="2027-05-01")
    assert page.status_code == 400
    assert "Session 53 already exists." in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer", 200), ("observer", 403), ("focal_a", 403), ("focal_b", 403), (None, 302)],
)
@pytest.mark.parametrize("url", ["/sessions/add/", "/sessions/53/edit/"])
def test_only_the_secretariat_edits_sessions(
    request, client_for, reference_data, persona, status, url
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    assert client.get(url).status_code == status
    if persona != "officer":
        assert client.post(url, {"number": 70, "start_date": "2030-01-01"}).status_code == status
        assert not Session.objects.filter(number=70).exists()


def test_observer_sees_no_edit_links(client_for, observer, reference_data):
    html = client_for(observer).get("/sessions/").content.decode()
    assert "/sessions/add/" not in html and "/edit/" not in html


def test_moving_the_next_session_says_so(client_for, officer, reference_data, today):
    Session.objects.create(number=64, year=2027, start_date=datetime.date(2027, 2, 10))
    html = client_for(officer).get("/cycles/63/next-session/").content.decode()
    assert "Change the dates of the 64th session" in html
    assert "Saved: 10 February 2027." in html
