"""An annex a secretariat would send.

What each state reported (its answer and words), not the review status; a closed cycle
counts only the reports sent before the next session opened and lists later ones as late;
the cover carries a document symbol and the document's date (not today's, for 2014); the
annex follows up every resolution of the previous session that asks states to report.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from memberstates.models import MemberState
from resolutions.models import Resolution, Session
from resolutions.selectors.agenda import agenda_annex
from resolutions.services.agenda import draft_agenda, export_agenda
from resolutions.services.imports import import_resolution
from resolutions.services.responses import (
    Decision,
    ResponseContent,
    review_response,
    submit_response,
)

from .conftest import IN_CYCLE

pytestmark = pytest.mark.django_db

#: Twelve years later: the 52 → 53 cycle closed when the 53rd session opened in 2014.
LATER = datetime.datetime(2026, 11, 27, 6, tzinfo=datetime.UTC)


def _report(state, paragraph, user, text, officer=None, when=IN_CYCLE):
    with time_machine.travel(when, tick=False):
        response = submit_response(
            member_state=state,
            paragraph=paragraph,
            content=ResponseContent(narrative=text),
            user=user,
            expected_version=None,
        )
        if officer is not None:
            response = review_response(
                response=response,
                decision=Decision.ACCEPT,
                comment="",
                user=officer,
                expected_version=response.version,
            )
    return response


@pytest.fixture
def closed_annex(agenda53, seed_resolution, focal_b, officer):
    """The 53rd session's annex read in 2026: India reported in 2014, the Philippines only
    in 2026 (after the 53rd session opened)."""
    philippines = MemberState.objects.get(iso3="PHL")
    paragraph = seed_resolution.paragraphs.get(number=1)
    _report(philippines, paragraph, focal_b, "Welfare offices abroad.", officer, when=LATER)
    with time_machine.travel(LATER, tick=False):
        yield agenda_annex(session=agenda53)


def test_the_annex_shows_what_states_reported_not_the_review_status(agenda53, prepared_day):
    annex = agenda_annex(session=agenda53)
    (entry,) = annex.carried
    india = next(line for line in entry.lines if line.state.iso3 == "IND")
    answer = india.answers[0]
    assert (answer.kind, answer.text) == ("reported", "A national migration policy was adopted.")
    assert answer.on == datetime.date(2014, 7, 1)
    assert india.answers[1].summary == "No report"


def test_a_closed_cycle_counts_only_reports_sent_before_the_session(closed_annex):
    (entry,) = closed_annex.carried
    paragraph1 = entry.reporting[0]
    # India (2014) counts; the Philippines' 2026 report does not belong to the 2013–14 annex.
    assert paragraph1.settled_count == 1
    philippines = next(line for line in entry.lines if line.state.iso3 == "PHL")
    assert philippines.answers[0].summary == "No report"
    [late] = entry.late
    assert late.state.iso3 == "PHL" and late.answer.on == LATER.date()
    assert closed_annex.late_from == datetime.date(2014, 9, 15)
    # As of the document's date: Gambia's 2018 ratification is not counted in 2014.
    assert closed_annex.document_date == datetime.date(2014, 9, 15)
    (icmw,) = entry.treaties
    assert len(icmw.parties) == 12


def test_the_pages_and_files_list_late_reports_in_words(
    closed_annex, agenda53, client_for, officer
):
    client = client_for(officer)
    with time_machine.travel(LATER, tick=False):
        page = client.get(reverse("agenda:print", args=[53])).content.decode()
        rows = list(
            csv.reader(
                io.StringIO(export_agenda(session=agenda53, fmt="csv").content.decode("utf-8-sig"))
            )
        )
    assert "Reports received after the session opened (late, not counted above)" in page
    assert "Welfare offices abroad." in page
    # The cover is dated as of the session, not the day it is printed.
    assert "15 September 2014" in page.split("Provisional agenda</h2>")[0]
    assert "27 November 2026" not in page.split("Provisional agenda</h2>")[0]
    # No review status in the annex: no "Accepted" tag, words carry every meaning.
    annex_html = page.split('<h2 class="annex-heading">')[1]
    assert "tag--accepted" not in annex_html and "Accepted" not in annex_html
    late = [r for r in rows if r[6] == "Philippines" and r[11].startswith("yes")]
    assert late and late[0][9] == "Welfare offices abroad."
    assert any(r[6] == "Philippines" and r[8] == "No report" and r[5] == "1" for r in rows)
    assert rows[1][0] == "Agenda" and rows[-1][0] == "Annex"


def test_the_cover_carries_the_document_symbol_and_date(agenda53, client_for, officer):
    client = client_for(officer)
    with time_machine.travel(LATER, tick=False):
        saved = client.post(
            reverse("sessions:edit", args=[53]),
            {
                "number": 53,
                "city": "Tehran",
                "country": "Iran (Islamic Republic of)",
                "start_date": "2014-09-15",
                "end_date": "2014-09-18",
                "agenda_symbol": "AALCO/53/TEHRAN/2014/1",
                "agenda_date": "2014-08-20",
            },
        )
        assert saved.status_code == 302
        page = client.get(reverse("agenda:print", args=[53])).content.decode()
    cover = page.split("Provisional agenda</h2>")[0]
    assert "AALCO/53/TEHRAN/2014/1" in cover and "20 August 2014" in cover


def test_the_annex_follows_every_resolution_that_asks_states_to_report(seed_text, reference_data):
    # A resolution of the 52nd session that asks states to report, but carries no item.
    other = seed_text.replace("AALCO/RES/52/S 5", "AALCO/RES/52/S 7").replace(
        "4. **Decides** to place this item on the provisional agenda of its Fifty-Third Annual "
        "Session.",
        "",
    )
    import_resolution(text=seed_text)
    import_resolution(text=other)
    session = Session.objects.get(number=53)
    with time_machine.travel(IN_CYCLE, tick=False):
        draft_agenda(session=session)
        annex = agenda_annex(session=session)
    assert [e.resolution.symbol for e in annex.carried] == ["AALCO/RES/52/S 5"]
    assert [e.resolution.symbol for e in annex.others] == ["AALCO/RES/52/S 7"]
    assert [e.resolution.symbol for e in annex.followed] == ["AALCO/RES/52/S 5", "AALCO/RES/52/S 7"]
    assert "not on the provisional agenda" in annex.others[0].heading
    assert annex.others[0].reporting and annex.others[0].lines


def test_an_item_title_in_capitals_reads_as_a_title():
    from resolutions.selectors.agenda import title_for

    resolution = Resolution(title="INTERNATIONAL LAW IN CYBERSPACE (FICTIONAL DEMONSTRATION TEXT)")
    assert title_for(resolution) == "International Law in Cyberspace (Fictional Demonstration Text)"
