"""The clarification loop: the focal point answers beside the question,
the report comes first on /my/, the secretariat sees word by word what changed since the
version it reviewed, the receipt says what happens next, versions count submissions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from resolutions.models import Response, ReviewMessage
from resolutions.selectors.reviews import Segment, word_diff
from resolutions.services.responses import (
    ResponseContent,
    review_response,
    save_draft,
    submit_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(india, focal_a, officer, para1) -> Response:
    """India drafted twice, submitted, and the secretariat asked a question."""
    draft = save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="A law."),
        user=focal_a,
        expected_version=None,
    )
    draft = save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="A new law protects the wages of migrant workers."),
        user=focal_a,
        expected_version=draft.version,
    )
    sent = submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent.of(draft),
        user=focal_a,
        expected_version=draft.version,
    )
    assert sent.submission == 1  # two drafts before it, still version 1
    return review_response(
        response=sent,
        decision="clarification",
        comment="Which law, and since when?",
        user=officer,
        expected_version=sent.version,
    )


def test_word_diff_marks_words_not_lines():
    assert word_diff("A new law protects wages.", "A new labour law protects all wages.") == [
        Segment("equal", "A new "),
        Segment("insert", "labour "),
        Segment("equal", "law protects "),
        Segment("insert", "all "),
        Segment("equal", "wages."),
    ]
    assert word_diff("same", "same") == [Segment("equal", "same")]


def test_first_submission_is_version_1_and_each_one_counts(asked, focal_a, india, para1):
    again = submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="The Wages Act 2019."),
        user=focal_a,
        expected_version=asked.version,
        reply="The Wages Act, in force since 2019.",
    )
    assert again.submission == 2


def test_question_first_on_my_home_with_the_question(asked, client_for, focal_a):
    page = client_for(focal_a).get(reverse("portal:home"))
    html = page.content.decode()
    assert [i.response.pk for i in page.context["overview"].clarify] == [asked.pk]
    assert html.index("The secretariat asks you to clarify") < html.index(
        "Due in the current reporting cycle"
    )
    assert "Which law, and since when?" in html


def test_reply_beside_the_question_then_conversation_in_order(asked, client_for, focal_a, officer):
    client = client_for(focal_a)
    form = client.get(reverse("portal:edit", args=[asked.pk])).content.decode()
    assert form.index("Which law, and since when?") < form.index('name="reply"')
    assert "Save as draft" not in form  # the answer goes with the new version
    posted = client.post(
        reverse("portal:edit", args=[asked.pk]),
        {
            "narrative": "A new labour law protects all wages since 2019.",
            "reply": "The Labour Code, in force since 2019.",
            "version": asked.version,
            "action": "submit",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    asked.refresh_from_db()
    assert asked.status == Response.Status.SUBMITTED
    assert list(asked.messages.values_list("side", "submission", "text")) == [
        ("secretariat", 1, "Which law, and since when?"),
        ("state", 2, "The Labour Code, in force since 2019."),
    ]

    review = client_for(officer).get(reverse("responses:detail", args=[asked.pk]))
    html = review.content.decode()
    assert html.index("Which law, and since when?") < html.index("The Labour Code")
    assert "What changed since the version you reviewed (version 1)" in html
    diff = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    assert "<ins>labour </ins>" in diff
    assert "<del>the </del>" in diff
    assert "<ins>all </ins>" in diff


def test_receipt_says_what_happens_next(asked, client_for, focal_a, officer, india, para1):
    again = submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="The Wages Act 2019."),
        user=focal_a,
        expected_version=asked.version,
    )
    client = client_for(focal_a)
    receipt = client.get(reverse("portal:receipt", args=[again.pk])).content.decode()
    assert "Awaiting review" in receipt
    assert again.reference in receipt
    assert "version 2" in receipt
    review_response(
        response=again, decision="accept", comment="", user=officer, expected_version=again.version
    )
    receipt = client.get(reverse("portal:receipt", args=[again.pk])).content.decode()
    assert "Report accepted" in receipt
    assert "accepted this report" in receipt


def test_question_recorded_once_per_review(asked):
    assert ReviewMessage.objects.filter(response=asked).count() == 1
