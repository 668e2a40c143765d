"""Nothing changes after acceptance.

Adding or removing a document is a new version of the report, so a review of the older
version is a 409 that shows what changed; once accepted, no upload or removal succeeds,
whatever the caller loaded before. The guard is the conditional UPDATE in the same
transaction as the attachment row, which the PostgreSQL race test below exercises for real.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from memberstates.models import MemberState
from resolutions.models import Attachment, Response
from resolutions.services.attachments import add_attachment, remove_attachment
from resolutions.services.responses import (
    ResponseContent,
    StaleResponse,
    review_response,
    submit_response,
)

from ..portal.conftest import make_pdf


def _pdf(name: str = "annex.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


@pytest.mark.django_db
def test_adding_a_document_is_a_new_version(submitted_b, focal_b):
    before = submitted_b.version
    add_attachment(response=submitted_b, upload=_pdf("figures.pdf"), user=focal_b)
    submitted_b.refresh_from_db()
    assert submitted_b.version == before + 1
    latest = submitted_b.history.order_by("-history_date").first()
    assert latest.version == before + 1
    assert "document added: figures.pdf" in latest.history_change_reason


@pytest.mark.django_db
def test_removing_a_document_is_a_new_version(draft_a, focal_a):
    attachment = add_attachment(response=draft_a, upload=_pdf(), user=focal_a)
    draft_a.refresh_from_db()
    before = draft_a.version
    remove_attachment(attachment=attachment, user=focal_a)
    draft_a.refresh_from_db()
    assert draft_a.version == before + 1
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_review_of_the_version_before_a_document_is_a_409_showing_it(
    submitted_b, focal_b, officer, client_for
):
    read = submitted_b.version
    add_attachment(response=submitted_b, upload=_pdf("late-annex.pdf"), user=focal_b)
    page = client_for(officer).post(
        reverse("responses:review", args=[submitted_b.pk]),
        {"decision": "accept", "comment": "", "version": read},
    )
    assert page.status_code == 409
    html = page.content.decode()
    assert 'data-testid="stale-notice"' in html
    assert "document added: late-annex.pdf" in html
    submitted_b.refresh_from_db()
    assert submitted_b.status == Response.Status.SUBMITTED
    # The form on the 409 page carries the new version: deciding again works.
    assert f'name="version" value="{submitted_b.version}"' in html


@pytest.mark.django_db
def test_an_object_loaded_before_acceptance_cannot_add_a_document(submitted_b, focal_b, officer):
    loaded_earlier = Response.objects.get(pk=submitted_b.pk)  # status "submitted" in memory
    review_response(
        response=submitted_b,
        decision="accept",
        comment="",
        user=officer,
        expected_version=submitted_b.version,
    )
    with pytest.raises(ValidationError, match="accepted"):
        add_attachment(response=loaded_earlier, upload=_pdf(), user=focal_b)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_object_loaded_as_draft_cannot_lose_a_document_once_submitted(
    draft_a, focal_a, india, para3
):
    attachment = add_attachment(response=draft_a, upload=_pdf(), user=focal_a)
    attachment = Attachment.objects.select_related("response").get(pk=attachment.pk)
    draft_a.refresh_from_db()
    submit_response(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(treaty_action="under_consideration", narrative="Under study."),
        user=focal_a,
        expected_version=draft_a.version,
    )
    with pytest.raises(ValidationError, match="stay on record"):
        remove_attachment(attachment=attachment, user=focal_a)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_upload_page_refuses_an_accepted_report(submitted_b, focal_b, officer, client_for):
    review_response(
        response=submitted_b,
        decision="accept",
        comment="",
        user=officer,
        expected_version=submitted_b.version,
    )
    page = client_for(focal_b).post(
        reverse("portal:upload", args=[submitted_b.pk]), {"attachment": _pdf()}
    )
    assert page.status_code == 400
    assert "can no longer be changed" in page.content.decode()
    assert not Attachment.objects.exists()


REPORTS = 12


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real race needs row locks: SQLite serialises whole-database writes",
)
def test_race_between_acceptance_and_upload(reference_data, seed_resolution, officer, focal_b):
    """12 reports, each accepted by one thread while another attaches a document to it.

    Before the fix, about half the accepted reports gained a document dated after their
    acceptance. Now each report ends either accepted without the document (the upload was
    refused) or with it and not accepted (the review was of an older version: stale).
    """
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=1)
    states = list(MemberState.objects.order_by("iso3")[:REPORTS])
    reports = [
        submit_response(
            member_state=state,
            paragraph=paragraph,
            content=ResponseContent(narrative=f"Report of {state.iso3}."),
            user=focal_b,
            expected_version=None,
        )
        for state in states
    ]
    outcomes: dict[tuple[str, object], str] = {}
    barrier = threading.Barrier(2 * REPORTS)

    def accept(report):
        try:
            barrier.wait()
            review_response(
                response=report,
                decision="accept",
                comment="",
                user=officer,
                expected_version=report.version,
            )
            outcomes["accept", report.pk] = "ok"
        except StaleResponse:
            outcomes["accept", report.pk] = "stale"
        finally:
            connections.close_all()

    def upload(report):
        try:
            barrier.wait()
            add_attachment(response=report, upload=_pdf(), user=focal_b)
            outcomes["upload", report.pk] = "ok"
        except ValidationError:
            outcomes["upload", report.pk] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=target, args=(Response.objects.get(pk=report.pk),))
        for report in reports
        for target in (accept, upload)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 * REPORTS

    for report in reports:
        report.refresh_from_db()
        documents = list(report.attachments.all())
        if report.status == Response.Status.ACCEPTED:
            assert outcomes["upload", report.pk] == "refused"
            assert not documents
            assert all(d.uploaded_at <= report.reviewed_at for d in documents)
        else:
            assert outcomes["accept", report.pk] == "stale"
            assert outcomes["upload", report.pk] == "ok"
            assert len(documents) == 1
