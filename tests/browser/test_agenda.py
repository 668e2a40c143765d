"""The 53rd session's agenda in Chromium: reorder, add the standing items, download, print."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from memberstates.models import MemberState
from resolutions.services.imports import import_resolution
from resolutions.services.responses import ResponseContent, submit_response

pytestmark = pytest.mark.browser

# Weeks before the 53rd session; ticking, so the live server thread sees time pass.
BEFORE_53 = datetime.datetime(2014, 8, 20, 11, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.fixture
def agenda_data(reference_data, seed_text, officer, focal_a):
    with time_machine.travel(BEFORE_53, tick=True):
        resolution = import_resolution(text=seed_text)
        submit_response(
            member_state=MemberState.objects.get(iso3="IND"),
            paragraph=resolution.paragraphs.get(number=1),
            content=ResponseContent(narrative="A national migration policy was adopted."),
            user=focal_a,
            expected_version=None,
        )
        yield resolution


def test_secretariat_prepares_the_53rd_agenda(
    page, live_server, officer, password, agenda_data, login, assert_accessible, screenshot
):
    login(page, live_server, officer.email, password, next="/sessions/")
    assert_accessible(page)
    page.get_by_role("link", name="53rd Annual Session").click()
    page.wait_for_url("**/sessions/53/agenda/")
    assert page.get_by_role("heading", name="Provisional agenda of the 53rd Annual Session")
    page.get_by_role("button", name="Add the usual standing items").click()
    page.wait_for_url("**/sessions/53/agenda/#agenda")
    rows = page.locator("section[aria-labelledby=agenda] tbody th[scope=row]")
    assert rows.nth(3).inner_text().startswith("Legal Protection of Migrant Workers")
    page.get_by_role("button", name="Up (move “Legal Protection of Migrant Workers” up)").click()
    page.wait_for_load_state()
    assert rows.nth(2).inner_text().startswith("Legal Protection of Migrant Workers")
    assert_accessible(page)
    screenshot(page, "agenda-53-desktop")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word").click()
    assert download.value.suggested_filename == "aalco-53-provisional-agenda.docx"

    # The documents' language is chosen once for every format: the Word file in Arabic.
    page.get_by_label("Language of the documents").select_option("ar")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word").click()
    assert download.value.suggested_filename == "aalco-53-provisional-agenda-ar.docx"

    page.get_by_label("Language of the documents").select_option("en")
    page.get_by_role("button", name="Print view").click()
    page.wait_for_url("**/sessions/53/agenda/print/?language=en")
    assert page.get_by_text("Annex: follow-up of the resolutions of the 52nd Annual Session")
    screenshot(page, "agenda-53-print")
