"""The secretariat's walk through the workspace in Chromium: dashboard → resolution →
matrix cell → response → member state; a filter, the CSV download, axe on every page."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from memberstates.models import MemberState
from resolutions.services.imports import import_resolution
from resolutions.services.responses import ResponseContent, submit_response

pytestmark = pytest.mark.browser

# Inside the 52 → 53 cycle; ticking, so the live server thread sees time pass.
IN_CYCLE_52 = datetime.datetime(2014, 3, 3, 11, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.fixture
def walk_data(reference_data, seed_text, officer, focal_a):
    with time_machine.travel(IN_CYCLE_52, tick=True):
        resolution = import_resolution(text=seed_text)
        report = submit_response(
            member_state=MemberState.objects.get(iso3="IND"),
            paragraph=resolution.paragraphs.get(number=1),
            content=ResponseContent(narrative="A new law protects migrant workers' wages."),
            user=focal_a,
            expected_version=None,
        )
        yield resolution, report


def test_secretariat_walk(
    page, live_server, officer, password, walk_data, login, assert_accessible, screenshot
):
    resolution, report = walk_data
    login(page, live_server, officer.email, password)

    # Dashboard: figures, chart and map.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Where we stand before the 53rd session"
    )
    assert page.locator("svg.map a.map__state").count() >= 40
    assert_accessible(page)
    screenshot(page, "workspace-dashboard")

    # → the resolution, through its progress bar.
    page.locator("svg.chart a.chart__row text").first.click()
    page.wait_for_url(f"**/resolutions/{resolution.pk}/*")
    assert "LEGAL PROTECTION OF MIGRANT WORKERS" in page.locator("h1").inner_text()
    assert page.locator(".paragraph--operative strong").first.inner_text() == "Requests"
    assert_accessible(page)
    screenshot(page, "workspace-resolution")

    # → India's cell in the ¶1 matrix → the response.
    row = page.locator("#reports-1 + p + p + .table-wrapper tr", has_text="India")
    if not row.count():
        row = page.locator("tr", has_text="India").first
    row.locator("a.cell-link").first.click()
    page.wait_for_url(f"**/responses/{report.pk}/")
    assert "wages" in page.content()
    assert_accessible(page)
    screenshot(page, "workspace-response")

    # → the member state.
    state_link = page.locator("a[href='/states/IND/']")
    if state_link.count():
        state_link.first.click()
    else:
        page.goto(f"{live_server.url}/states/IND/")
    page.wait_for_url("**/states/IND/")
    assert page.locator("h1").inner_text() == "India"
    assert page.locator("#reports .tag--submitted").count() == 1
    assert_accessible(page)
    screenshot(page, "workspace-state")

    # Resolutions list with a filter.
    page.goto(f"{live_server.url}/resolutions/")
    page.get_by_label("Words, symbol or treaty").fill("migrant")
    page.get_by_label("Reports outstanding").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/resolutions/?*q=migrant*")
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page)
    screenshot(page, "workspace-resolutions-filtered")

    # The CSV of the filtered list.
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "Symbol"
    assert [r[0] for r in rows[1:]] == ["AALCO/RES/52/S 5"]

    # Member states, and the dashboard on a phone, coloured by reporting.
    page.goto(f"{live_server.url}/states/?icmw=party")
    assert page.locator("tbody tr").count() == 12
    assert_accessible(page)
    screenshot(page, "workspace-states")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/?map=reporting")
    assert_accessible(page)
    screenshot(page, "workspace-dashboard-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
