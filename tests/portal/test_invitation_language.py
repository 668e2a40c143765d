"""The invitation's language is chosen when inviting, and the links in
emails use SITE_URL, which `make run` points at the server it starts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from memberstates.models import FocalPoint, MemberState
from memberstates.services.invitations import hand_over_focal_point, invite_focal_point

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_invite_page_offers_the_language_and_the_email_is_in_it(
    officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    page = client.get(reverse("invite_focal_point"), {"state": "SEN"})
    assert 'name="preferred_language"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("invite_focal_point"),
            {
                "member_state": "SEN",
                "role": "main",
                "name": "Awa Exemple",
                "email": "awa@diplomatie.example",
                "preferred_language": "fr",
            },
        )
    assert sent.status_code == 302
    focal_point = FocalPoint.objects.get(user__email="awa@diplomatie.example")
    assert focal_point.preferred_language == "fr"
    [message] = mail.outbox
    assert message.subject.startswith("Votre invitation")


def test_an_unknown_language_is_refused_with_a_message(officer, client_for):
    page = client_for(officer).post(
        reverse("invite_focal_point"),
        {
            "member_state": "SEN",
            "role": "main",
            "name": "Awa Exemple",
            "email": "awa@diplomatie.example",
            "preferred_language": "xx",
        },
    )
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not FocalPoint.objects.filter(user__email="awa@diplomatie.example").exists()


def test_invite_service_takes_the_language(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_focal_point(
            member_state=MemberState.objects.get(iso3="EGY"),
            email="focal@mfa.example",
            name="Focal Example",
            role="main",
            invited_by=officer,
            preferred_language="ar",
        )
    assert invitation.focal_point.preferred_language == "ar"
    assert mail.outbox[0].subject.startswith("دعوتكم")


def test_a_handover_invites_the_successor_in_the_chosen_language(
    officer, focal_a, django_capture_on_commit_callbacks
):
    outgoing = FocalPoint.objects.get(user=focal_a)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = hand_over_focal_point(
            outgoing=outgoing,
            email="successor@mea.example",
            name="Successor",
            invited_by=officer,
            preferred_language="fr",
        )
    assert invitation.focal_point.preferred_language == "fr"
    assert mail.outbox[-1].subject.startswith("Votre invitation")


def test_links_in_the_invitation_use_site_url(
    officer, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8512"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_focal_point(
            member_state=MemberState.objects.get(iso3="KEN"),
            email="k@mfa.example",
            name="K Example",
            role="main",
            invited_by=officer,
        )
    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    assert link == "http://127.0.0.1:8512" + reverse("accept_invitation", args=[invitation.pk])


@pytest.mark.skipif(
    subprocess.run(["which", "make"], capture_output=True).returncode, reason="no make"
)
def test_make_run_points_site_url_at_the_server_it_starts():
    dry = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8512", "VENV=.venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    runserver = next(line for line in dry.splitlines() if "runserver" in line)
    assert "SITE_URL=" in runserver
    assert "http://127.0.0.1:8512" in runserver
    assert "127.0.0.1:8512" in dry.split("runserver")[0]  # the address it prints
