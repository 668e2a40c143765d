"""The reminders page: the log lists the latest reminders with no
filter; states without a focal point are listed apart with "invite" (not a red "Pause");
steps that passed before the dates were set say so; bulk pause and resume."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from resolutions.models import ReminderPause
from resolutions.services.reminders import plan_reminders

from .conftest import STEP_60

pytestmark = pytest.mark.django_db

JULY_20 = datetime.datetime(2014, 7, 20, 6, tzinfo=datetime.UTC)


@pytest.fixture
def planned(res52, make_focal_point, django_capture_on_commit_callbacks):
    make_focal_point("IND")
    make_focal_point("CMR", language="fr")
    # The session's dates became known only after the 90-day step: the first plan is at 60.
    with time_machine.travel(JULY_20, tick=False), django_capture_on_commit_callbacks(execute=True):
        plan_reminders(today=STEP_60)
    return res52


def test_log_lists_latest_reminders_without_any_filter(planned, officer, client_for):
    page = client_for(officer).get(reverse("reminders:log"))
    rows = list(page.context["page_obj"])
    assert rows, "the log must not be empty when nothing is filtered"
    assert rows[0].due_on == max(r.due_on for r in rows)
    assert "No reminder matches" not in page.content.decode()


def test_states_without_focal_point_apart_with_invite(planned, officer, client_for):
    page = client_for(officer).get(reverse("reminders:schedule"), {"cycle": 52})
    html = page.content.decode()
    schedule = page.context["schedule"]
    assert "CHN" in {r.state.iso3 for r in schedule.no_focal_point}
    assert "CHN" not in {r.state.iso3 for r in schedule.remindable}
    assert 'id="state-CHN"' not in html  # not in the table with a Pause button
    assert reverse("invite_focal_point") + "?state=CHN" in html
    assert "button--warning" not in html


def test_steps_passed_before_the_dates_were_set_say_so(planned, officer, client_for):
    with time_machine.travel(JULY_20, tick=False):
        page = client_for(officer).get(reverse("reminders:schedule"), {"cycle": 52})
    assert page.context["schedule"].skipped_steps == {90}
    assert "passed before the dates" in page.content.decode()


def test_bulk_pause_and_resume(planned, officer, client_for):
    client = client_for(officer)
    with time_machine.travel(JULY_20, tick=False):
        done = client.post(
            reverse("reminders:bulk"),
            {"cycle": 52, "states": ["IND", "CMR"], "action": "pause", "reason": "Mission"},
            follow=True,
        )
        assert "Reminders to 2 states are paused." in done.content.decode()
        assert set(ReminderPause.objects.values_list("member_state__iso3", flat=True)) == {
            "IND",
            "CMR",
        }
        done = client.post(
            reverse("reminders:bulk"),
            {"cycle": 52, "states": ["IND", "CMR"], "action": "resume"},
            follow=True,
        )
    assert "Reminders to 2 states are resumed." in done.content.decode()
    assert not ReminderPause.objects.exists()


def test_bulk_refuses_clearly(planned, officer, observer, client_for):
    done = client_for(officer).post(
        reverse("reminders:bulk"), {"cycle": 52, "action": "pause"}, follow=True
    )
    assert "Tick at least one member state." in done.content.decode()
    assert not ReminderPause.objects.exists()
    denied = client_for(observer).post(
        reverse("reminders:bulk"), {"cycle": 52, "states": ["IND"], "action": "pause"}
    )
    assert denied.status_code == 403
