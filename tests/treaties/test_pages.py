"""The treaty pages: list, a page per treaty, and the secretariat's participant-table screen."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memberstates.models import Treaty, TreatyStatus
from resolutions.models import Response

from .conftest import UNTC_TABLE

pytestmark = pytest.mark.django_db


def test_icmw_page_shows_participation_paragraphs_and_history(
    client_for, officer, seed_resolution, django_assert_max_num_queries
):
    client = client_for(officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("treaties:detail", args=["ICMW"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Philippines" in html and "Party" in html
    assert seed_resolution.symbol in html  # paragraph 3 calls for the ICMW
    assert "History of changes" in html
    assert (
        page.context["page"].counts["party"]
        + page.context["page"].counts["none"]
        + page.context["page"].counts["signatory"]
        == 47
    )


def test_query_count_does_not_grow_with_reports(
    client_for, officer, focal_a, seed_resolution, django_assert_num_queries
):
    client = client_for(officer)
    client.get(reverse("treaties:detail", args=["ICMW"]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("treaties:detail", args=["ICMW"]))
    paragraph = seed_resolution.paragraphs.get(number=3)
    from memberstates.models import MemberState

    for state in MemberState.objects.all()[:10]:
        Response.objects.create(
            member_state=state,
            paragraph=paragraph,
            cycle=seed_resolution.session,
            status=Response.Status.SUBMITTED,
            narrative="Bill before parliament.",
            submitted_at="2014-01-01T00:00:00Z",
        )
    with django_assert_num_queries(len(before)):
        page = client.get(reverse("treaties:detail", args=["ICMW"]))
    assert "Bill before parliament." in page.content.decode()


def test_drafts_are_not_shown_on_the_treaty_page(client_for, officer, seed_resolution):
    paragraph = seed_resolution.paragraphs.get(number=3)
    from memberstates.models import MemberState

    Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=paragraph,
        cycle=seed_resolution.session,
        narrative="Secret draft words",
    )
    page = client_for(officer).get(reverse("treaties:detail", args=["ICMW"]))
    assert "Secret draft words" not in page.content.decode()


def test_a_treaty_without_rows_is_no_action_for_everyone(client_for, observer):
    Treaty.objects.create(
        short_name="CRPD", title="Convention on the Rights of Persons with Disabilities"
    )
    page = client_for(observer).get(reverse("treaties:detail", args=["CRPD"]))
    assert page.status_code == 200
    assert page.context["page"].counts["none"] == 47


@pytest.mark.parametrize("who", ["focal_a", None])
def test_focal_points_and_visitors_cannot_read_treaty_pages(
    request, client_for, who, reference_data
):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(reverse("treaties:detail", args=["ICMW"]))
    assert response.status_code in (302, 403)


def test_unknown_treaty_is_404(client_for, officer):
    assert client_for(officer).get("/treaties/NOPE/").status_code == 404
    assert client_for(officer).get("/treaties/%00/").status_code == 404


def test_secretariat_loads_a_table_after_a_preview(client_for, officer):
    client = client_for(officer)
    upload = SimpleUploadedFile("crpd.csv", UNTC_TABLE.encode(), content_type="text/csv")
    preview = client.post(
        reverse("treaties:load"),
        {
            "short_name": "CRPD",
            "title": "Convention on the Rights of Persons with Disabilities",
            "source": "https://treaties.un.org/ IV-15, 2026-11-27",
            "table": upload,
        },
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "a new treaty" in html and "Iran (Islamic Republic of)" in html
    assert "Germany" in html  # listed among the participants left aside
    assert not Treaty.objects.filter(short_name="CRPD").exists()  # nothing written yet
    done = client.post(reverse("treaties:load"), {"action": "confirm"})
    assert done.status_code == 302 and done.url == reverse("treaties:detail", args=["CRPD"])
    status = TreatyStatus.objects.get(treaty__short_name="CRPD", member_state__iso3="IRN")
    assert status.consent_type == "accession"
    assert status.history.first().history_user == officer
    assert "IV-15" in status.source


def test_bad_tables_get_a_clear_message_and_nothing_is_written(client_for, officer):
    client = client_for(officer)
    for content in (
        b"not,a,table\n1,2,3\n",
        b"\x00\x01\x02",
        b"Participant,Signature,Ratification\nIndia,yesterday,\n",
    ):
        page = client.post(
            reverse("treaties:load"),
            {"short_name": "ICMW", "source": "x", "table": SimpleUploadedFile("t.csv", content)},
        )
        assert page.status_code == 200
        assert page.context["form"].errors
    assert client.post(reverse("treaties:load"), {"action": "confirm"}).status_code == 302
    assert TreatyStatus.objects.filter(treaty__short_name="ICMW", source="x").count() == 0


def test_observer_cannot_load(client_for, observer):
    assert client_for(observer).get(reverse("treaties:load")).status_code == 403
