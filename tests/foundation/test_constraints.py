"""The database refuses what must never happen, whatever code path writes it."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from memberstates.models import MemberState, Treaty, TreatyStatus
from resolutions.models import Response

from ..factories import MemberStateFactory, ParagraphFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_duplicate_iso3_is_refused(reference_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberState.objects.create(name="Another India", iso2="XI", iso3="IND")


def test_lower_case_iso3_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(iso3="abc")


def test_two_responses_for_same_state_paragraph_and_cycle_are_refused(reference_data):
    paragraph = ParagraphFactory()
    india = MemberState.objects.get(iso3="IND")
    cycle = paragraph.resolution.session
    Response.objects.create(member_state=india, paragraph=paragraph, cycle=cycle)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(member_state=india, paragraph=paragraph, cycle=cycle)
    # Another cycle is another report.
    Response.objects.create(member_state=india, paragraph=paragraph, cycle=SessionFactory())


def test_consent_before_signature_is_refused(reference_data):
    status = TreatyStatus.objects.get(member_state__iso3="IND", treaty__short_name="ICMW")
    status.signature_date = datetime.date(2020, 5, 1)
    status.consent_date = datetime.date(2019, 1, 1)
    status.consent_type = TreatyStatus.ConsentType.RATIFICATION
    with pytest.raises(IntegrityError), transaction.atomic():
        status.save()


def test_consent_date_without_its_form_is_refused(reference_data):
    status = TreatyStatus.objects.get(member_state__iso3="IND", treaty__short_name="ICMW")
    status.consent_date = datetime.date(2019, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        status.save()


def test_one_status_per_state_and_treaty(reference_data):
    icmw = Treaty.objects.get(short_name="ICMW")
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyStatus.objects.create(member_state=MemberState.objects.get(iso3="IND"), treaty=icmw)


def test_session_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_date=datetime.date(2030, 9, 9), end_date=datetime.date(2030, 9, 1))


def test_preambular_paragraphs_carry_no_number():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphFactory(kind="preambular", number=3, requests_report=False, addressees="none")
