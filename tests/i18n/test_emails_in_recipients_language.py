"""Every email in its recipient's language, whoever causes it and in whatever language they
are working: the sent reminder in Arabic and in French (both parts), with the resolution's
words in their official translation where the secretariat attached one, and marked as
English where they are quoted as adopted; the secretariat's own notices in English; a
review notice in the focal point's language, in the inbox and in the portal."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from memberstates.models import FocalPoint
from resolutions.models import Notification, Reminder
from resolutions.services.notifications import language_for
from resolutions.services.reminders import send_reminder_now
from resolutions.services.responses import ResponseContent, review_response, submit_response
from resolutions.services.translations import read_translation, save_translation

pytestmark = pytest.mark.django_db

#: The 30-day step of cycle 52: the 53rd session opens in Tehran on 15 September 2014.
STEP_30 = datetime.datetime(2014, 8, 16, 6, 0, tzinfo=datetime.UTC)


def _speaks(user, language: str):
    FocalPoint.objects.filter(user=user).update(preferred_language=language)
    return FocalPoint.objects.select_related("member_state").get(user=user).member_state


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def _send(state, cycle, officer, capture):
    # The officer works in English: the email does not follow them.
    with (
        time_machine.travel(STEP_30, tick=False),
        capture(execute=True),
        translation.override("en"),
    ):
        reminder = send_reminder_now(member_state=state, cycle=cycle, by=officer)
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    [message] = mail.outbox
    return message


def _attach_arabic(resolution, user) -> None:
    preamble = resolution.paragraphs.filter(kind="preambular").count()
    operative = resolution.paragraphs.filter(kind="operative").order_by("order")
    lines = ["قرار", *(f"ديباجة {i + 1}" for i in range(preamble))]
    lines += [f"{p.number}. النص العربي الرسمي للفقرة {p.number}" for p in operative]
    preview = read_translation(resolution=resolution, language="ar", text="\n\n".join(lines))
    save_translation(preview=preview, user=user)


def test_a_sent_reminder_in_arabic_is_arabic_and_right_to_left_in_both_parts(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = _speaks(focal_a, "ar")
    message = _send(india, seed_resolution.session, officer, django_capture_on_commit_callbacks)
    assert message.subject.startswith("تذكير من آلكو: India")
    assert "يُرجى التفضل بموافاة الأمانة بالتقارير المطلوبة في موعد أقصاه 16 أغسطس 2014." in (
        message.body
    )
    html = _html(message)
    assert '<html lang="ar" dir="rtl">' in html
    assert "يُرجى التفضل بموافاة الأمانة" in html
    assert "Please report" not in message.body and "Please report" not in html
    # No official translation: the paragraph is quoted as adopted, marked English and left
    # to right inside the Arabic email.
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=3)
    assert '<blockquote lang="en" dir="ltr"' in html
    assert paragraph.text[:40] in message.body


def test_a_reminder_quotes_the_official_arabic_translation_where_there_is_one(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    _attach_arabic(seed_resolution, officer)
    india = _speaks(focal_a, "ar")
    message = _send(india, seed_resolution.session, officer, django_capture_on_commit_callbacks)
    assert "النص العربي الرسمي للفقرة 3" in message.body
    html = _html(message)
    assert "النص العربي الرسمي للفقرة 3" in html
    assert '<blockquote lang="ar" dir="rtl"' in html
    original = seed_resolution.paragraphs.get(kind="operative", number=3).text
    assert original[:40] not in message.body


def test_a_sent_reminder_in_french_is_french_in_both_parts(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = _speaks(focal_a, "fr")
    message = _send(india, seed_resolution.session, officer, django_capture_on_commit_callbacks)
    assert message.subject == (
        "Rappel de l'AALCO : India, rapports attendus au plus tard le 16 août 2014"
    )
    for part in (message.body, _html(message)):
        assert "Nous vous saurions gré de bien vouloir faire rapport" in part
        assert "Secrétariat de l'AALCO, New Delhi" in part
        assert "Please report" not in part
    assert '<html lang="fr" dir="ltr">' in _html(message)
    assert '<blockquote lang="en" dir="ltr"' in _html(message)  # the resolution as adopted


def test_the_language_kept_on_the_account_decides_too(officer, focal_a):
    # A secretariat officer who chose Arabic on the switcher has no focal point row.
    type(officer).objects.filter(pk=officer.pk).update(language="ar")
    officer.refresh_from_db()
    assert language_for(officer) == "ar"
    assert language_for(focal_a) == "en"


def test_a_french_focal_points_report_sends_french_receipt_and_english_notice(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = _speaks(focal_a, "fr")
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=3)
    # The focal point works in French: the secretariat's inbox still reads English.
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        submitted = submit_response(
            member_state=india,
            paragraph=paragraph,
            content=ResponseContent(treaty_action="domestic_procedure", narrative="Note."),
            user=focal_a,
            expected_version=None,
        )
    receipt, notice = mail.outbox
    assert receipt.subject.startswith("Accusé de réception")
    assert notice.subject.startswith("New report from India")
    assert '<html lang="en" dir="ltr">' in _html(notice)
    assert "Nouveau" not in notice.body

    # The officer reviews in English: the focal point is told in French, in the inbox and in
    # the portal's notifications.
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        review_response(
            response=submitted,
            decision="clarification",
            comment="Please give the date.",
            user=officer,
            expected_version=submitted.version,
        )
    [reviewed] = mail.outbox
    assert "précisions" in reviewed.subject or "préciser" in reviewed.subject
    latest = Notification.objects.filter(user=focal_a).order_by("-created_at").first()
    assert latest.subject == reviewed.subject
