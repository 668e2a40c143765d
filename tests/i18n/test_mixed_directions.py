"""Text a person wrote (a report, a comment, a title) keeps its own direction inside a page
in another script: an Arabic report in the English workspace, an English resolution in the
Arabic portal. dir="auto" lets the browser take the direction from the text itself."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from memberstates.models import MemberState
from resolutions.services.responses import ResponseContent, review_response, submit_response

pytestmark = pytest.mark.django_db

IN_CYCLE = datetime.datetime(2014, 7, 1, 6, tzinfo=datetime.UTC)
ARABIC = "اعتمدت الحكومة قانوناً جديداً يحمي أجور العمال المهاجرين."


@pytest.fixture
def arabic_report(seed_resolution, focal_a, officer):
    with time_machine.travel(IN_CYCLE, tick=False):
        response = submit_response(
            member_state=MemberState.objects.get(iso3="IND"),
            paragraph=seed_resolution.paragraphs.get(kind="operative", number=1),
            content=ResponseContent(narrative=ARABIC),
            user=focal_a,
            expected_version=None,
        )
        return review_response(
            response=response,
            decision="clarification",
            comment="Please give the date of the law.",
            user=officer,
            expected_version=response.version,
        )


def test_an_arabic_report_keeps_its_direction_in_the_english_workspace(
    client_for, officer, arabic_report
):
    page = client_for(officer).get(reverse("responses:detail", args=[arabic_report.pk]))
    html = page.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert f'dir="auto">{ARABIC}' in html


def test_the_portal_marks_the_report_the_comment_and_the_resolution_title(
    client_for, focal_a, arabic_report
):
    client = client_for(focal_a)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("portal:response", args=[arabic_report.pk])).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'dir="auto">{ARABIC}' in html
    assert 'dir="auto">Please give the date of the law.' in html
    with time_machine.travel(IN_CYCLE, tick=False):
        home = client.get(reverse("portal:home")).content.decode()
    assert re.search(r'<span dir="auto">legal protection of migrant workers</span>', home, re.I)
    assert '<span dir="auto">Please give the date of the law.</span>' in home
    form = client.get(reverse("portal:edit", args=[arabic_report.pk])).content.decode()
    assert re.search(r'<textarea name="narrative"[^>]* dir="auto"', form)
    assert re.search(r'<textarea name="reply"[^>]* dir="auto"', form)
