"""An invitation says what became of its email, where the secretariat invites."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from aalco.models import OutboundEmail
from aalco.tasks import deliver_due_emails_task, deliver_email_task
from memberstates.models import FocalPoint, Invitation, MemberState

from ..foundation.test_outbox import DownBackend

# Committed for real, as in production: the email is tried when the invitation commits, and
# the page then says what became of it.
pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)
Status = OutboundEmail.Status


@pytest.fixture
def server_down(settings):
    settings.EMAIL_BACKEND = "tests.foundation.test_outbox.DownBackend"
    DownBackend.down, DownBackend.attempts = True, 0
    return DownBackend


def _invite(client):
    return client.post(
        reverse("invite_focal_point"),
        {
            "member_state": "THA",
            "email": "new.fp@mofa.example",
            "name": "Somchai Example",
            "role": FocalPoint.Role.MAIN,
            "preferred_language": "en",
        },
        follow=True,
    )


def _broker_away(**kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _focal_points_page(client) -> str:
    return client.get(reverse("focal_points"), {"state": "THA"}).content.decode()


@time_machine.travel(START, tick=False)
def test_an_invitation_whose_mail_server_is_down_is_retried_shown_and_then_delivered(
    officer, client_for, server_down
):
    client = client_for(officer)
    page = _invite(client).content.decode()
    assert "Invitation sent" not in page
    assert "could not be delivered yet; it will be tried again at" in page
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.INVITATION)
    assert email.invitation == Invitation.objects.get()
    assert (email.status, email.attempts) == (Status.RETRYING, 1)
    assert email.next_attempt_at == START + datetime.timedelta(seconds=60)

    listing = _focal_points_page(client)
    assert "Delivery failed" in listing
    # In the secretariat's time zone (TIME_ZONE, New Delhi).
    assert "will retry at 2 Nov 2026, 15:31" in listing
    assert reverse("send_invitation_again", args=[email.invitation.focal_point_id]) in listing

    # The next sweep after the backoff fails again and waits twice as long.
    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        deliver_due_emails_task.apply()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.RETRYING, 2)
    assert email.next_attempt_at == START + datetime.timedelta(seconds=180)

    server_down.down = False
    with time_machine.travel(START + datetime.timedelta(seconds=180), tick=False):
        deliver_due_emails_task.apply()
    email.refresh_from_db()
    assert email.status == Status.SENT
    [message] = mail.outbox
    assert message.to == ["new.fp@mofa.example"]
    assert str(email.invitation_id) in message.body
    listing = _focal_points_page(client)
    assert "Delivery failed" not in listing
    assert "Invitation sent 2 Nov 2026" in listing
    assert reverse("send_invitation_again", args=[email.invitation.focal_point_id]) not in listing


@time_machine.travel(START, tick=False)
def test_an_invitation_delivered_at_once_says_sent(officer, client_for):
    page = _invite(client_for(officer)).content.decode()
    assert "Invitation sent to new.fp@mofa.example" in page
    assert len(mail.outbox) == 1


@time_machine.travel(START, tick=False)
def test_an_invitation_not_yet_handed_to_a_worker_says_queued(officer, client_for, monkeypatch):
    client = client_for(officer)
    # The broker is away: the row waits for the sweeper.
    monkeypatch.setattr(deliver_email_task, "delay", _broker_away)
    page = _invite(client).content.decode()
    assert "Invitation queued for new.fp@mofa.example" in page
    assert "Invitation sent" not in page
    assert "Invitation queued" in _focal_points_page(client)
    assert mail.outbox == []
    monkeypatch.undo()
    deliver_due_emails_task.apply()
    assert "Invitation sent" in _focal_points_page(client)
    assert len(mail.outbox) == 1


@time_machine.travel(START, tick=False)
def test_an_invitation_that_could_not_be_delivered_can_be_sent_again(
    officer, client_for, server_down, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    client = client_for(officer)
    _invite(client)
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        deliver_due_emails_task.apply()
    email = OutboundEmail.objects.get()
    assert email.status == Status.FAILED
    listing = _focal_points_page(client)
    assert "Could not be delivered" in listing
    assert "Send again" in listing

    server_down.down = False
    focal_point = email.invitation.focal_point
    page = client.post(
        reverse("send_invitation_again", args=[focal_point.pk]), follow=True
    ).content.decode()
    assert "Invitation sent to new.fp@mofa.example" in page
    email.refresh_from_db()
    assert email.status == Status.SENT
    # The same email and the same link: no new invitation was needed.
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1

    # Nothing is left to send again.
    page = client.post(
        reverse("send_invitation_again", args=[focal_point.pk]), follow=True
    ).content.decode()
    assert "nothing to send again" in page
    assert len(mail.outbox) == 1


def test_sending_again_after_the_link_expired_sends_a_new_link(
    officer, client_for, server_down, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    client = client_for(officer)
    with time_machine.travel(START, tick=False):
        _invite(client)
    first = Invitation.objects.get()
    server_down.down = False
    later = first.expires_at + datetime.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        client.post(reverse("send_invitation_again", args=[first.focal_point_id]))
    newest = Invitation.objects.order_by("-created_at").first()
    assert newest != first
    first.refresh_from_db()
    assert first.revoked_at is not None
    [message] = mail.outbox
    assert str(newest.pk) in message.body and str(first.pk) not in message.body


def test_a_focal_point_cannot_send_an_invitation_again(officer, focal_a, client_for, server_down):
    _invite(client_for(officer))
    focal_point = FocalPoint.objects.get(member_state=MemberState.objects.get(iso3="THA"))
    response = client_for(focal_a).post(reverse("send_invitation_again", args=[focal_point.pk]))
    assert response.status_code == 403
    assert OutboundEmail.objects.get().attempts == 1


def test_the_focal_points_page_reads_delivery_states_in_constant_queries(
    officer, client_for, server_down
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from memberstates.services.invitations import invite_focal_point

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("focal_points")).status_code == 200
        return len(captured)

    client = client_for(officer)

    def invite(iso3: str) -> None:
        invite_focal_point(
            member_state=MemberState.objects.get(iso3=iso3),
            email=f"fp.{iso3.lower()}@mofa.example",
            name="Someone",
            role=FocalPoint.Role.MAIN,
            invited_by=officer,
        )

    invite("THA")
    one = queries()
    for iso3 in ("JPN", "KEN", "MYS", "NPL"):
        invite(iso3)
    # Focal points, their invitations, the invitations' emails: one query each, however many.
    assert queries() == one
    assert OutboundEmail.objects.filter(status=Status.RETRYING).count() == 5
