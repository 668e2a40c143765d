"""`make run` demo data: the seed arrives through the import service, once; around it a
living, fictional reporting cycle."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from memberstates.models import TreatyStatus
from resolutions.models import AgendaItem, Reminder, Resolution, Response, Session
from resolutions.services.demo import load_demo_data
from resolutions.services.demo_scenario import DEMO_SOURCE

pytestmark = pytest.mark.django_db
User = get_user_model()

KOLKATA = ZoneInfo("Asia/Kolkata")
DAY = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=KOLKATA)
SEED = "AALCO/RES/52/S 5"


@pytest.fixture
def demo(reference_data, django_capture_on_commit_callbacks):
    # Reminders are sent once the demo's transaction commits (the task runs in-process).
    with time_machine.travel(DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        data = load_demo_data(password="demo-password-123")
    return data


def test_demo_data_imports_the_seed_once(reference_data):
    with time_machine.travel(DAY, tick=False):
        first = load_demo_data(password="demo-password-123")
    assert SEED in first.imported
    resolution = Resolution.objects.get(symbol=SEED)
    assert resolution.imported_by.email == "secretariat@aalco.example"
    assert resolution.paragraphs.count() == 9

    resolution.title = "Edited by the secretariat"
    resolution.save()
    with time_machine.travel(DAY, tick=False):
        second = load_demo_data(password="demo-password-123")
    assert second.imported == [] and SEED in second.already_there
    assert Resolution.objects.get(symbol=SEED).title == "Edited by the secretariat"


def test_load_demo_data_command(reference_data, capsys):
    with time_machine.travel(DAY, tick=False):
        call_command("load_demo_data", "--password", "demo-password-123")
    out = capsys.readouterr().out
    assert "Imported the demo resolution AALCO/RES/52/S 5" in out
    assert "Open reporting cycle: the 64th session opens on" in out


def test_the_demo_opens_a_cycle_with_reports_in_every_status(demo):
    # The next session opens weeks after the day the demo was loaded, with fictional dates.
    session = Session.objects.get(number=64)
    assert session.start_date == DAY.date() + datetime.timedelta(days=75)
    assert session.source.startswith(DEMO_SOURCE)
    # The demo's resolutions say they are fictional, in their title and their text.
    for symbol in ("AALCO/RES/63/S 5", "AALCO/RES/63/S 10"):
        resolution = Resolution.objects.get(symbol=symbol)
        assert "FICTIONAL" in resolution.title
    statuses = Counter(Response.objects.filter(cycle__number=63).values_list("status", flat=True))
    assert set(statuses) == {"draft", "submitted", "clarification", "accepted"}
    assert len(set(Response.objects.values_list("member_state__iso3", flat=True))) >= 5
    # A ratification reported and confirmed by the secretariat.
    confirmed = Response.objects.get(treaty_status_confirmed_at__isnull=False)
    status = TreatyStatus.objects.get(
        member_state=confirmed.member_state, treaty__short_name="ICMW"
    )
    assert status.source.startswith(DEMO_SOURCE)
    # Reminders sent (the step that has come) and scheduled (the next one).
    reminders = Counter(Reminder.objects.filter(cycle__number=63).values_list("status", flat=True))
    assert reminders["sent"] >= 3 and reminders["scheduled"] >= 3
    # The next session's agenda is drafted: carried item and standing items.
    kinds = set(AgendaItem.objects.filter(session=session).values_list("kind", flat=True))
    assert kinds == {"carried", "standing"}
    # The seed's own cycle has reports dated inside it, and one sent late.
    seed_reports = Response.objects.filter(cycle__number=52).exclude(status="draft")
    closing = Session.objects.get(number=53).start_date
    assert sum(r.submitted_at.date() < closing for r in seed_reports) >= 2
    assert sum(r.submitted_at.date() >= closing for r in seed_reports) == 1


def test_the_dashboard_of_the_demo_is_alive(demo, client):
    client.force_login(User.objects.get(email="secretariat@aalco.example"))
    with time_machine.travel(DAY, tick=False):
        page = client.get("/")
    d = page.context["d"]
    assert (d.cycle.opening.number, d.cycle.closing.number) == (63, 64)
    assert not d.closed and d.days_left == 75
    assert len(d.resolutions) == 2
    assert any(p.settled for p in d.resolutions)
    assert d.awaiting_review >= 3
    assert d.reminders.totals["sent"] >= 3 and d.reminders.totals["scheduled"] >= 3
    assert len(d.icmw.joined_since) == 1
    html = page.content.decode()
    assert "Nothing to follow up" not in html


def test_running_the_demo_twice_adds_nothing(demo):
    counts = (
        Response.objects.count(),
        Reminder.objects.count(),
        Session.objects.count(),
        AgendaItem.objects.count(),
        Resolution.objects.count(),
    )
    with time_machine.travel(DAY, tick=False):
        again = load_demo_data(password="demo-password-123")
    assert again.scenario.reports_added == 0
    assert counts == (
        Response.objects.count(),
        Reminder.objects.count(),
        Session.objects.count(),
        AgendaItem.objects.count(),
        Resolution.objects.count(),
    )


def test_the_demo_stays_alive_next_year(demo, client):
    later = DAY + datetime.timedelta(days=365)
    with time_machine.travel(later, tick=False):
        load_demo_data(password="demo-password-123")
        client.force_login(User.objects.get(email="secretariat@aalco.example"))
        d = client.get("/").context["d"]
    assert (d.cycle.opening.number, d.cycle.closing.number) == (63, 64)
    assert d.cycle.closing.start_date == later.date() + datetime.timedelta(days=75)
    assert not d.closed


def test_a_real_next_session_is_never_moved(reference_data):
    real = Session.objects.create(
        number=64,
        year=2027,
        city="Somewhere",
        start_date=datetime.date(2027, 3, 1),
        source="https://aalco.int/",
    )
    with time_machine.travel(DAY, tick=False):
        load_demo_data(password="demo-password-123")
    real.refresh_from_db()
    assert real.start_date == datetime.date(2027, 3, 1) and real.city == "Somewhere"


def test_a_cycle_with_nothing_to_report_offers_the_latest_that_has(
    seed_resolution, officer, client_for
):
    with time_machine.travel(DAY, tick=False):
        page = client_for(officer).get("/")
    d = page.context["d"]
    assert d.cycle.opening.number == 63 and not d.resolutions
    html = page.content.decode()
    assert "Nothing to follow up in this cycle" in html
    assert 'href="/?cycle=52"' in html
    assert d.latest_with_reports == 52


def test_the_demo_accounts_sign_in(demo):
    for email in (
        "secretariat@aalco.example",
        "observer@aalco.example",
        "focal.ind@aalco.example",
        "focal.phl@aalco.example",
    ):
        assert User.objects.get(email=email).check_password("demo-password-123"), email
