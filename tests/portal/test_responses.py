"""Draft → submitted → clarification → resubmitted → accepted, versions, no lost update."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from resolutions.followup import CellStatus, build_follow_up, reporting_paragraphs
from resolutions.models import Notification, Response
from resolutions.selectors.portal import response_versions
from resolutions.services.responses import (
    ResponseContent,
    StaleResponse,
    review_response,
    save_draft,
    submit_response,
)
from tests.factories import ParagraphFactory, ResolutionFactory, SessionFactory


def test_review_loop_keeps_every_version(
    india, focal_a, officer, para3, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = save_draft(
            member_state=india,
            paragraph=para3,
            content=ResponseContent(treaty_action="under_consideration"),
            user=focal_a,
            expected_version=None,
        )
        submitted = submit_response(
            member_state=india,
            paragraph=para3,
            content=ResponseContent(treaty_action="domestic_procedure", narrative="Cabinet note."),
            user=focal_a,
            expected_version=draft.version,
        )
    assert submitted.status == Response.Status.SUBMITTED
    assert submitted.version == 2
    # Receipt to the focal point, a notice to the secretariat's inbox.
    assert [m.to for m in mail.outbox] == [[focal_a.email], [settings.SECRETARIAT_INBOX]]
    assert "Receipt" in mail.outbox[0].subject
    assert str(submitted.pk) in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert reverse("responses:detail", args=[submitted.pk]) in mail.outbox[1].body
    assert Notification.objects.filter(user=focal_a, response=submitted).count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = review_response(
            response=submitted,
            decision="clarification",
            comment="Which ministry leads the procedure?",
            user=officer,
            expected_version=submitted.version,
        )
    assert asked.status == Response.Status.CLARIFICATION_REQUESTED
    assert mail.outbox[0].to == [focal_a.email]
    assert "Which ministry" in mail.outbox[0].body

    resubmitted = submit_response(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(
            treaty_action="domestic_procedure", narrative="The Ministry of Labour leads it."
        ),
        user=focal_a,
        expected_version=asked.version,
    )
    accepted = review_response(
        response=resubmitted,
        decision="accept",
        comment="",
        user=officer,
        expected_version=resubmitted.version,
    )
    assert accepted.status == Response.Status.ACCEPTED
    assert accepted.version == 5

    versions = response_versions(accepted)
    assert [v.record.version for v in versions] == [5, 4, 3, 2, 1]
    assert versions[-1].record.history_user == focal_a
    assert versions[0].record.history_user == officer
    narrative_change = next(c for c in versions[1].changes if c.label == "what the state did")
    assert narrative_change.old == "Cabinet note."
    assert narrative_change.new == "The Ministry of Labour leads it."

    # An accepted report is closed.
    with pytest.raises(ValidationError):
        save_draft(
            member_state=india,
            paragraph=para3,
            content=ResponseContent(treaty_action="signed"),
            user=focal_a,
            expected_version=accepted.version,
        )


def test_concurrent_edit_second_save_refused_with_the_other_version(
    india, focal_a, para1, reference_data
):
    from tests.factories import FocalPointFactory, UserFactory

    alternate = UserFactory(email="alt.india@example.org")
    FocalPointFactory(user=alternate, member_state=india, role="alternate")
    first = save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Start."),
        user=focal_a,
        expected_version=None,
    )
    loaded_by_main = loaded_by_alternate = first.version
    save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Main's text."),
        user=focal_a,
        expected_version=loaded_by_main,
    )
    with pytest.raises(StaleResponse) as exc:
        save_draft(
            member_state=india,
            paragraph=para1,
            content=ResponseContent(narrative="Alternate's text."),
            user=alternate,
            expected_version=loaded_by_alternate,
        )
    assert exc.value.current.narrative == "Main's text."
    assert exc.value.current_version == 2
    stored = Response.objects.get(pk=first.pk)
    assert stored.narrative == "Main's text."
    assert stored.history.count() == 2


def test_concurrent_edit_in_the_browser_forms(india, focal_a, para1, client_for):
    """Two tabs load the same version; the second save gets a 409 showing the first's text."""
    response = save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Start."),
        user=focal_a,
        expected_version=None,
    )
    url = reverse("portal:edit", args=[response.pk])
    tab1, tab2 = client_for(focal_a), client_for(focal_a)
    assert f'value="{response.version}"' in tab1.get(url).content.decode()
    first = tab1.post(url, {"narrative": "Tab one wins.", "version": 1, "action": "save"})
    assert first.status_code == 302
    second = tab2.post(url, {"narrative": "Tab two loses.", "version": 1, "action": "save"})
    assert second.status_code == 409
    page = second.content.decode()
    assert "Tab one wins." in page  # the other version is shown
    assert "Tab two loses." in page  # and the second editor's text is still in the form
    assert "Nothing was overwritten" in page
    assert 'name="version" value="2"' in page
    assert Response.objects.get(pk=response.pk).narrative == "Tab one wins."
    # Saving again from the refreshed version is deliberate and goes through.
    third = tab2.post(url, {"narrative": "Tab two, merged.", "version": 2, "action": "save"})
    assert third.status_code == 302
    assert Response.objects.get(pk=response.pk).version == 3


def test_two_creates_at_once_do_not_duplicate(india, focal_a, para1):
    save_draft(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="First."),
        user=focal_a,
        expected_version=None,
    )
    with pytest.raises(StaleResponse):
        save_draft(
            member_state=india,
            paragraph=para1,
            content=ResponseContent(narrative="Second."),
            user=focal_a,
            expected_version=None,
        )
    assert Response.objects.filter(member_state=india, paragraph=para1).count() == 1


def test_icmw_form_requires_date_and_instrument(india, focal_a, para3, client_for):
    client = client_for(focal_a)
    url = reverse("portal:respond", args=[para3.pk])
    page = client.get(url).content.decode()
    assert "Ratified or acceded" in page
    assert "Domestic procedure under way" in page
    refused = client.post(url, {"treaty_action": "ratified", "action": "submit"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "There is a problem" in text
    assert "Give the date of signature, ratification or accession." in text
    assert "Name the instrument" in text
    assert not Response.objects.filter(member_state=india).exists()


def test_submit_from_the_form_gives_a_receipt(india, focal_a, para3, client_for):
    client = client_for(focal_a)
    posted = client.post(
        reverse("portal:respond", args=[para3.pk]),
        {
            "treaty_action": "ratified",
            "measure_date": "2026-01-15",
            "instrument": "Instrument of accession deposited with the UN Secretary-General",
            "narrative": "",
            "action": "submit",
        },
    )
    response = Response.objects.get(member_state=india, paragraph=para3)
    assert posted["Location"] == reverse("portal:receipt", args=[response.pk])
    receipt = client.get(posted["Location"]).content.decode()
    assert "Report received" in receipt
    assert response.reference in receipt  # a short reference people can quote, not the UUID
    home = client.get(reverse("portal:home")).content.decode()
    assert "Submitted" in home


def test_nul_bytes_refused_with_a_message(india, focal_a, para1, client_for):
    page = client_for(focal_a).post(
        reverse("portal:respond", args=[para1.pk]),
        {"narrative": "copied\x00from a PDF", "action": "save"},
    )
    assert page.status_code == 200
    assert "invisible null characters" in page.content.decode()
    assert not Response.objects.exists()


def test_same_as_last_cycle_prefills_the_matching_paragraph(
    india, focal_a, para3, seed_resolution, client_for, officer
):
    last = submit_response(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(
            treaty_action="under_consideration", narrative="Inter-ministerial."
        ),
        user=focal_a,
        expected_version=None,
    )
    review_response(
        response=last, decision="accept", comment="", user=officer, expected_version=last.version
    )
    # Next session's resolution on the same item: the ICMW paragraph is now number 4.
    nxt = ResolutionFactory(
        session=SessionFactory(number=53),
        topic=seed_resolution.topic,
        symbol="AALCO/RES/53/S 5",
    )
    icmw = para3.treaties.get()
    ParagraphFactory(resolution=nxt, number=2, verb="Requests")
    new_para = ParagraphFactory(
        resolution=nxt,
        number=4,
        verb="Encourages",
        addressees="non_parties",
        treaties=[icmw],
        text="Encourages Member States that have not yet done so to ratify the ICMW;",
    )
    client = client_for(focal_a)
    page = client.get(reverse("portal:respond", args=[new_para.pk])).content.decode()
    assert "Same as last cycle" in page
    filled = client.get(
        reverse("portal:respond", args=[new_para.pk]), {"same_as_last": "1"}
    ).content.decode()
    assert "Copied from the last cycle" in filled
    assert "Inter-ministerial." in filled
    assert 'value="under_consideration" class="choices" required id' in filled or (
        'value="under_consideration"' in filled and "checked" in filled
    )


def test_clarification_request_needs_a_comment(submitted_b, officer):
    with pytest.raises(ValidationError):
        review_response(
            response=submitted_b,
            decision="clarification",
            comment=" ",
            user=officer,
            expected_version=submitted_b.version,
        )


def test_review_of_a_stale_version_is_refused(submitted_b, officer, focal_b, philippines, para1):
    submit_response(
        member_state=philippines,
        paragraph=para1,
        content=ResponseContent(narrative="Corrected figures."),
        user=focal_b,
        expected_version=submitted_b.version,
    )
    with pytest.raises(StaleResponse):
        review_response(
            response=submitted_b,
            decision="accept",
            comment="",
            user=officer,
            expected_version=submitted_b.version,
        )


def test_secretariat_review_page_flow(submitted_b, officer, observer, client_for):
    url = reverse("responses:detail", args=[submitted_b.pk])
    assert "Record the decision" not in client_for(observer).get(url).content.decode()
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "Record the decision" in page
    refused = client.post(
        reverse("responses:review", args=[submitted_b.pk]),
        {"decision": "clarification", "comment": "", "version": submitted_b.version},
    )
    assert refused.status_code == 400
    assert "Say what the state should clarify: they will read this." in refused.content.decode()
    done = client.post(
        reverse("responses:review", args=[submitted_b.pk]),
        {"decision": "accept", "comment": "Thank you.", "version": submitted_b.version},
    )
    assert done.status_code == 302
    submitted_b.refresh_from_db()
    assert submitted_b.status == Response.Status.ACCEPTED
    follow_up = build_follow_up(reporting_paragraphs().filter(pk=submitted_b.paragraph_id))
    cell = follow_up.paragraphs[0].cells[submitted_b.member_state_id]
    assert cell.status == CellStatus.ACCEPTED


def test_notifications_list_and_mark_read(submitted_b, focal_b, client_for):
    client = client_for(focal_b)
    page = client.get(reverse("portal:notifications")).content.decode()
    assert "Receipt" in page
    assert "Mark 1 as read" in page
    client.post(reverse("portal:notifications"))
    assert not Notification.objects.filter(user=focal_b, read_at__isnull=True).exists()


def test_receipt_and_review_notice_go_through_the_outbox_with_their_report(
    india, focal_a, officer, para3, django_capture_on_commit_callbacks
):
    from aalco.models import OutboundEmail

    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_response(
            member_state=india,
            paragraph=para3,
            content=ResponseContent(treaty_action="domestic_procedure", narrative="Cabinet note."),
            user=focal_a,
            expected_version=None,
        )
        review_response(
            response=submitted,
            decision="accept",
            comment="",
            user=officer,
            expected_version=submitted.version,
        )
    rows = OutboundEmail.objects.filter(response=submitted).order_by("pk")
    assert [(e.kind, e.to, e.status) for e in rows] == [
        ("receipt", [focal_a.email], "sent"),
        ("notice", [settings.SECRETARIAT_INBOX], "sent"),
        ("notice", [focal_a.email], "sent"),
    ]
    assert len(mail.outbox) == 3
