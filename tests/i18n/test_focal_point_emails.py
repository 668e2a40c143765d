"""A focal point's emails speak their preferred language, whatever language the sender uses.

French and Arabic come from the catalogues committed in ``locale/`` (compiled .mo files: CI
has no msgfmt); English is the default, also for a user who is not a focal point.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from memberstates.models import FocalPoint, MemberState
from memberstates.services.invitations import invite_focal_point, resend_invitation
from resolutions.models import Paragraph, Reminder
from resolutions.services.notifications import language_for
from resolutions.services.reminders import preview_reminder, send_reminder_now
from resolutions.services.responses import ResponseContent, review_response, submit_response

pytestmark = pytest.mark.django_db

#: French typography: a non-breaking space before a colon (subjects have a plain one).
NBSP = "\u00a0"
#: The 30-day step of cycle 52: the 53rd session opens in Tehran on 15 September 2014.
STEP_30 = datetime.datetime(2014, 8, 16, 6, 0, tzinfo=datetime.UTC)
INVITED = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


def _speaks(user, language: str) -> FocalPoint:
    FocalPoint.objects.filter(user=user).update(preferred_language=language)
    return FocalPoint.objects.select_related("member_state").get(user=user)


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def _para(resolution, number: int) -> Paragraph:
    return resolution.paragraphs.get(kind="operative", number=number)


# --- Reminders ---------------------------------------------------------------------------------


def test_a_french_focal_points_reminder_is_in_french(seed_resolution, focal_a):
    india = _speaks(focal_a, "fr").member_state
    # The secretariat officer previewing it works in English: the email does not follow them.
    with translation.override("en"):
        email = preview_reminder(member_state=india, cycle=seed_resolution.session, step=30)

    assert email.language == "fr"
    assert email.subject == (
        "Rappel de l'AALCO : India, rapports attendus au plus tard le 16 août 2014"
    )
    for phrase in [
        "À l'attention de Focal point IND — Madame, Monsieur,",
        "La prochaine session annuelle de l'AALCO (53e session, Tehran) "
        "s'ouvrira le 15 septembre 2014.",
        "Le Secrétariat n'a pas encore reçu les rapports de votre État (India) "
        f"sur les 2 paragraphes suivants{NBSP}:",
        # The treaty is data (its short name and year), the sentence around it translated.
        "Ratification du traité ICMW 1990 ou adhésion à celui-ci",
        "Nous vous saurions gré de bien vouloir faire rapport au plus tard le 16 août 2014.",
        "Secrétariat de l'AALCO, New Delhi",
    ]:
        assert phrase in email.text
    assert "Nous vous saurions gré de bien vouloir faire rapport" in email.html
    assert '<html lang="fr" dir="ltr">' in email.html
    assert "Dear" not in email.text and "Please report" not in email.text


def test_an_arabic_focal_points_reminder_is_in_arabic_and_right_to_left(seed_resolution, focal_a):
    india = _speaks(focal_a, "ar").member_state
    email = preview_reminder(member_state=india, cycle=seed_resolution.session, step=30)

    assert email.language == "ar"
    assert email.subject == "تذكير من آلكو: India، آخر موعد لتقديم التقارير 16 أغسطس 2014"
    # Two paragraphs: Arabic's dual, not its plural.
    assert "لم تتلقَّ الأمانة بعدُ تقريرَي دولتكم (India) بشأن الفقرتين التاليتين:" in email.text
    assert "يُرجى التفضل بموافاة الأمانة بالتقارير المطلوبة في موعد أقصاه 16 أغسطس 2014." in (
        email.text
    )
    assert '<html lang="ar" dir="rtl">' in email.html
    assert "السيد/السيدة Focal point IND المحترم(ة)،" in email.html


def test_an_english_focal_points_reminder_stays_english(seed_resolution, focal_a):
    india = _speaks(focal_a, "en").member_state
    # Even when whoever triggers it is browsing in French.
    with translation.override("fr"):
        email = preview_reminder(member_state=india, cycle=seed_resolution.session, step=30)

    assert email.language == "en"
    assert email.subject == "AALCO reminder: India, reports due by 16 August 2014"
    assert "Dear Focal point IND," in email.text
    assert "Please report by 16 August 2014." in email.text
    assert '<html lang="en" dir="ltr">' in email.html


def test_the_sent_reminder_is_in_the_focal_points_language(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = _speaks(focal_a, "fr").member_state
    with (
        time_machine.travel(STEP_30, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminder = send_reminder_now(member_state=india, cycle=seed_resolution.session, by=officer)
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    [message] = mail.outbox
    assert message.to == [focal_a.email]
    assert message.subject.startswith("Rappel de l'AALCO : India")
    assert "16 août 2014" in message.subject
    assert "Le Secrétariat n'a pas encore reçu" in message.body
    assert '<html lang="fr" dir="ltr">' in _html(message)
    # The ledger keeps what was sent.
    assert reminder.subject == message.subject


# --- Invitations -------------------------------------------------------------------------------


def _invite(officer, *, iso3: str, email: str):
    return invite_focal_point(
        member_state=MemberState.objects.get(iso3=iso3),
        email=email,
        name="Awa Diop",
        role=FocalPoint.Role.MAIN,
        invited_by=officer,
    )


@time_machine.travel(INVITED, tick=False)
def test_an_invitation_is_in_the_focal_points_language(
    officer, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_MAX_AGE = datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(officer, iso3="SEN", email="pf.senegal@diplomatie.example")
    # A new focal point has no preference yet: English.
    assert mail.outbox[0].subject == "Your invitation: AALCO Follow-up focal point for Senegal"

    focal_point = invitation.focal_point
    focal_point.preferred_language = FocalPoint.Language.FRENCH
    focal_point.save(update_fields=["preferred_language"])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        resend_invitation(focal_point=focal_point, invited_by=officer)

    message = mail.outbox[1]
    assert message.subject == ("Votre invitation : point focal de Senegal pour le Suivi AALCO")
    for phrase in [
        "À l'attention de Awa Diop — Madame, Monsieur,",
        "Le Secrétariat de l'AALCO vous invite à rendre compte, au nom de votre État (Senegal), "
        "de la suite donnée aux résolutions de l'AALCO (Point focal principal).",
        f"Veuillez ouvrir ce lien pour choisir votre mot de passe et vous connecter{NBSP}:",
        "Ce lien n'est utilisable qu'une seule fois, jusqu'au 16 novembre 2026.",
    ]:
        assert phrase in message.body
    html = _html(message)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Choisir votre mot de passe" in html
    assert "Organisation juridique consultative pour les pays d'Asie et d'Afrique" in html


def test_an_arabic_invitation_is_right_to_left(officer, django_capture_on_commit_callbacks):
    invitation = _invite(officer, iso3="EGY", email="fp.egypt@mfa.example")
    focal_point = invitation.focal_point
    focal_point.preferred_language = FocalPoint.Language.ARABIC
    focal_point.save(update_fields=["preferred_language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(focal_point=focal_point, invited_by=officer)

    [message] = mail.outbox
    assert message.subject == "دعوتكم: جهة الاتصال لدولة Egypt في منصة متابعة قرارات آلكو"
    assert "(جهة الاتصال الرئيسية)" in message.body
    html = _html(message)
    assert '<html lang="ar" dir="rtl">' in html
    assert "اختيار كلمة المرور" in html


# --- Receipt and review ------------------------------------------------------------------------


def test_the_receipt_and_the_review_are_in_french_the_secretariats_notice_in_english(
    seed_resolution, focal_a, officer, django_capture_on_commit_callbacks
):
    india = _speaks(focal_a, "fr").member_state
    para3 = _para(seed_resolution, 3)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submitted = submit_response(
            member_state=india,
            paragraph=para3,
            content=ResponseContent(treaty_action="domestic_procedure", narrative="Note."),
            user=focal_a,
            expected_version=None,
        )

    receipt, notice = mail.outbox
    assert receipt.to == [focal_a.email]
    assert receipt.subject == ("Accusé de réception : India, rapport relatif à AALCO/RES/52/S 5 ¶3")
    for phrase in [
        "Le Secrétariat de l'AALCO a bien reçu votre rapport.",
        f"État{NBSP}: India",
        f"Paragraphe{NBSP}: AALCO/RES/52/S 5 ¶3",
        f"Référence{NBSP}: {submitted.reference}",
        f"Mesure relative au traité{NBSP}: Procédure interne en cours",
        "Le Secrétariat l'examinera et pourra vous demander des précisions.",
    ]:
        assert phrase in receipt.body
    html = _html(receipt)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Consulter votre accusé de réception" in html
    # The secretariat's own notice stays in English.
    assert notice.subject.startswith("New report from India")

    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        review_response(
            response=submitted,
            decision="accept",
            comment="",
            user=officer,
            expected_version=submitted.version,
        )
    [reviewed] = mail.outbox
    assert reviewed.subject == "Votre rapport relatif à AALCO/RES/52/S 5 ¶3 a été accepté"
    assert (
        "Le Secrétariat de l'AALCO a accepté votre rapport relatif à AALCO/RES/52/S 5 ¶3 "
        "et vous en remercie." in reviewed.body
    )
    assert '<html lang="fr" dir="ltr">' in _html(reviewed)


def test_a_user_without_a_focal_point_row_gets_english(officer, focal_a):
    assert language_for(officer) == "en"
    _speaks(focal_a, "ar")
    assert language_for(focal_a) == "ar"
