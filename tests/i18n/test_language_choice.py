"""Choosing a language: the switcher on every page, kept on the profile, else the browser's."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from memberstates.models import FocalPoint

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str) -> None:
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302, "sign-in failed"


def html_attrs(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([a-z-]+)" dir="(ltr|rtl)"', response.content.decode())
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def test_switcher_on_the_sign_in_page_and_arabic_is_right_to_left(client):
    page = client.get(reverse("login"))
    html = page.content.decode()
    assert 'name="language" value="ar"' in html and "العربية" in html and "Français" in html
    switched = client.post(reverse("set_language"), {"language": "ar", "next": reverse("login")})
    assert switched.status_code == 302 and switched.url == reverse("login")
    assert html_attrs(client.get(reverse("login"))) == ("ar", "rtl")


def test_the_browsers_language_counts_when_nothing_was_chosen(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert html_attrs(page) == ("fr", "ltr")


def test_a_focal_points_preferred_language_is_used_at_sign_in(focal_a, password):
    FocalPoint.objects.filter(user=focal_a).update(preferred_language="fr")
    client = Client()
    sign_in(client, focal_a.email, password)
    assert html_attrs(client.get(reverse("portal:home"))) == ("fr", "ltr")


def test_the_choice_is_kept_on_the_profile(officer, password):
    first = Client()
    sign_in(first, officer.email, password)
    first.post(reverse("set_language"), {"language": "ar", "next": "/"})
    officer.refresh_from_db()
    assert officer.language == "ar"
    elsewhere = Client()  # another browser: no cookie
    sign_in(elsewhere, officer.email, password)
    assert html_attrs(elsewhere.get(reverse("dashboard"))) == ("ar", "rtl")


def test_a_focal_points_choice_also_sets_the_language_of_their_emails(client_for, focal_a):
    client_for(focal_a).post(reverse("set_language"), {"language": "ar", "next": "/my/"})
    assert FocalPoint.objects.get(user=focal_a).preferred_language == "ar"


@pytest.mark.parametrize("language", ["xx", "", "\x00", "a" * 500])
def test_unknown_languages_change_nothing(client, language):
    response = client.post(
        reverse("set_language"), {"language": language, "next": "//evil.example"}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "evil.example" not in response.url
    assert html_attrs(client.get(reverse("login"))) == ("en", "ltr")


def test_get_is_not_allowed(client):
    assert client.get(reverse("set_language")).status_code == 405
