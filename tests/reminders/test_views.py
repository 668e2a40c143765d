"""Reminder pages: who may see and do what, filters, preview, and the actions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from resolutions.models import Reminder, ReminderPause
from resolutions.services.reminders import plan_reminders

from .conftest import STEP_60

pytestmark = pytest.mark.django_db

JULY_20 = datetime.datetime(2014, 7, 20, 6, tzinfo=datetime.UTC)


@pytest.fixture
def planned(res52, make_focal_point, django_capture_on_commit_callbacks):
    make_focal_point("IND")
    make_focal_point("CMR", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        plan_reminders(today=STEP_60)
    return res52


def test_the_log_lists_and_filters_reminders(planned, officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("reminders:log"), {"cycle": 52})
    assert page.status_code == 200
    html = page.content.decode()
    assert "India" in html and "Cameroon" in html
    assert "No focal point" in html and "China" in html  # owes reports, nobody to write to
    sent = client.get(reverse("reminders:log"), {"status": "sent", "state": "IND"})
    rows = list(sent.context["page_obj"])
    assert [(r.member_state.iso3, r.step) for r in rows] == [("IND", 60)]
    missed = client.get(reverse("reminders:log"), {"step": 90, "late": "no"})
    assert {r.status for r in missed.context["page_obj"]} == {"missed"}


def test_a_bad_filter_gets_a_message_not_an_error(planned, officer, client_for):
    page = client_for(officer).get(reverse("reminders:log"), {"status": "exploded", "step": "x"})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert list(page.context["page_obj"]) == []


def test_observers_read_and_cannot_act(planned, observer, client_for):
    client = client_for(observer)
    assert client.get(reverse("reminders:log")).status_code == 200
    schedule = client.get(reverse("reminders:schedule"), {"cycle": 52})
    assert schedule.status_code == 200
    assert "Send now" not in schedule.content.decode()
    assert client.get(reverse("reminders:preview", args=["IND"]), {"cycle": 52}).status_code == 200
    for name in ("pause", "resume", "send_now"):
        response = client.post(reverse(f"reminders:{name}", args=["IND"]), {"cycle": 52})
        assert response.status_code == 403
    assert not ReminderPause.objects.exists()


def test_focal_points_and_visitors_are_kept_out(planned, focal_b, client_for):
    focal = client_for(focal_b)
    for url in (
        reverse("reminders:log"),
        reverse("reminders:schedule"),
        reverse("reminders:preview", args=["PHL"]),
    ):
        assert focal.get(url).status_code == 403
        assert client_for().get(url).status_code == 302  # to the login page
    assert focal.post(reverse("reminders:send_now", args=["IND"]), {"cycle": 52}).status_code == 403


def test_the_schedule_shows_each_state_and_its_steps(planned, officer, client_for):
    page = client_for(officer).get(reverse("reminders:schedule"), {"cycle": 52})
    rows = {r.state.iso3: r for r in page.context["schedule"].rows}
    assert rows["IND"].reminders[60].status == Reminder.Status.SENT
    assert rows["CHN"].main_focal_point is None and rows["CHN"].owes
    assert 'id="state-IND"' in page.content.decode()


def test_preview_renders_the_email_for_any_state(planned, officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("reminders:preview", args=["CMR"]), {"cycle": 52, "step": 30})
    assert page.status_code == 200
    email = page.context["email"]
    assert email.language == "fr" and email.step == 30
    assert "AALCO/RES/52/S 5 ¶3" in page.content.decode()
    nobody = client.get(reverse("reminders:preview", args=["chn"]), {"cycle": 52})
    assert "nobody would receive this email" in nobody.content.decode()
    html = client.get(reverse("reminders:preview", args=["IND"]), {"cycle": 52, "format": "html"})
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    assert b"<ol>" in html.content
    assert client.get(reverse("reminders:preview", args=["ZZZ"])).status_code == 404


def test_pause_and_resume_from_the_schedule(planned, officer, client_for):
    client = client_for(officer)
    url = reverse("reminders:pause", args=["IND"])
    response = client.post(url, {"cycle": 52, "reason": "Talks with the mission"}, follow=True)
    assert "are paused" in response.content.decode()
    pause = ReminderPause.objects.get()
    assert pause.reason == "Talks with the mission" and pause.paused_by == officer
    with time_machine.travel(JULY_20, tick=False):
        response = client.post(
            reverse("reminders:resume", args=["IND"]), {"cycle": 52}, follow=True
        )
    assert "are resumed" in response.content.decode()
    assert not ReminderPause.objects.exists()


def test_bad_action_input_gets_a_clear_message(planned, officer, client_for):
    client = client_for(officer)
    response = client.post(
        reverse("reminders:pause", args=["IND"]), {"cycle": 52, "reason": "a\x00b"}, follow=True
    )
    assert "null characters" in response.content.decode()
    response = client.post(reverse("reminders:pause", args=["IND"]), {"cycle": 99}, follow=True)
    assert "next session" in response.content.decode()
    assert not ReminderPause.objects.exists()
    assert client.get(reverse("reminders:pause", args=["IND"])).status_code == 405


def test_send_now_cannot_send_twice(
    planned, officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    before = len(mail.outbox)
    url = reverse("reminders:send_now", args=["IND"])
    with time_machine.travel(JULY_20, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"cycle": 52}, follow=True)
    # The 60-day step had been sent by the planner already: the ledger refuses.
    assert "already been sent" in response.content.decode()
    assert len(mail.outbox) == before
