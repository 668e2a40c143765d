"""Drafts are the state's own.

The portal tells a focal point that a draft "is not yet sent to the secretariat"; until it
is submitted, the secretariat and observers see that it exists (count, dates), never what
it says or the documents attached to it — on the review page, the lists, the resolution's
matrix, the state page, the API and the exports.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolutions.services.attachments import add_attachment
from resolutions.services.responses import ResponseContent, save_draft

from ..portal.conftest import make_pdf

pytestmark = pytest.mark.django_db

SECRET = "Cabinet paper 7/2026, not for circulation"


@pytest.fixture
def secret_draft(india, focal_a, para1):
    draft = save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative=SECRET, instrument="Draft bill 12"),
        user=focal_a,
        expected_version=None,
    )
    attachment = add_attachment(
        response=draft,
        upload=SimpleUploadedFile("cabinet-note.pdf", make_pdf()),
        user=focal_a,
    )
    return draft, attachment


@pytest.mark.parametrize("persona", ["officer", "observer"])
def test_the_review_page_says_a_draft_exists_not_what_it_says(
    request, client_for, secret_draft, persona
):
    draft, attachment = secret_draft
    page = client_for(request.getfixturevalue(persona)).get(
        reverse("responses:detail", args=[draft.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET not in html
    assert "Draft bill 12" not in html
    assert "cabinet-note.pdf" not in html
    assert str(attachment.pk) not in html
    assert 'data-testid="draft-hidden"' in html
    assert draft.created_at.strftime("%Y") in html  # when it was started


@pytest.mark.parametrize("persona", ["officer", "observer"])
def test_staff_cannot_download_a_draft_document(request, client_for, secret_draft, persona):
    _draft, attachment = secret_draft
    page = client_for(request.getfixturevalue(persona)).get(
        reverse("responses:download", args=[attachment.pk])
    )
    assert page.status_code == 404


@pytest.mark.parametrize("persona", ["officer", "observer"])
def test_the_api_lists_a_draft_without_its_content(request, client_for, secret_draft, persona):
    draft, _attachment = secret_draft
    client = client_for(request.getfixturevalue(persona))
    listed = client.get("/api/responses/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    row = next(r for r in rows if r["id"] == str(draft.pk))
    assert row["status"] == "draft"
    assert row["updated_at"]
    for field in ("narrative", "instrument", "treaty_action", "measure_date"):
        assert row[field] in (None, ""), field
    detail = client.get(f"/api/responses/{draft.pk}/")
    assert detail.status_code == 200
    assert SECRET not in detail.content.decode()
    assert SECRET not in client.get("/api/responses/").content.decode()


def test_the_state_itself_still_reads_its_draft(client_for, focal_a, secret_draft):
    draft, _attachment = secret_draft
    client = client_for(focal_a)
    assert SECRET in client.get(reverse("portal:response", args=[draft.pk])).content.decode()
    assert SECRET in client.get(f"/api/responses/{draft.pk}/").content.decode()


def test_no_staff_page_or_export_shows_a_draft(client_for, officer, secret_draft, seed_resolution):
    draft, _attachment = secret_draft
    client = client_for(officer)
    for url in [
        "/",
        "/responses/",
        "/responses/?status=all",
        "/states/",
        "/states/IND/",
        f"/resolutions/{seed_resolution.pk}/",
        "/resolutions/download/csv/",
        "/resolutions/download/xlsx/",
        "/reminders/",
        "/api/responses/",
        f"/api/responses/{draft.pk}/",
        f"/responses/{draft.pk}/",
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        body = b"".join(page.streaming_content) if page.streaming else page.content
        assert SECRET.encode() not in body, url
        assert b"cabinet-note.pdf" not in body, url


def test_after_submission_staff_see_the_report_but_not_its_draft_history(
    client_for, officer, secret_draft, india, para1, focal_a
):
    from resolutions.services.responses import submit_response

    draft, _attachment = secret_draft
    draft.refresh_from_db()
    submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="The programme reached 3,000 workers."),
        user=focal_a,
        expected_version=draft.version,
    )
    html = client_for(officer).get(reverse("responses:detail", args=[draft.pk])).content.decode()
    assert "The programme reached 3,000 workers." in html
    assert SECRET not in html  # the earlier draft wording stays the state's
    assert "cabinet-note.pdf" in html  # what was sent includes the document
