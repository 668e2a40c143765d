"""Focal points report through the API with the web's rules: drafts, versions and 409s,
documents with the same checks, submission with a receipt and the secretariat's notice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from aalco.tokens import create_api_token
from resolutions.models import Notification, Response

from ..portal.conftest import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def india_key(focal_a):
    return create_api_token(user=focal_a, name="Ministry tool")[1]


def call(client, method, url, key, **kwargs):
    return getattr(client, method)(url, HTTP_AUTHORIZATION=f"Token {key}", **kwargs)


@pytest.fixture
def para3(seed_resolution):
    return seed_resolution.paragraphs.get(kind="operative", number=3)


def test_draft_document_and_submission_reach_the_secretariat(
    client, client_for, officer, india_key, para3, django_capture_on_commit_callbacks
):
    created = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={
            "paragraph_id": para3.pk,
            "treaty_action": "under_consideration",
            "narrative": "Inter-ministerial review.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["member_state"] == "IND" and body["version"] == 1
    upload = SimpleUploadedFile("note.pdf", make_pdf(), content_type="application/pdf")
    attached = call(
        client,
        "post",
        f"/api/responses/{body['id']}/attachments/",
        india_key,
        data={"file": upload},
    )
    assert attached.status_code == 201, attached.content
    mail.outbox.clear()
    current = call(client, "get", f"/api/responses/{body['id']}/", india_key).json()
    with django_capture_on_commit_callbacks(execute=True):
        sent = call(
            client,
            "put",
            f"/api/responses/{body['id']}/",
            india_key,
            data={
                "version": current["version"],
                "treaty_action": "under_consideration",
                "narrative": "Inter-ministerial review.",
                "submit": True,
            },
            content_type="application/json",
        )
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "submitted" and len(sent.json()["attachments"]) == 1
    assert any("Receipt" in m.subject for m in mail.outbox)  # the focal point's receipt
    assert Notification.objects.filter(response_id=body["id"]).exists()
    review = client_for(officer).get("/responses/")
    assert "India" in review.content.decode()


def test_stale_version_is_409_with_the_current_report(client, india_key, para3):
    first = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": para3.pk, "treaty_action": "no_action"},
        content_type="application/json",
    ).json()
    ok = call(
        client,
        "patch",
        f"/api/responses/{first['id']}/",
        india_key,
        data={"version": 1, "narrative": "First edit"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = call(
        client,
        "patch",
        f"/api/responses/{first['id']}/",
        india_key,
        data={"version": 1, "narrative": "Lost edit"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert (
        stale.json()["current"]["narrative"] == "First edit"
        and stale.json()["current"]["version"] == 2
    )


def test_rules_are_the_webs(client, india_key, para3, seed_resolution):
    not_ready = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": para3.pk, "treaty_action": "ratified", "submit": True},
        content_type="application/json",
    )
    assert not_ready.status_code == 400 and "measure_date" in not_ready.json()
    assert not Response.objects.exists()
    preamble = seed_resolution.paragraphs.filter(kind="preambular").first()
    wrong = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": preamble.pk},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    junk = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": "x", "measure_date": "yesterday"},
        content_type="application/json",
    )
    assert junk.status_code == 400


def test_a_paragraph_not_addressed_to_the_state_is_refused(client, focal_b, para3):
    # The Philippines is a party to the ICMW: paragraph 3 does not ask it to act.
    key = create_api_token(user=focal_b, name="x")[1]
    refused = call(
        client,
        "post",
        "/api/responses/",
        key,
        data={"paragraph_id": para3.pk, "treaty_action": "no_action"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_other_states_reports_are_404_and_staff_cannot_write(
    client, focal_b, officer, india_key, para3
):
    mine = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": para3.pk, "treaty_action": "no_action"},
        content_type="application/json",
    ).json()
    other_key = create_api_token(user=focal_b, name="x")[1]
    assert call(client, "get", f"/api/responses/{mine['id']}/", other_key).status_code == 404
    assert (
        call(
            client,
            "patch",
            f"/api/responses/{mine['id']}/",
            other_key,
            data={"version": 1},
            content_type="application/json",
        ).status_code
        == 404
    )
    staff_key = create_api_token(user=officer, name="x")[1]
    assert (
        call(
            client,
            "post",
            "/api/responses/",
            staff_key,
            data={"paragraph_id": para3.pk},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_disguised_documents_are_refused_as_on_the_web(client, india_key, para3):
    mine = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": para3.pk, "treaty_action": "no_action"},
        content_type="application/json",
    ).json()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = call(
        client, "post", f"/api/responses/{mine['id']}/attachments/", india_key, data={"file": fake}
    )
    assert refused.status_code == 400


def test_documents_leave_a_draft_but_stay_on_a_submitted_report(client, india_key, para3):
    mine = call(
        client,
        "post",
        "/api/responses/",
        india_key,
        data={"paragraph_id": para3.pk, "treaty_action": "no_action"},
        content_type="application/json",
    ).json()
    upload = SimpleUploadedFile("note.pdf", make_pdf(), content_type="application/pdf")
    doc = call(
        client,
        "post",
        f"/api/responses/{mine['id']}/attachments/",
        india_key,
        data={"file": upload},
    ).json()
    removed = call(
        client, "delete", f"/api/responses/{mine['id']}/attachments/{doc['id']}/", india_key
    )
    assert removed.status_code == 204
    assert (
        call(
            client, "delete", f"/api/responses/{mine['id']}/attachments/{doc['id']}/", india_key
        ).status_code
        == 404
    )


def test_owed_lists_what_the_state_still_owes(
    client, india_key, focal_b, officer, para3, django_assert_max_num_queries
):
    owed = call(client, "get", "/api/owed/", india_key)
    assert owed.status_code == 200
    items = owed.json()
    assert para3.pk in [i["paragraph_id"] for i in items]
    item = next(i for i in items if i["paragraph_id"] == para3.pk)
    assert item["treaties"] == ["ICMW"] and item["response_id"] is None
    phl = call(client, "get", "/api/owed/", create_api_token(user=focal_b, name="x")[1]).json()
    assert para3.pk not in [i["paragraph_id"] for i in phl]  # a party: not asked
    assert (
        call(client, "get", "/api/owed/", create_api_token(user=officer, name="x")[1]).status_code
        == 403
    )
