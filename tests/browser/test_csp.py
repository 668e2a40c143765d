"""The Content-Security-Policy blocks nothing on the pages people use.

Each persona signs in through the real form and walks their main pages; any
``securitypolicyviolation`` event or console CSP error fails the test. The second half walks
two-step sign-in in the browser: set up, sign out, sign in with a code, then a recovery code.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from memberstates.roles import OBSERVER
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

# Runs before any page script, outside the page's CSP (Playwright injects it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile
    + ":" + e.lineNumber);
});
"""


@pytest.fixture
def csp_errors(page):
    errors: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return errors


def _visit(page, live_server, path: str, csp_errors: list[str]) -> None:
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("() => window.__cspViolations || []")
    assert violations == [], f"{path}: {violations}"
    assert csp_errors == [], f"{path}: {csp_errors}"


def _sign_out(page) -> None:
    if not page.get_by_role("button", name="Sign out").count():
        page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/start/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/log(in|ged)"))


def test_pages_of_every_persona_run_under_the_policy(
    page, live_server, seed_resolution, officer, focal_a, password, login, csp_errors
):
    observer = UserFactory(email="observer.csp@aalco.example", role=OBSERVER)
    for path in ("/accounts/login/", "/accounts/password_reset/"):
        _visit(page, live_server, path, csp_errors)

    login(page, live_server, officer.email, password)
    resolution = seed_resolution
    for path in (
        "/",
        "/resolutions/",
        f"/resolutions/{resolution.pk}/",
        "/states/",
        "/states/IND/",
        "/responses/",
        "/reminders/",
        "/sessions/",
        "/accounts/focal-points/",
        "/accounts/two-factor/",
        "/resolutions/import/",
        "/api/docs/",
        "/admin/",
    ):
        _visit(page, live_server, path, csp_errors)
    # Swagger UI drew the operations from the schema: its script ran.
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.evaluate("() => window.__cspViolations") == []
    _sign_out(page)

    login(page, live_server, observer.email, password)
    for path in ("/", "/resolutions/", "/states/PHL/", "/responses/"):
        _visit(page, live_server, path, csp_errors)
    _sign_out(page)

    login(page, live_server, focal_a.email, password)
    for path in ("/my/", "/my/notifications/"):
        _visit(page, live_server, path, csp_errors)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_two_step_sign_in_in_the_browser(
    page, live_server, officer, password, login, csp_errors, settings, screenshot
):
    settings.REQUIRE_SECRETARIAT_2FA = True
    login(page, live_server, officer.email, password)
    assert "/accounts/two-factor/setup/" in page.url
    _visit(page, live_server, "/accounts/two-factor/setup/", csp_errors)
    screenshot(page, "otp-setup")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.get_by_label("6-digit code").fill(_code(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name=re.compile("continue")).click()
    page.wait_for_url(re.compile(r"/$"))
    _sign_out(page)

    # Sign in again with a later code (each 30-second step is good once).
    login(page, live_server, officer.email, password)
    assert "/accounts/two-factor/verify/" in page.url
    with time_machine.travel(datetime.timedelta(seconds=35)):
        page.get_by_label(re.compile("6-digit code")).fill(_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(re.compile(r"/$"))
    _sign_out(page)

    # And with a recovery code.
    login(page, live_server, officer.email, password)
    page.get_by_label(re.compile("recovery code")).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "recovery code" in page.locator(".messages").inner_text()
    _visit(page, live_server, "/accounts/two-factor/", csp_errors)
    assert "9 unused recovery codes" in page.content()
