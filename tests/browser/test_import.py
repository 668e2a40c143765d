"""The secretariat pastes a resolution, corrects its structure with the keyboard, saves it."""

from __future__ import annotations

import re

import pytest

from resolutions.models import Paragraph, Resolution

from ..imports.conftest import DOCUMENTS

pytestmark = pytest.mark.browser


def read(page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/resolutions/import/")
    page.get_by_label("Paste the text of the resolution").fill(text)
    page.get_by_role("button", name="Read the resolution").click()
    page.wait_for_selector("text=Check the resolution before saving")


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

    read(page, live_server, seed_text)
    assert page.get_by_label("Symbol").input_value() == "AALCO/RES/52/S 5"
    assert page.get_by_label("Adopted on").input_value() == "2013-09-12"
    assert page.get_by_label("Deliberated at the session").is_checked() is False
    assert page.locator(".import-row--operative").count() == 4
    assert page.locator(".import-row--preambular").count() == 5
    assert page.locator("#p-7-verb, [name='p-7-verb']").first.input_value() == "Encourages"
    addressed = page.get_by_test_id("addressed-count-3")
    assert re.fullmatch(r"35 member states", addressed.inner_text().strip())
    assert_accessible(page)
    screenshot(page, "import-02-preview")

    page.get_by_label("Work programme item").fill("Migrant Workers")
    page.locator("[name='p-6-verb']").fill("Reaffirms")
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url(re.compile(r"/resolutions/\d+/$"))
    assert "AALCO/RES/52/S 5 was imported with 9 paragraphs" in page.content()
    screenshot(page, "import-03-saved")

    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    assert resolution.topic.name == "Migrant Workers"
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count() == 4
    assert resolution.paragraphs.get(number=3).treaties.get().short_name == "ICMW"
    assert js_errors == []


def test_structure_edited_with_the_keyboard(
    page, live_server, officer, password, seed_text, login, assert_accessible, screenshot,
    js_errors,
):  # fmt: skip
    """Split a paragraph, give it to chosen states, fill in a missing symbol: no mouse."""
    login(page, live_server, officer.email, password, next="/resolutions/import/")
    text = seed_text.replace("AALCO/RES/52/S 5\n", "\n", 1).replace(
        "Fifty-Third Annual Session.",
        "Fifty-Third Annual Session. Further requests the Secretariat to report on the item.",
    )
    read(page, live_server, text)
    assert (
        "no symbol was found: fill in the symbol"
        in page.get_by_test_id("import-problems").inner_text()
    )

    # Symbol, by keyboard.
    page.get_by_label("Symbol").focus()
    page.keyboard.type("AALCO/RES/52/S 5")

    # Split paragraph 4 where "Further requests" begins: Enter in the text, then the button.
    box = page.locator("[name='p-8-text']")
    box.focus()
    box.press("Control+End")
    for _ in range(len("Further requests the Secretariat to report on the item.")):
        box.press("ArrowLeft")
    box.press("Backspace")  # the space before "Further"
    box.press("Enter")
    split = page.locator("button[value='split-8']")
    split.focus()
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("Enter")
    page.wait_for_selector("[name='p-9-text']")
    # No reload: htmx redrew the editor and the new paragraph has the focus.
    assert page.evaluate("document.activeElement.name") == "p-9-text"
    assert page.locator("[name='p-9-verb']").input_value() == "Further requests"
    assert page.locator("[name='p-9-number']").input_value() == "5"
    assert page.get_by_label("Symbol").input_value() == "AALCO/RES/52/S 5"

    # Paragraph 5 asks India and Senegal to report: chosen with the keyboard.
    # Its follow-up is open (the row has the focus): tab to the checkbox and tick it.
    assert page.locator("#row-9 details").get_attribute("open") is not None
    page.locator("[name='p-9-text']").press("Tab")  # the follow-up's summary
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "p-9-requests_report"
    page.keyboard.press("Space")
    addressees = page.locator("[name='p-9-addressees']")
    addressees.focus()
    with page.expect_response(lambda r: r.request.method == "POST"):
        addressees.select_option("chosen")
    page.wait_for_selector("[name='p-9-states']")
    assert page.evaluate("document.activeElement.name") == "p-9-addressees"
    page.locator("[name='p-9-states']").select_option(["IND", "SEN"])
    assert_accessible(page)
    screenshot(page, "import-05-structure-edited")

    page.get_by_role("button", name="Confirm and save").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/resolutions/\d+/$"))
    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    fifth = resolution.paragraphs.get(number=5)
    assert fifth.verb == "Further requests"
    assert resolution.paragraphs.get(number=4).text.endswith("Fifty-Third Annual Session.")
    assert fifth.requests_report and fifth.addressees == "chosen"
    assert sorted(fifth.chosen_states.values_list("iso3", flat=True)) == ["IND", "SEN"]
    assert js_errors == []


def test_preview_on_a_phone(
    page, live_server, officer, password, seed_text, login, phone, screenshot
):
    login(phone, live_server, officer.email, password, next="/resolutions/import/")
    read(phone, live_server, seed_text)
    # Nothing wider than the screen: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "import-04-preview-phone")


def test_a_compilation_is_saved_with_a_progress_bar(
    page, live_server, officer, password, seed_text, login, screenshot, js_errors
):
    login(page, live_server, officer.email, password, next="/resolutions/import/")
    second = (DOCUMENTS / "AALCO_RES_53_S_5.txt").read_text(encoding="utf-8")
    page.goto(f"{live_server.url}/resolutions/import/")
    page.get_by_label("Paste the text of the resolution").fill(seed_text + "\n\n" + second)
    page.get_by_role("button", name="Read the resolution").click()
    page.wait_for_selector("text=2 resolutions in this text")
    page.get_by_role("button", name="Save the chosen resolutions").click()
    page.wait_for_selector("text=Done: 2 of 2 chosen resolutions saved.")
    assert page.locator("#batch-progress progress").get_attribute("max") == "2"
    assert page.locator("#batch-status-1").inner_text() == "Saved"
    screenshot(page, "import-06-batch-saved")
    assert Resolution.objects.count() == 2
    assert js_errors == []
