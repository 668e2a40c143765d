"""API tokens: created and revoked by their owner, shown once, stored hashed, scoped as the
owner, expiring, throttled; `create_api_token` for scripts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from aalco.models import ApiToken
from aalco.tokens import create_api_token
from memberstates.models import MemberState
from memberstates.services.two_factor import mark_reauthenticated
from resolutions.models import Response

from ..factories import ParagraphFactory

pytestmark = pytest.mark.django_db


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def reports(reference_data):
    paragraph = ParagraphFactory()
    return {
        iso3: Response.objects.create(
            member_state=MemberState.objects.get(iso3=iso3),
            paragraph=paragraph,
            cycle=paragraph.resolution.session,
            status=Response.Status.SUBMITTED,
            submitted_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        )
        for iso3 in ("IND", "PHL")
    }


def test_a_focal_points_token_sees_only_its_state(client, focal_a, reports):
    _token, key = create_api_token(user=focal_a, name="Ministry tool")
    data = client.get("/api/responses/", **auth(key)).json()
    assert {r["member_state"] for r in data["results"]} == {"IND"}
    other = reports["PHL"].pk
    assert client.get(f"/api/responses/{other}/", **auth(key)).status_code == 404


def fresh(client):
    """A password or code given a moment ago, as the confirm page records it."""
    session = client.session
    mark_reauthenticated(session=session)
    session.save()
    return client


def test_creating_a_token_needs_a_fresh_password_or_code(client_for, focal_a):
    answer = client_for(focal_a).post(reverse("api_tokens"), {"name": "Ministry tool"})
    assert answer.status_code == 302 and reverse("otp_reauthenticate") in answer.url
    assert not ApiToken.objects.exists()


def test_key_is_stored_hashed_and_shown_once(client_for, focal_a):
    client = fresh(client_for(focal_a))
    page = client.post(reverse("api_tokens"), {"name": "Ministry tool", "expires_in_days": "30"})
    key = page.context["new_key"]
    assert key.startswith("aalco_") and key in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=focal_a)
    assert key not in (token.digest, token.prefix) and token.prefix == key[: len(token.prefix)]
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    again = client.get(reverse("api_tokens")).content.decode()
    assert key not in again and "Ministry tool" in again


def test_wrong_expired_and_revoked_tokens_are_401(client, client_for, officer):
    token, key = create_api_token(user=officer, name="Script", expires_in_days=1)
    assert client.get("/api/resolutions/", **auth(key)).status_code == 200
    assert client.get("/api/resolutions/", **auth(key + "x")).status_code == 401
    assert client.get("/api/resolutions/", HTTP_AUTHORIZATION="Token").status_code == 401
    assert client.get("/api/resolutions/", HTTP_AUTHORIZATION="Token a b").status_code == 401
    assert (
        client.get("/api/resolutions/", HTTP_AUTHORIZATION="Token \u00e9t\u00e9").status_code == 401
    )
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/api/resolutions/", **auth(key))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    _t2, key2 = create_api_token(user=officer, name="Other")
    owner = client_for(officer)
    owner.post(reverse("api_token_revoke", args=[_t2.pk]))
    assert client.get("/api/resolutions/", **auth(key2)).status_code == 401


def test_last_used_is_recorded(client, observer):
    token, key = create_api_token(user=observer, name="Reader")
    client.get("/api/resolutions/", **auth(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_nobody_revokes_another_persons_token(client_for, focal_a, focal_b):
    token, _key = create_api_token(user=focal_a, name="India")
    response = client_for(focal_b).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_deactivated_user_loses_api_access(client, focal_a):
    _token, key = create_api_token(user=focal_a, name="India")
    focal_a.is_active = False
    focal_a.save()
    assert client.get("/api/responses/", **auth(key)).status_code == 401


@pytest.mark.parametrize(
    "data", [{"name": ""}, {"name": "x\x00"}, {"name": "x", "expires_in_days": "12"}]
)
def test_bad_input_gets_a_message(client_for, focal_a, data):
    page = fresh(client_for(focal_a)).post(reverse("api_tokens"), data)
    assert page.status_code == 200 and page.context["form"].errors
    assert not ApiToken.objects.exists()


def test_tokens_page_needs_sign_in(client):
    assert client.get(reverse("api_tokens")).status_code == 302


@override_settings(API_THROTTLE_RATES={"user": "1000/hour", "token": "3/minute"})
def test_each_token_is_throttled(client, observer):
    from django.core.cache import cache

    cache.clear()
    _t1, first = create_api_token(user=observer, name="One")
    _t2, second = create_api_token(user=observer, name="Two")
    codes = [client.get("/api/resolutions/", **auth(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/resolutions/", **auth(second)).status_code == 200
    cache.clear()


def test_command_prints_the_key_alone_on_the_last_line(client, observer):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_token",
        "WATCHER@aalco.example",
        "--expires-in-days",
        "7",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("aalco_") and " " not in key
    assert client.get("/api/resolutions/", **auth(key)).status_code == 200
    assert ApiToken.objects.get().expires_at is not None


def test_command_refuses_unknown_users(reference_data):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No active user"):
        call_command("create_api_token", "nobody@example.org")
