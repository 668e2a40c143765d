"""No reader ever meets stored program data: every page and every email, rendered for a
resolution whose paragraphs hold nested sub-paragraphs, shows them as text, never as the
dictionaries they are stored as."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail

from memberstates.models import MemberState
from resolutions.models import Session
from resolutions.services.reminders import preview_reminder
from resolutions.services.responses import ResponseContent, review_response, submit_response

from .test_no_server_errors import _urls, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NESTED = [
    {
        "label": "a",
        "text": "to adopt national laws on recruitment agencies;",
        "children": [
            {"label": "i", "text": "licensing them;", "children": []},
            {"label": "ii", "text": "inspecting them;", "children": []},
        ],
    },
    {"label": "b", "text": "to report to the Secretariat.", "children": []},
]

# A dict or a list of dicts printed by Python, raw or HTML-escaped.
RAW = re.compile(r"\{'|\[\{|\{&#x27;|\{&#39;|'children'|&#x27;children&#x27;")


def _assert_clean(where: str, text: str) -> None:
    match = RAW.search(text)
    assert match is None, (where, text[max(0, match.start() - 80) : match.end() + 80])


@pytest.fixture
def nested(world, seed_resolution):  # noqa: F811
    paragraphs = seed_resolution.paragraphs.filter(kind="operative")
    paragraphs.update(subparagraphs=NESTED)
    return world


@pytest.mark.parametrize("persona", ["officer", "observer", "focal_a"])
def test_no_page_shows_raw_subparagraphs(request, client_for, nested, persona):
    client = client_for(request.getfixturevalue(persona))
    seen_nested = False
    for url in _urls(nested):
        for params in ({}, {"cycle": "52"}, {"cycle": "52", "format": "html"}):
            response = client.get(url, params)
            if response.status_code != 200 or response.get("Content-Type", "").startswith(
                ("application/", "image/")
            ):
                continue
            body = response.getvalue().decode("utf-8", "replace")
            _assert_clean(f"{persona} {url} {params}", body)
            seen_nested = seen_nested or "inspecting them;" in body
    assert seen_nested


def test_report_form_shows_subparagraphs_as_text(client_for, nested, seed_resolution, focal_a):
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=1)
    body = client_for(focal_a).get(f"/my/paragraphs/{paragraph.pk}/respond/")
    assert body.status_code == 200
    html = body.content.decode()
    assert "(a)" in html and "(ii)" in html and "inspecting them;" in html
    _assert_clean("respond", html)


def test_reminder_email_text_and_html(nested, focal_a):
    email = preview_reminder(
        member_state=MemberState.objects.get(iso3="IND"),
        cycle=Session.objects.get(number=52),
        step=60,
        today=datetime.date(2014, 7, 17),
    )
    for part in (email.text, email.html):
        assert "inspecting them;" in part
        assert "(ii)" in part
        _assert_clean("reminder", part)
    assert "     (a) to adopt" in email.text
    assert "        (i) licensing" in email.text


def test_every_email_of_the_report_loop(
    nested, seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = MemberState.objects.get(iso3="IND")
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=1)
    response = submit_response(
        member_state=india,
        paragraph=paragraph,
        content=ResponseContent(narrative="We did."),
        user=focal_a,
        expected_version=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_response(
            response=response,
            decision="clarification",
            comment="Which law?",
            user=officer,
            expected_version=response.version,
        )
    assert mail.outbox
    for message in mail.outbox:
        _assert_clean(message.subject, message.body)
        for alternative, _mime in getattr(message, "alternatives", []):
            _assert_clean(message.subject, alternative)
