"""Invitations (expiry, reuse), handover, sign-in throttling and the second factor."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from memberstates.models import FocalPoint, Invitation, MemberState
from memberstates.services.invitations import (
    InvitationInvalid,
    accept_invitation,
    hand_over_focal_point,
    invite_focal_point,
)

NEW_PASSWORD = "Mekong river 2026!"
START = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


def _invite(officer, *, email="new.fp@mofa.example", iso3="THA", role="main"):
    return invite_focal_point(
        member_state=MemberState.objects.get(iso3=iso3),
        email=email,
        name="Somchai Example",
        role=role,
        invited_by=officer,
    )


def _link(message) -> str:
    return re.search(r"http://\S+/accounts/invitation/[0-9a-f-]+/", message.body).group(0)


@time_machine.travel(START, tick=False)
def test_invitation_email_link_sets_password_and_signs_in(
    officer, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(officer)
    assert mail.outbox[0].to == ["new.fp@mofa.example"]
    assert "Thailand" in mail.outbox[0].subject
    url = _link(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    assert url == reverse("accept_invitation", args=[invitation.pk])
    user = invitation.focal_point.user
    assert not user.is_active and not invitation.focal_point.is_active

    page = client.get(url)
    assert page.status_code == 200
    assert "Thailand" in page.content.decode()
    weak = client.post(url, {"name": "Somchai", "new_password1": "123", "new_password2": "123"})
    assert "There is a problem" in weak.content.decode()
    done = client.post(
        url,
        {"name": "Somchai Example", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.check_password(NEW_PASSWORD)
    fp = FocalPoint.objects.get(user=user)
    assert fp.is_active and fp.started_on == datetime.date(2026, 11, 2)

    # The link is spent.
    again = Client().get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_invitation_expires(officer):
    with time_machine.travel(START, tick=False):
        invitation = _invite(officer)
    with time_machine.travel(START + datetime.timedelta(days=14, seconds=1), tick=False):
        page = Client().get(reverse("accept_invitation", args=[invitation.pk]))
        assert page.status_code == 410
        assert "expired" in page.content.decode()
        with pytest.raises(InvitationInvalid) as exc:
            accept_invitation(token=invitation.pk, password=NEW_PASSWORD)
        assert exc.value.reason == "expired"
    with time_machine.travel(START + datetime.timedelta(days=13), tick=False):
        accept_invitation(token=invitation.pk, password=NEW_PASSWORD)


def test_newer_invitation_revokes_the_older_link(officer, client):
    first = _invite(officer)
    from memberstates.services.invitations import resend_invitation

    second = resend_invitation(focal_point=first.focal_point, invited_by=officer)
    assert client.get(reverse("accept_invitation", args=[first.pk])).status_code == 410
    assert client.get(reverse("accept_invitation", args=[second.pk])).status_code == 200


def test_unknown_link_is_404(client, reference_data):
    url = reverse("accept_invitation", args=["2b1c6a3e-5a4f-4d7e-9c7b-1234567890ab"])
    assert client.get(url).status_code == 404


def test_second_main_focal_point_needs_a_handover(officer, focal_a):
    with pytest.raises(ValidationError) as exc:
        _invite(officer, iso3="IND")
    assert "already has an active main focal point" in str(exc.value)
    _invite(officer, iso3="IND", role="alternate")  # an alternate is fine


def test_handover_deactivates_and_invites_successor(officer, focal_a, india, para1, client_for):
    from resolutions.services.responses import ResponseContent, submit_response

    report = submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Report by the outgoing focal point."),
        user=focal_a,
        expected_version=None,
    )
    outgoing = FocalPoint.objects.get(user=focal_a)
    invitation = hand_over_focal_point(
        outgoing=outgoing, email="successor@mea.example", name="Successor", invited_by=officer
    )
    outgoing.refresh_from_db()
    focal_a.refresh_from_db()
    assert not outgoing.is_active and outgoing.ended_on is not None
    assert not focal_a.is_active
    assert client_for(focal_a).get(reverse("portal:home")).status_code == 302  # signed out
    successor = accept_invitation(token=invitation.pk, password=NEW_PASSWORD)
    client = client_for(successor)
    # The successor sees and continues the state's reports; the history stays.
    assert client.get(reverse("portal:response", args=[report.pk])).status_code == 200
    assert report.history.first().history_user == focal_a
    assert outgoing.history.count() >= 2


def test_secretariat_invites_through_the_page(officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("invite_focal_point"), {"state": "KEN"})
    assert 'value="KEN" selected' in page.content.decode()
    sent = client.post(
        reverse("invite_focal_point"),
        {
            "member_state": "KEN",
            "role": "main",
            "name": "Wanjiru Example",
            "email": "w.example@mfa.example",
        },
    )
    assert sent.status_code == 302
    assert Invitation.objects.filter(focal_point__member_state__iso3="KEN").count() == 1


def test_sign_in_is_throttled_after_repeated_failures(focal_a, password, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": focal_a.email, "password": "wrong"})
    locked = client.post(url, {"username": focal_a.email, "password": password})
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_works(focal_a, password):
    client = Client()
    response = client.post(reverse("login"), {"username": focal_a.email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_secretariat_must_set_up_a_second_factor_when_required(officer, password, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    client = Client()
    signed = client.post(reverse("login"), {"username": officer.email, "password": password})
    assert signed["Location"].startswith(reverse("otp_setup"))
    # Every other page sends the account back until it has a second factor.
    held = client.get(reverse("focal_points"))
    assert held.status_code == 302 and held["Location"].startswith(reverse("otp_verify"))
    assert client.get(signed["Location"]).status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    wrong = client.post(reverse("otp_setup"), {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    # django-otp throttles after a failure (1 s, doubling): the person waits a moment.
    with time_machine.travel(datetime.timedelta(seconds=5)):
        done = client.post(reverse("otp_setup"), {"token": _code(device)})
    assert done.status_code == 302
    assert client.get(reverse("focal_points")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next sign-in: the code is asked for.
    other = Client()
    again = other.post(reverse("login"), {"username": officer.email, "password": password})
    assert again["Location"].startswith(reverse("otp_verify"))
    device.refresh_from_db()
    # A code is good once: the next sign-in uses a later 30-second step.
    with time_machine.travel(datetime.timedelta(seconds=70)):
        verified = other.post(reverse("otp_verify"), {"token": _code(device), "next": "/"})
    assert verified.status_code == 302


def test_focal_point_without_device_is_not_asked(focal_a, password, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    client = Client()
    signed = client.post(reverse("login"), {"username": focal_a.email, "password": password})
    assert signed["Location"] == reverse("home")


def test_inactive_invited_user_cannot_sign_in(officer):
    invitation = _invite(officer)
    user = get_user_model().objects.get(pk=invitation.focal_point.user_id)
    assert not user.has_usable_password()
