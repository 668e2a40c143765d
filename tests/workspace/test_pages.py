"""What the workspace pages say, with the seed resolution (RES/52/S 5) and real services."""

from __future__ import annotations

import csv
import datetime
import io

import time_machine
from openpyxl import load_workbook

from memberstates.models import MemberState, Treaty, TreatyStatus
from memberstates.services.parties import update_treaty_status
from resolutions.models import Session

from .conftest import KOLKATA, add_reminders

# --- Dashboard -----------------------------------------------------------------------------


def test_dashboard_open_cycle(client_for, officer, seed_resolution, india_report):
    session = seed_resolution.session
    add_reminders(session, MemberState.objects.filter(iso3__in=["IND", "PHL", "EGY"]))
    page = client_for(officer).get("/")
    d = page.context["d"]
    assert d.cycle.opening.number == 52 and d.cycle.closing.number == 53
    assert not d.closed
    assert d.days_left == (datetime.date(2014, 9, 15) - datetime.date(2014, 3, 3)).days
    # ¶1 asks all 47, ¶3 the 35 non-parties of September 2013: India reported on ¶1 only.
    [progress] = d.resolutions
    assert len(progress.addressed) == 47
    assert [s.iso3 for s in progress.settled] == []  # India still owes ¶3
    assert len(d.states_not_reported) == 47
    # ICMW: 13 parties among members today (Gambia ratified in 2018: not yet in 2014).
    assert len(d.icmw.parties) == 12  # d.icmw: the cycle's first treaty
    assert d.reminders.totals["sent"] + d.reminders.totals["failed"] == 6
    html = page.content.decode()
    assert "days until the 53rd session" in html
    assert 'href="/states/?outstanding=yes&amp;cycle=52"' in html
    assert f'href="/resolutions/{seed_resolution.pk}/#follow-up"' in html
    assert 'class="map"' in html and 'data-iso3="IND"' in html
    assert "Change the dates of the 53rd session" in html


def test_dashboard_today_shows_closed_cycle_without_countdown(client_for, officer, seed_resolution):
    with time_machine.travel(datetime.datetime(2015, 1, 10, 9, tzinfo=KOLKATA), tick=False):
        page = client_for(officer).get("/?cycle=52")
    d = page.context["d"]
    assert d.closed and d.days_left is None
    html = page.content.decode()
    assert "This cycle is closed" in html
    assert "days until" not in html
    assert "Change the dates" not in html


def test_dashboard_reporting_map_and_unknown_cycle(
    client_for, officer, seed_resolution, india_report
):
    client = client_for(officer)
    page = client.get("/?map=reporting")
    assert page.context["map_kind"] == "reporting"
    assert 'data-iso3="IND" data-category="partial"' in page.content.decode()
    assert client.get("/?cycle=nonsense").context["d"].cycle.opening.number == 52
    assert client.get("/?cycle=9999").context["d"].cycle.opening.number == 52


def test_observer_sees_no_edit_links(client_for, observer, seed_resolution, in_cycle_52):
    html = client_for(observer).get("/").content.decode()
    assert "next-session" not in html
    html = client_for(observer).get("/states/IND/").content.decode()
    assert "/states/IND/treaties/ICMW/" not in html  # the edit link; the treaty page is fine


def test_add_next_session(client_for, officer, in_cycle_52, reference_data):
    Session.objects.filter(number__gte=53).delete()
    client = client_for(officer)
    page = client.get("/")
    assert "Add the dates of session 53" in page.content.decode()
    bad = client.post(
        "/cycles/52/next-session/",
        {"number": 52, "year": 2014, "start_date": "2014-09-18", "end_date": "2014-09-15"},
    )
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "number" in errors and "end_date" in errors
    assert b"There is a problem" in bad.content
    nul = client.post(
        "/cycles/52/next-session/",
        {
            "number": 53,
            "year": 2014,
            "city": "Teh\x00ran",
            "start_date": "2014-09-15",
            "end_date": "2014-09-18",
        },
    )
    assert "city" in nul.context["form"].errors
    ok = client.post(
        "/cycles/52/next-session/",
        {
            "number": 53,
            "year": 2014,
            "city": "Tehran",
            "country": "Iran",
            "start_date": "2014-09-15",
            "end_date": "2014-09-18",
        },
    )
    assert ok.status_code == 302 and ok["Location"] == "/?cycle=52"
    assert Session.objects.get(number=53).start_date == datetime.date(2014, 9, 15)
    # Moving it keeps the number.
    moved = client.post(
        "/cycles/52/next-session/",
        {
            "number": 99,
            "year": 2014,
            "city": "Tehran",
            "country": "Iran",
            "start_date": "2014-09-22",
            "end_date": "2014-09-25",
        },
    )
    assert moved.status_code == 302
    assert Session.objects.get(number=53).start_date == datetime.date(2014, 9, 22)
    assert not Session.objects.filter(number=99).exists()


# --- Resolutions ---------------------------------------------------------------------------


def test_resolution_list_filters_sort_and_downloads(client_for, officer, seed_resolution, un_scale):
    client = client_for(officer)
    page = client.get("/resolutions/")
    assert page.context["page_obj"].paginator.count == 20
    assert len(page.context["page_obj"].object_list) == 20
    assert client.get("/resolutions/?q=migrant").context["page_obj"].paginator.count == 1
    assert client.get("/resolutions/?deliberated=no").context["page_obj"].paginator.count == 1
    assert client.get("/resolutions/?session=53").context["page_obj"].paginator.count == 0
    assert not client.get("/resolutions/?session=999").context["browse"].valid
    assert client.get("/resolutions/?treaty=ICMW").context["page_obj"].paginator.count == 20
    by_progress = client.get("/resolutions/?sort=-progress").context["page_obj"].object_list
    shares = [row.share for row in by_progress]
    assert shares == sorted(shares, reverse=True)
    symbols = [
        r.resolution.symbol for r in client.get("/resolutions/?sort=symbol").context["page_obj"]
    ]
    assert symbols == sorted(symbols)

    download = client.get("/resolutions/download/csv/?q=migrant")
    assert download["Content-Disposition"].startswith('attachment; filename="aalco-resolutions-')
    assert download.streaming  # written as it is read, never whole in memory
    content = b"".join(download.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Symbol", "Session", "Adopted on", "Title"]
    assert rows[1][0] == "AALCO/RES/52/S 5" and rows[1][5] == "no"
    assert rows[1][6:9] == ["193", "0", "193"]  # un_scale: every state was asked ¶1
    assert len(rows) == 2
    sheet = load_workbook(io.BytesIO(client.get("/resolutions/download/xlsx/").content)).active
    assert sheet.max_row == 21


def test_resolution_page_text_and_matrix(client_for, officer, seed_resolution, india_report):
    page = client_for(officer).get(seed_resolution.get_absolute_url())
    html = page.content.decode()
    assert '<p class="paragraph paragraph--preambular"><em>Having considered</em> the' in html
    assert "<strong>Requests</strong> all Member States" in html
    reporting = page.context["page"].reporting
    assert [v.paragraph.number for v in reporting] == [1, 3]
    cells = {cell.state.iso3: (cell.status, url) for cell, url in reporting[0].matrix}
    assert cells["IND"] == ("submitted", f"/responses/{india_report.pk}/")
    assert cells["PHL"] == ("not-reported", "/states/PHL/#reports")
    assert len(reporting[1].matrix) == 35  # the non-parties of September 2013


# --- Member states -------------------------------------------------------------------------


def test_state_list_filters_and_sort(client_for, officer, seed_resolution, india_report):
    client = client_for(officer)
    rows = client.get("/states/").context["browse"].rows
    assert len(rows) == 47
    india = next(r for r in rows if r.state.iso3 == "IND")
    assert india.outstanding == 1 and india.icmw == "no_action"
    assert india.main_focal_point.user.email == "fp.india@example.org"
    parties = client.get("/states/?icmw=party").context["browse"].rows
    assert len(parties) == 12  # on 3 March 2014: Gambia ratified in 2018
    assert {r.state.iso3 for r in client.get("/states/?icmw=signatory").context["browse"].rows} == {
        "CMR",
        "SLE",
    }
    assert client.get("/states/?q=ind").context["browse"].rows[0].state.iso3 in {"IND", "IDN"}
    africa = client.get("/states/?region=africa").context["browse"].rows
    assert len(africa) == 15
    ordered = client.get("/states/?sort=-outstanding").context["browse"].rows
    assert ordered[0].outstanding >= ordered[-1].outstanding


def test_state_page(client_for, officer, seed_resolution, india_report):
    add_reminders(seed_resolution.session, MemberState.objects.filter(iso3="IND"))
    page = client_for(officer).get("/states/IND/")
    p = page.context["page"]
    assert [fp.user.email for fp in p.focal_points] == ["fp.india@example.org"]
    [group] = p.reports
    assert [(c.paragraph.number, c.status) for c in group.cells] == [
        (1, "submitted"),
        (3, "not-reported"),
    ]
    assert p.outstanding == 1
    assert len(p.reminders) == 2
    html = page.content.decode()
    assert f'href="/responses/{india_report.pk}/"' in html
    assert 'href="/states/IND/treaties/ICMW/"' in html


def test_treaty_status_edit_keeps_history(client_for, officer, in_cycle_52, reference_data):
    client = client_for(officer)
    url = "/states/IND/treaties/ICMW/"
    missing_source = client.post(url, {"consent_type": "accession", "consent_date": "2014-01-02"})
    assert "source" in missing_source.context["form"].errors
    no_type = client.post(url, {"consent_date": "2014-01-02", "source": "UNTC"})
    assert "consent_type" in no_type.context["form"].errors
    future = client.post(
        url, {"consent_type": "accession", "consent_date": "2015-01-02", "source": "UNTC"}
    )
    assert "consent_date" in future.context["form"].errors
    before_signature = client.post(
        url,
        {
            "signature_date": "2013-05-01",
            "consent_type": "ratification",
            "consent_date": "2013-01-01",
            "source": "UNTC",
        },
    )
    assert "consent_date" in before_signature.context["form"].errors
    nul = client.post(url, {"source": "UN\x00TC"})
    assert "source" in nul.context["form"].errors
    assert TreatyStatus.objects.get(member_state__iso3="IND").consent_date is None

    ok = client.post(
        url,
        {
            "consent_type": "accession",
            "consent_date": "2014-01-02",
            "source": "https://treaties.un.org IV-13, seen 3 March 2014",
            "reason": "Acceded",
        },
    )
    assert ok.status_code == 302 and ok["Location"] == "/states/IND/#treaties"
    status = TreatyStatus.objects.get(member_state__iso3="IND", treaty__short_name="ICMW")
    assert status.consent_date == datetime.date(2014, 1, 2)
    assert status.history.order_by("-history_id").first().history_user == officer

    page = client.get("/states/IND/")
    [row] = [r for r in page.context["page"].treaties if r.treaty.short_name == "ICMW"]
    assert row.category == "party"
    entry = row.history[0]
    assert entry.who == officer and entry.reason == "Acceded"
    assert "treaties.un.org" in entry.source


def test_history_shows_what_changed(client_for, officer, in_cycle_52, reference_data):
    state = MemberState.objects.get(iso3="CMR")  # a signatory in the reference data
    icmw = Treaty.objects.get(short_name="ICMW")
    old = TreatyStatus.objects.get(member_state=state, treaty=icmw)
    update_treaty_status(
        member_state=state,
        treaty=icmw,
        signature_date=old.signature_date,
        consent_date=datetime.date(2014, 2, 1),
        consent_type="ratification",
        source="UNTC",
        changed_by=officer,
    )
    page = client_for(officer).get("/states/CMR/")
    [row] = [r for r in page.context["page"].treaties if r.treaty.short_name == "ICMW"]
    newest = row.history[0]
    changed = {label for label, _old, _new in newest.changes}
    assert {"ratification, accession or succession", "form of consent"} <= {str(c) for c in changed}
    assert newest.who == officer


def test_paragraph_shapes(client_for, officer, in_cycle_52, reference_data):
    from tests.factories import ParagraphFactory

    paragraph = ParagraphFactory(
        verb="Urges",
        text="Urges Member States:",
        subparagraphs=[
            {"label": "a", "text": "to ratify;", "children": [{"label": "i", "text": "soon;"}]},
            "to report.",
        ],
        footnotes=[{"marker": "1", "text": "See A/RES/45/158."}],
    )
    html = client_for(officer).get(paragraph.resolution.get_absolute_url()).content.decode()
    assert "<strong>Urges</strong> Member States:" in html
    assert '<span class="paragraph__number">(a)</span> to ratify;' in html
    assert '<span class="paragraph__number">(i)</span> soon;' in html
    assert "to report." in html and "See A/RES/45/158." in html
