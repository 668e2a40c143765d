"""Content-Security-Policy, no-store on signed-in answers, session limits."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

START = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Emails are read in mail clients and the print template only by WeasyPrint: no CSP there.
NOT_SERVED_TO_BROWSERS = ("emails/", "agenda/print.html")

INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _inline_problems(html: str) -> list[str]:
    problems = []
    if INLINE_STYLE.search(html):
        problems.append("style= attribute")
    if INLINE_HANDLER.search(html):
        problems.append("on*= handler")
    for attrs in SCRIPT_TAG.findall(html):
        if "src=" not in attrs and "nonce=" not in attrs and "application/json" not in attrs:
            problems.append(f"inline <script{attrs}>")
    return problems


def test_no_template_has_inline_style_script_or_handler():
    offenders = {}
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(NOT_SERVED_TO_BROWSERS):
            continue
        problems = _inline_problems(path.read_text(encoding="utf-8"))
        if problems:
            offenders[name] = problems
    assert offenders == {}


def _pages(officer, observer, focal_a):
    return [
        (None, reverse("login")),
        (None, reverse("password_reset")),
        (officer, reverse("dashboard")),
        (officer, reverse("resolutions:list")),
        (officer, reverse("states:list")),
        (officer, reverse("states:detail", args=["IND"])),
        (officer, reverse("responses:list")),
        (officer, reverse("reminders:log")),
        (officer, reverse("agenda:index")),
        (officer, reverse("focal_points")),
        (officer, reverse("otp_devices")),
        (officer, "/api/docs/"),
        (observer, reverse("dashboard")),
        (focal_a, reverse("portal:home")),
        (focal_a, reverse("portal:notifications")),
    ]


def test_every_page_carries_a_strict_policy_and_no_inline_code(
    officer, observer, focal_a, client_for
):
    for user, url in _pages(officer, observer, focal_a):
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        html = response.content.decode()
        assert _inline_problems(html) == [], url


def test_swagger_ui_loads_its_start_up_script_as_a_file(officer, client_for):
    client = client_for(officer)
    page = client.get("/api/docs/")
    html = page.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in html
    script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1)
    js = client.get(script.replace("&amp;", "&"))
    assert js.status_code == 200
    assert js["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in js.content.decode()


def test_signed_in_pages_and_the_api_are_not_stored(officer, client_for):
    client = client_for(officer)
    for url in (reverse("dashboard"), "/api/resolutions/", reverse("otp_devices")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
    assert "no-store" in Client().get("/api/resolutions/")["Cache-Control"]


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def signed_in(officer):
    with time_machine.travel(START, tick=False):
        client = Client()
        client.force_login(officer)
    return client


def _at(minutes: float):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def test_idle_session_is_signed_out(signed_in, settings):
    with _at(settings.SESSION_IDLE_MINUTES - 1):
        assert signed_in.get(reverse("dashboard")).status_code == 200
    # Activity moves the idle clock on.
    with _at(2 * settings.SESSION_IDLE_MINUTES - 5):
        assert signed_in.get(reverse("dashboard")).status_code == 200
    with _at(3 * settings.SESSION_IDLE_MINUTES):
        response = signed_in.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in signed_in.session


def test_session_ends_after_the_absolute_limit_even_when_busy(signed_in, settings):
    step = settings.SESSION_IDLE_MINUTES - 10
    minute = 0
    while minute + step < settings.SESSION_ABSOLUTE_HOURS * 60:
        minute += step
        with _at(minute):
            assert signed_in.get(reverse("dashboard")).status_code == 200
    with _at(settings.SESSION_ABSOLUTE_HOURS * 60 + 1):
        response = signed_in.get(reverse("dashboard"))
    assert response.status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_focal_points_have_their_own_idle_limit(focal_a, settings):
    settings.SESSION_IDLE_MINUTES_FOCAL_POINT = 30
    with time_machine.travel(START, tick=False):
        client = Client()
        client.force_login(focal_a)
    with _at(31):
        assert client.get(reverse("portal:home")).status_code == 302


def test_api_refuses_the_session_after_idle_timeout(signed_in, settings):
    with _at(settings.SESSION_IDLE_MINUTES + 1):
        assert signed_in.get("/api/resolutions/").status_code in (401, 403)


def test_agenda_print_view_styles_carry_the_nonce(officer, client_for, seed_resolution):
    from resolutions.models import Session
    from resolutions.services.agenda import draft_agenda

    session = Session.objects.get(number=53)
    with time_machine.travel(datetime.datetime(2014, 9, 1, 6, tzinfo=datetime.UTC), tick=False):
        draft_agenda(session=session)
        page = client_for(officer).get(reverse("agenda:print", args=[53]))
    assert page.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in page.content.decode()
