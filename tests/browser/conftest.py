"""Browser test kit: Playwright driving Debian's Chromium against pytest-django's live_server.

Every browser test is marked ``@pytest.mark.browser`` (``pytestmark = pytest.mark.browser``
at the top of the module) and uses ``live_server``, which makes pytest-django run it on
``transactional_db``: the server thread sees only committed data. Fixtures:

    login(page, live_server, email, password, next="/")  sign in through the real form
    assert_accessible(page, *, exclude=(), rules_off=())  axe-core: no serious/critical issue
    screenshot(page, name) -> Path                        test-artifacts/screenshots/NAME.png
    phone(page)                                           375 × 812 viewport

e.g.::

    pytestmark = pytest.mark.browser

    def test_dashboard(page, live_server, officer, password, login, assert_accessible,
                       screenshot):
        login(page, live_server, officer.email, password)
        assert_accessible(page)
        screenshot(page, "dashboard-desktop")
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# database access from it (SynchronousOnlyOperation). Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}

# WCAG 2.1 A/AA plus axe's best practices; a failure is any serious or critical finding.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Without Chromium (a laptop without the Debian package) skip loudly; in CI, fail.
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # `playwright install` cannot download here: use Debian's Chromium, pinned by apt.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": DESKTOP,
        "locale": "en-GB",
        "timezone_id": "Asia/Kolkata",
        # Fonts differ between machines; the reduced-motion setting keeps screenshots stable.
        "reduced_motion": "reduce",
    }


# ------------------------------------------------------------------------------ helpers


def sign_in(page: Any, live_server: Any, email: str, password: str, *, next: str = "/") -> None:
    """Sign in through the real login form; fail with the page's error if it refuses."""
    page.goto(f"{live_server.url}/accounts/login/?next={next}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if "/accounts/login/" in page.url:
        summary = page.locator(".error-summary")
        problem = summary.inner_text() if summary.count() else page.title()
        raise AssertionError(f"Sign-in as {email} failed: {problem}")


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"    at {target}\n       {summary}\n       {node['html'][:200]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def check_accessible(
    page: Any, *, exclude: Iterable[str] = (), rules_off: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Run axe-core on the page; raise listing every serious or critical violation.

    ``exclude``: CSS selectors to leave out; ``rules_off``: axe rule ids to disable (say
    why in the test). Returns the minor/moderate findings for tests that want them.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not as an inline <script>: the page's CSP stays on.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in rules_off},
        "resultTypes": ["violations"],
    }
    context = {"exclude": [[s] for s in exclude]} if exclude else {"include": [["html"]]}
    results = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        raise AssertionError(
            f"axe found {len(blocking)} serious/critical accessibility problem(s) on "
            f"{page.url}:\n{_format_violations(blocking)}"
        )
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]


def take_screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save test-artifacts/screenshots/NAME.png (gitignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "screenshot"
    path = ARTIFACTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(page, live_server, email, password, next="/")``."""
    return sign_in


@pytest.fixture
def assert_accessible() -> Callable[..., list[dict[str, Any]]]:
    """``assert_accessible(page, exclude=(), rules_off=())``: axe, serious/critical fail."""
    return check_accessible


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """``screenshot(page, name, full_page=True) -> Path`` under test-artifacts/screenshots/."""
    return take_screenshot


@pytest.fixture
def phone(page: Any) -> Any:
    """The same page at a 375 px phone width."""
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def js_errors(page: Any) -> list[str]:
    """JavaScript errors and console errors on ``page``; assert it is empty at the end."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    return errors


def dump(value: Any) -> str:
    """Pretty JSON for assertion messages."""
    return json.dumps(value, indent=2, default=str)
