"""The secretariat pastes the seed, checks the preview, corrects a field and saves it."""

from __future__ import annotations

import re

import pytest

from resolutions.models import Paragraph, Resolution

pytestmark = pytest.mark.browser


def test_paste_preview_correct_and_confirm(
    page,
    live_server,
    officer,
    password,
    seed_text,
    login,
    assert_accessible,
    screenshot,
    js_errors,
):
    login(page, live_server, officer.email, password, next="/resolutions/import/")
    page.goto(f"{live_server.url}/resolutions/import/")
    assert_accessible(page)
    screenshot(page, "import-01-start")

    page.get_by_label("Paste the text of the resolution").fill(seed_text)
    page.get_by_role("button", name="Read the resolution").click()
    page.wait_for_selector("text=Check the resolution before saving")
    assert page.get_by_label("Symbol").input_value() == "AALCO/RES/52/S 5"
    assert page.get_by_label("Adopted on").input_value() == "2013-09-12"
    assert page.get_by_label("Deliberated at the session").is_checked() is False
    operative = page.locator(".paragraph--operative")
    assert operative.count() == 4
    assert operative.nth(2).locator("strong").inner_text() == "Encourages"
    assert page.locator(".paragraph--preambular").count() == 5
    addressed = page.get_by_test_id("addressed-count-3")
    assert re.fullmatch(r"35 member states", addressed.inner_text().strip())
    addressed.click()  # the list of states opens
    assert page.locator("#paragraph-3 details li", has_text="Gambia").is_visible()
    assert_accessible(page)
    screenshot(page, "import-02-preview")

    # The officer files it under a shorter work programme item name and saves.
    page.get_by_label("Work programme item").fill("Migrant Workers")
    page.get_by_text("Correct paragraph 2").click()
    page.get_by_label("Opening verb").nth(1).fill("Reaffirms")
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url(re.compile(r"/resolutions/\d+/$"))
    assert "AALCO/RES/52/S 5 was imported with 9 paragraphs" in page.content()
    screenshot(page, "import-03-saved")

    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    assert resolution.topic.name == "Migrant Workers"
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count() == 4
    assert resolution.paragraphs.get(number=3).treaties.get().short_name == "ICMW"
    assert js_errors == []


def test_preview_on_a_phone(
    page, live_server, officer, password, seed_text, login, phone, screenshot
):
    login(phone, live_server, officer.email, password, next="/resolutions/import/")
    phone.goto(f"{live_server.url}/resolutions/import/")
    phone.get_by_label("Paste the text of the resolution").fill(seed_text)
    phone.get_by_role("button", name="Read the resolution").click()
    phone.wait_for_selector("text=Check the resolution before saving")
    # Nothing wider than the screen: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "import-04-preview-phone")
