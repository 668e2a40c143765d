"""A paragraph naming two treaties: the answer on the second one is a first-class answer.

It shows on the review page and the focal point's pages, its reported ratification can be
confirmed (that treaty's status is updated), and it reaches the exports, the API and the
treaty page — not only the first treaty's answer.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from memberstates.models import MemberState, Treaty, TreatyStatus
from resolutions.exports.annex_rows import AnnexRows
from resolutions.exports.docx import build_document
from resolutions.exports.json import annex_to_dict
from resolutions.exports.response_rows import ResponseListExport
from resolutions.models import Response, Session
from resolutions.selectors.agenda import agenda_annex
from resolutions.services.agenda import draft_agenda
from resolutions.services.responses import (
    ResponseContent,
    confirm_treaty_ratification,
    submit_response,
    treaties_to_confirm,
)

from ..conftest import _focal_point

#: Inside the 52 -> 53 reporting cycle, before the deadline.
IN_CYCLE = datetime.datetime(2014, 9, 1, 6, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_treaties(crpd_resolution):
    """Paragraph 3 now names the CRPD (first by short name) and the ICMW (second)."""
    paragraph = crpd_resolution.paragraphs.get(kind="operative", number=3)
    paragraph.treaties.add(Treaty.objects.get(short_name="ICMW"))
    return paragraph


@pytest.fixture
def lebanon_fp(reference_data):
    return _focal_point("LBN", "fp.lebanon@example.org")


@pytest.fixture
def reported(two_treaties, lebanon_fp):
    """Lebanon (a party to neither) is considering the CRPD and has ratified the ICMW."""
    with time_machine.travel(IN_CYCLE, tick=False):
        return submit_response(
            member_state=MemberState.objects.get(iso3="LBN"),
            paragraph=two_treaties,
            content=ResponseContent(
                treaty_action="under_consideration",
                treaty_actions={"ICMW": "ratified"},
                narrative="Instrument of ratification deposited in August.",
            ),
            user=lebanon_fp,
            expected_version=None,
        )


def test_each_answer_is_read_in_answer_order(reported):
    answers = reported.treaty_answers
    assert [(a.treaty.short_name, a.action, a.is_first) for a in answers] == [
        ("CRPD", "under_consideration", True),
        ("ICMW", "ratified", False),
    ]
    assert [t.short_name for t in treaties_to_confirm(reported)] == ["ICMW"]


def test_the_review_page_shows_and_offers_to_confirm_the_second_treaty(
    reported, officer, client_for
):
    html = client_for(officer).get(reverse("responses:detail", args=[reported.pk]))
    text = html.content.decode()
    assert "CRPD status reported" in text and "Under consideration" in text
    assert "ICMW status reported" in text and "Ratified or acceded" in text
    assert "Confirm the ICMW ratification" in text
    assert "Confirm the CRPD ratification" not in text  # only under consideration
    assert reverse("responses:confirm_treaty_ratification", args=[reported.pk, "ICMW"]) in text


def test_the_focal_point_sees_each_answer_on_the_receipt_and_the_report(
    reported, lebanon_fp, client_for
):
    client = client_for(lebanon_fp)
    for url in (
        reverse("portal:receipt", args=[reported.pk]),
        reverse("portal:response", args=[reported.pk]),
    ):
        text = client.get(url).content.decode()
        assert "CRPD status reported" in text and "Under consideration" in text, url
        assert "ICMW status reported" in text and "Ratified or acceded" in text, url


def test_confirming_the_second_treaty_updates_its_status_with_history(
    reported, officer, client_for
):
    lebanon = reported.member_state
    client = client_for(officer)
    done = client.post(
        reverse("responses:confirm_treaty_ratification", args=[reported.pk, "ICMW"]),
        {
            "consent_type": "ratification",
            "consent_date": "2014-08-20",
            "source": "Instrument of ratification reported by Lebanon; UNTC notice",
            "version": reported.version,
        },
    )
    assert done.status_code == 302, done.content.decode()
    status = TreatyStatus.objects.get(member_state=lebanon, treaty__short_name="ICMW")
    assert status.is_party and status.consent_date == datetime.date(2014, 8, 20)
    last = status.history.order_by("history_id").last()
    assert last.history_user == officer
    assert last.history_change_reason == f"Confirmed from response {reported.pk}"
    assert "UNTC notice" in last.source
    # The CRPD (the first treaty, only under consideration) is untouched.
    crpd = TreatyStatus.objects.filter(member_state=lebanon, treaty__short_name="CRPD").first()
    assert crpd is None or not crpd.is_party

    reported.refresh_from_db()
    assert reported.status == Response.Status.ACCEPTED
    assert reported.treaty_status_confirmed_at is None  # the first treaty's, not this one's
    assert set(reported.treaty_confirmations) == {"ICMW"}
    assert treaties_to_confirm(reported) == []
    text = client.get(reverse("responses:detail", args=[reported.pk])).content.decode()
    assert "Confirm the ICMW ratification" not in text
    assert "confirmed from this report" in text


def test_a_treaty_not_reported_as_ratified_cannot_be_confirmed(reported, officer, client_for):
    crpd = Treaty.objects.get(short_name="CRPD")
    with pytest.raises(ValidationError):
        confirm_treaty_ratification(
            response=reported,
            treaty=crpd,
            user=officer,
            consent_type="ratification",
            consent_date=datetime.date(2014, 8, 20),
            source="x",
            expected_version=reported.version,
        )
    client = client_for(officer)
    refused = client.post(
        reverse("responses:confirm_treaty_ratification", args=[reported.pk, "CRPD"]),
        {
            "consent_type": "ratification",
            "consent_date": "2014-08-20",
            "source": "x",
            "version": reported.version,
        },
    )
    assert refused.status_code == 400
    unknown = client.post(
        reverse("responses:confirm_treaty_ratification", args=[reported.pk, "CAT"]), {}
    )
    assert unknown.status_code == 404  # not a treaty this paragraph names
    assert not TreatyStatus.objects.filter(
        member_state=reported.member_state, treaty=crpd, consent_date__isnull=False
    ).exists()


def test_a_stale_confirmation_records_nothing(reported, officer):
    icmw = Treaty.objects.get(short_name="ICMW")
    with pytest.raises(Exception, match="now at version"):
        confirm_treaty_ratification(
            response=reported,
            treaty=icmw,
            user=officer,
            consent_type="ratification",
            consent_date=datetime.date(2014, 8, 20),
            source="UNTC",
            expected_version=reported.version - 1,
        )
    assert not TreatyStatus.objects.filter(
        member_state=reported.member_state, treaty=icmw, consent_date__isnull=False
    ).exists()


def test_the_reports_csv_carries_each_answer(reported):
    export = ResponseListExport(Response.objects.filter(pk=reported.pk))
    rows = list(csv.reader(io.StringIO(export.to_csv().decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    answer = row[header.index("Treaty answers")]
    assert answer == "CRPD: Under consideration; ICMW: Ratified or acceded"


def test_the_annex_rows_docx_and_json_carry_each_answer(reported):
    session53 = Session.objects.get(number=53)
    with time_machine.travel(IN_CYCLE, tick=False):
        draft_agenda(session=session53)
        annex = agenda_annex(session=session53)
    expected = "CRPD: Under consideration; ICMW: Ratified or acceded"
    rows = [r for r in AnnexRows(annex).rows() if r[7] == "LBN" and r[4] == "AALCO/RES/52/S 6"]
    assert expected in [r[8] for r in rows]
    document = build_document(annex)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(c.startswith(expected + ".") for c in cells)  # the DOCX annex's table
    data = annex_to_dict(annex)
    answers = [
        line
        for item in data["items"] + data["other_resolutions"]
        for line in _walk(item)
        if isinstance(line, dict) and line.get("answer") == expected
    ]
    assert answers


def _walk(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_the_api_lists_every_treaty_answer(reported, officer, client):
    from aalco.tokens import create_api_token

    key = create_api_token(user=officer, name="Tool")[1]
    data = client.get(f"/api/responses/{reported.pk}/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert data["treaty_action"] == "under_consideration"  # existing fields kept
    assert data["treaty_actions"] == {"ICMW": "ratified"}
    assert [(a["treaty"], a["action"]) for a in data["treaty_answers"]] == [
        ("CRPD", "under_consideration"),
        ("ICMW", "ratified"),
    ]


def test_the_treaty_page_shows_the_answer_about_that_treaty(reported, officer, client_for):
    client = client_for(officer)
    icmw = client.get(reverse("treaties:detail", args=["ICMW"])).context["page"]
    [row] = [r for r in icmw.reports if r.response.member_state.iso3 == "LBN"]
    assert row.action == "ratified"  # the ICMW is not the paragraph's first treaty
    html = client.get(reverse("treaties:detail", args=["ICMW"])).content.decode()
    assert "Ratified or acceded" in html
    crpd = client.get(reverse("treaties:detail", args=["CRPD"])).context["page"]
    [row] = [r for r in crpd.reports if r.response.member_state.iso3 == "LBN"]
    assert row.action == "under_consideration"


def test_the_receipt_and_the_secretariats_notice_name_each_answer(
    two_treaties, lebanon_fp, django_capture_on_commit_callbacks
):
    from django.core import mail

    with (
        time_machine.travel(IN_CYCLE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_response(
            member_state=MemberState.objects.get(iso3="LBN"),
            paragraph=two_treaties,
            content=ResponseContent(
                treaty_action="under_consideration", treaty_actions={"ICMW": "ratified"}
            ),
            user=lebanon_fp,
            expected_version=None,
        )
    assert len(mail.outbox) == 2  # the receipt, the secretariat's notice
    for message in mail.outbox:
        html = message.alternatives[0][0]
        for text in (message.body, html):
            assert "Under consideration" in text
            assert "ICMW status reported" in text and "Ratified or acceded" in text


def test_a_changed_answer_on_the_second_treaty_shows_in_what_changed(
    reported, officer, lebanon_fp, client_for
):
    from resolutions.services.responses import review_response

    with time_machine.travel(IN_CYCLE, tick=False):
        asked = review_response(
            response=reported,
            decision="clarification",
            comment="Has the instrument been deposited?",
            user=officer,
            expected_version=reported.version,
        )
        submit_response(
            member_state=reported.member_state,
            paragraph=reported.paragraph,
            content=ResponseContent(
                treaty_action="under_consideration", treaty_actions={"ICMW": "signed"}
            ),
            user=lebanon_fp,
            expected_version=asked.version,
            reply="Signed only, not yet deposited.",
        )
    page = client_for(officer).get(reverse("responses:detail", args=[reported.pk]))
    since = page.context["since_review"]
    [change] = [c for c in since.changes if c.label == "actions on the other treaties"]
    inserted = "".join(s.text for s in change.segments if s.op == "insert")
    assert "Signed" in inserted and "ICMW" in change.segments[0].text
    text = page.content.decode()
    assert "ICMW: Ratified or acceded" in text  # the versions table, in words
    assert "Confirm the ICMW ratification" not in text  # no longer reported as ratified


def test_the_annex_reads_every_answer_without_a_query_per_report(
    reported, django_assert_num_queries
):
    session53 = Session.objects.get(number=53)
    with time_machine.travel(IN_CYCLE, tick=False):
        draft_agenda(session=session53)
        annex = agenda_annex(session=session53)
    with django_assert_num_queries(0):  # the answers and words came with the follow-up
        rows = list(AnnexRows(annex).rows())
    assert any(r[9] == "Instrument of ratification deposited in August." for r in rows)
