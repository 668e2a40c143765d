"""The interface in Arabic and French, in Chromium: the secretariat's dashboard, a focal
point's /my/ and report form, at desktop width and at 390 px; lang and dir on the page, the
layout mirrored right to left, axe on the Arabic pages. Screenshots go to
test-artifacts/screenshots/lang-<language>-<page>-<width>.png (look at them)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from memberstates.models import MemberState
from resolutions.services.imports import import_resolution
from resolutions.services.responses import ResponseContent, submit_response

pytestmark = pytest.mark.browser

# Inside the 52 → 53 cycle; ticking, so the live server thread sees time pass.
IN_CYCLE_52 = datetime.datetime(2014, 3, 3, 11, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
# Weeks before the 53rd session, when its agenda is prepared.
BEFORE_53 = datetime.datetime(2014, 8, 20, 11, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
NARROW = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
#: The report (in Arabic) India's focal point sent: user text inside any page.
ARABIC_NARRATIVE = "اعتمدت الحكومة قانوناً جديداً يحمي أجور العمال المهاجرين."


@pytest.fixture
def cycle_data(reference_data, seed_text, officer, focal_a):
    with time_machine.travel(IN_CYCLE_52, tick=True):
        resolution = import_resolution(text=seed_text)
        submit_response(
            member_state=MemberState.objects.get(iso3="IND"),
            paragraph=resolution.paragraphs.get(number=1),
            content=ResponseContent(narrative=ARABIC_NARRATIVE),
            user=focal_a,
            expected_version=None,
        )
        yield resolution


def _in(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


#: Where a chevron drawn with two borders of a pseudo-element points, after its transform:
#: the corner between its two visible borders, turned. Returns [x, y] (y down) or null.
POINTING = """([selector, pseudo]) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const st = getComputedStyle(el, pseudo);
  const shown = side => parseFloat(st[`border${side}Width`]) > 0
    && st[`border${side}Color`] !== "rgba(0, 0, 0, 0)";
  const x = (shown("Right") ? 1 : 0) - (shown("Left") ? 1 : 0);
  const y = (shown("Bottom") ? 1 : 0) - (shown("Top") ? 1 : 0);
  const m = new DOMMatrix(st.transform === "none" ? undefined : st.transform);
  return [m.a * x + m.c * y, m.b * x + m.d * y];
}"""


def _points(page, selector: str, pseudo: str) -> str:
    x, y = page.evaluate(POINTING, [selector, pseudo])
    if abs(x) > abs(y):
        return "right" if x > 0 else "left"
    return "down" if y > 0 else "up"


def _check(page, language: str, name: str, screenshot, assert_accessible) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # No sideways scrolling at any width: the page fits, mirrored or not.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px"
    if language == "ar":
        assert_accessible(page)
    width = page.viewport_size["width"]
    screenshot(page, f"lang-{language}-{name}-{width}")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_secretariat_dashboard_in_each_language(
    page, live_server, officer, password, cycle_data, login, screenshot, assert_accessible, language
):
    login(page, live_server, officer.email, password)
    _in(page, live_server, language)
    for size in (DESKTOP, NARROW):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/")
        _check(page, language, "dashboard", screenshot, assert_accessible)
    # The "show as a table" disclosure's triangle is drawn by its inline-start border.
    triangle = page.evaluate(
        """() => {
          const st = getComputedStyle(document.querySelector(".details > summary"), "::before");
          return ["Left", "Right"].filter(side => parseFloat(st[`border${side}Width`]) > 0
            && st[`border${side}Color`] !== "rgba(0, 0, 0, 0)");
        }"""
    )
    assert triangle == (["Right"] if language == "ar" else ["Left"])
    # The narrow menu's chevron points down (closed) in every direction.
    assert _points(page, ".service-nav__toggle", "::after") == "down"
    if language == "ar":
        # The start of a line is on the right: the main heading's left edge is further in
        # than its right edge (page.set_viewport_size keeps NARROW).
        box = page.locator("h1").bounding_box()
        assert NARROW["width"] - (box["x"] + box["width"]) < box["x"] + 1


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_focal_point_portal_and_report_form_in_each_language(
    page, live_server, focal_a, password, cycle_data, login, screenshot, assert_accessible, language
):
    paragraph = cycle_data.paragraphs.get(kind="operative", number=3)
    login(page, live_server, focal_a.email, password, next="/my/")
    _in(page, live_server, language)
    for size in (DESKTOP, NARROW):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/my/")
        _check(page, language, "my", screenshot, assert_accessible)
        page.goto(f"{live_server.url}/my/paragraphs/{paragraph.pk}/respond/")
        _check(page, language, "report-form", screenshot, assert_accessible)
        # The breadcrumb's chevron points the way the trail reads.
        separator = ".breadcrumbs__item + .breadcrumbs__item"
        assert _points(page, separator, "::before") == ("left" if language == "ar" else "right")


def test_the_agenda_page_in_arabic_offers_the_documents_in_each_language(
    page,
    live_server,
    officer,
    password,
    reference_data,
    seed_text,
    login,
    screenshot,
    assert_accessible,
):
    with time_machine.travel(BEFORE_53, tick=True):
        import_resolution(text=seed_text)
        login(page, live_server, officer.email, password)
        _in(page, live_server, "ar")
        page.goto(f"{live_server.url}/sessions/53/agenda/")
        _check(page, "ar", "agenda", screenshot, assert_accessible)
        choice = page.locator("select[name=language]")
        # The page's own language is chosen; the options are named in their own language.
        assert choice.input_value() == "ar"
        assert page.locator("select[name=language] option[lang=fr]").inner_text() == "Français"
        choice.select_option("fr")
        with page.expect_download() as download:
            page.locator("button[formaction$='/export/csv/']").click()
        assert download.value.suggested_filename == "aalco-53-provisional-agenda-fr.csv"
