"""In Chromium: the secretariat adds the next session from /sessions/; a
past opening day asks for a confirmation before it closes the open cycle."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from resolutions.models import Session

pytestmark = pytest.mark.browser

#: The cycle opened by the 63rd session (Kampala, 2025) is open; no 64th yet.
TODAY = datetime.datetime(2026, 11, 27, 11, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.fixture
def no_64(reference_data):
    Session.objects.filter(number__gte=64).delete()
    with time_machine.travel(TODAY, tick=True):
        yield


def _submit(page) -> None:
    page.get_by_role("button", name="Save the session").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_past_opening_day_is_confirmed_before_it_closes_the_cycle(
    page, live_server, officer, password, no_64, login, assert_accessible, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, officer.email, password, next="/sessions/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a session").click()
    assert page.get_by_label("Session number").input_value() == "64"
    page.get_by_label("City").fill("New Delhi")
    page.get_by_label("Host country").fill("India")
    page.get_by_label("Opening day").fill("2026-11-02")
    page.get_by_label("Closing day").fill("2026-11-05")
    _submit(page)
    assert "2 November 2026 is in the past" in page.content()
    assert not Session.objects.filter(number=64).exists()
    assert_accessible(page)
    screenshot(page, f"session-past-date-{width}")
    page.get_by_label("The session did open on this day").check()
    _submit(page)
    assert "The 64th Annual Session was saved: New Delhi, India, 2–5 November 2026." in (
        page.content()
    )
    assert Session.objects.get(number=64).year == 2026
