"""A reported ratification, confirmed in one step, makes the state a party."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from memberstates.models import MemberState, Treaty, TreatyStatus
from resolutions.followup import CellStatus, build_follow_up, reporting_paragraphs
from resolutions.models import Response
from resolutions.services.responses import (
    ResponseContent,
    confirm_ratification,
    submit_response,
)
from tests.factories import ParagraphFactory, ResolutionFactory, SessionFactory

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def reported(india, focal_a, para3):
    return submit_response(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(
            treaty_action="ratified",
            measure_date=datetime.date(2026, 3, 2),
            instrument="Instrument of accession deposited with the UN Secretary-General",
        ),
        user=focal_a,
        expected_version=None,
    )


@time_machine.travel(TODAY, tick=False)
def test_confirmation_updates_treaty_status_with_history_and_drops_the_state(
    reported, officer, india, para3
):
    icmw = Treaty.objects.get(short_name="ICMW")
    assert india in MemberState.objects.not_party_to(icmw, on=datetime.date(2026, 11, 25))
    before = TreatyStatus.objects.get(member_state=india, treaty=icmw).history.count()

    # A resolution adopted after the ratification: India is not addressed any more. Before the
    # confirmation it is.
    later = ParagraphFactory(
        resolution=ResolutionFactory(
            session=SessionFactory(number=64, year=2026, start_date=datetime.date(2026, 4, 6)),
            adopted_on=datetime.date(2026, 4, 9),
        ),
        addressees="non_parties",
        treaties=[icmw],
    )
    states = MemberState.objects.active()
    follow = build_follow_up(reporting_paragraphs().filter(pk=later.pk), states)
    assert india.pk in follow.paragraphs[0].cells

    status = confirm_ratification(
        response=reported,
        user=officer,
        consent_type=TreatyStatus.ConsentType.ACCESSION,
        consent_date=datetime.date(2026, 3, 2),
        source="Reported by India: instrument of accession, 2 March 2026; UNTC notice",
        expected_version=reported.version,
    )
    assert status.consent_date == datetime.date(2026, 3, 2)
    assert status.consent_type == "accession"
    assert "UNTC notice" in status.source
    history = status.history.order_by("history_id")
    assert history.count() == before + 1
    assert history.last().history_user == officer
    assert history.last().history_change_reason == f"Confirmed from response {reported.pk}"

    reported.refresh_from_db()
    assert reported.status == Response.Status.ACCEPTED
    assert reported.treaty_status_confirmed_at is not None
    assert india not in MemberState.objects.not_party_to(icmw, on=datetime.date(2026, 11, 25))

    follow = build_follow_up(reporting_paragraphs().filter(pk=later.pk), states)
    assert india.pk not in follow.paragraphs[0].cells  # no longer an ICMW addressee
    seed = build_follow_up(reporting_paragraphs().filter(pk=para3.pk), states)
    assert seed.paragraphs[0].cells[india.pk].status in CellStatus.SETTLED


def test_only_reported_ratifications_can_be_confirmed(submitted_b, officer):
    with pytest.raises(ValidationError):
        confirm_ratification(
            response=submitted_b,
            user=officer,
            consent_type="ratification",
            consent_date=datetime.date(2026, 1, 1),
            source="x",
            expected_version=submitted_b.version,
        )


@time_machine.travel(TODAY, tick=False)
def test_confirm_in_one_step_from_the_review_page(reported, officer, client_for, india):
    client = client_for(officer)
    page = client.get(reverse("responses:detail", args=[reported.pk])).content.decode()
    assert "Confirm ratification" in page
    assert "Instrument of accession deposited" in page  # the source is pre-filled
    done = client.post(
        reverse("responses:confirm_ratification", args=[reported.pk]),
        {
            "consent_type": "accession",
            "consent_date": "2026-03-02",
            "source": "Instrument of accession reported 2 March 2026",
            "version": reported.version,
        },
    )
    assert done.status_code == 302
    assert TreatyStatus.objects.get(member_state=india, treaty__short_name="ICMW").is_party
    page = client.get(reverse("responses:detail", args=[reported.pk])).content.decode()
    assert "Confirm ratification" not in page
    assert "Accession 02 March 2026" in page


@time_machine.travel(TODAY, tick=False)
def test_a_confirmed_consent_is_checked_by_the_treaty_status_rules(reported, officer, india):
    """Confirming goes through the same rules as editing the status: no date in the future."""
    with pytest.raises(ValidationError) as refused:
        confirm_ratification(
            response=reported,
            user=officer,
            consent_type=TreatyStatus.ConsentType.ACCESSION,
            consent_date=datetime.date(2026, 12, 1),
            source="UNTC notice",
            expected_version=reported.version,
        )
    assert refused.value.message_dict == {"consent_date": ["This date is in the future."]}
    reported.refresh_from_db()
    assert reported.treaty_status_confirmed_at is None
