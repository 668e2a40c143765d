"""In a real browser: the secretariat menu on one row at 1280 px and collapsed on
a phone (390 px), breadcrumbs; the focal point answers a clarification with the keyboard
alone and confirms in the dialog; the secretariat sees the word-level diff; axe on each."""

from __future__ import annotations

import re

import pytest

from memberstates.models import MemberState
from resolutions.services.responses import ResponseContent, review_response, submit_response

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def _tab_to(page, predicate: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def test_secretariat_menu_one_row_then_collapsed(
    page, live_server, officer, password, login, assert_accessible, seed_resolution
):
    login(page, live_server, officer.email, password, next="/resolutions/")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.service-nav__item')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    assert page.locator(".breadcrumbs").is_visible()
    page.set_viewport_size(PHONE_390)
    toggle = page.locator(".service-nav__toggle")
    toggle.wait_for(state="visible")  # the media query's change event runs app.js's sync
    page.locator("#service-nav-list").wait_for(state="hidden")
    toggle.click()
    page.locator("#service-nav-list").wait_for(state="visible")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)


def test_keyboard_clarification_answer_and_diff(
    browser, live_server, seed_resolution, focal_a, officer, password, login, screenshot
):
    india = MemberState.objects.get(iso3="IND")
    paragraph = seed_resolution.paragraphs.get(number=1)
    sent = submit_response(
        member_state=india,
        paragraph=paragraph,
        content=ResponseContent(narrative="A new law protects the wages of migrant workers."),
        user=focal_a,
        expected_version=None,
    )
    review_response(
        response=sent,
        decision="clarification",
        comment="Which law, and since when?",
        user=officer,
        expected_version=sent.version,
    )

    context = browser.new_context(viewport=PHONE_390)
    page = context.new_page()
    login(page, live_server, focal_a.email, password, next="/my/")
    assert page.get_by_text("Which law, and since when?").first.is_visible()
    _tab_to(page, "() => document.activeElement.textContent.includes('Answer the secretariat')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "() => document.activeElement.name === 'reply'")
    page.keyboard.type("The Labour Code, in force since 2019.")
    _tab_to(page, "() => document.activeElement.name === 'narrative'")
    page.keyboard.press("Control+A")
    page.keyboard.type("A new labour law protects all wages of migrant workers.")
    _tab_to(page, "() => document.activeElement.value === 'submit'")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#confirm-dialog[open]")
    dialog.wait_for()
    assert page.evaluate("() => document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")  # changed their mind: nothing was sent
    assert dialog.count() == 0 and "/edit/" in page.url
    page.focus("button[value=submit]")
    page.keyboard.press("Enter")
    dialog.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/receipt/$", page.url)
    assert page.get_by_text("Awaiting review").is_visible()
    screenshot(page, "daily-receipt-phone")
    context.close()

    desk = browser.new_page()
    login(desk, live_server, officer.email, password, next="/responses/")
    desk.get_by_role("link", name=re.compile("IND-52-5-1")).click()
    assert desk.locator(".diff ins", has_text="labour").is_visible()
    conversation = desk.locator(".conversation__message").all_inner_texts()
    assert "Which law" in conversation[0] and "Labour Code" in conversation[1]
    screenshot(desk, "daily-review-diff")
