"""The benchmark data generator: deterministic for a seed, every status, refuses to run twice."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from memberstates.models import MemberState, TreatyStatus
from resolutions.models import Paragraph, Reminder, Resolution, Response
from resolutions.services.bench_data import generate_bench_data, ordinal_words

SMALL = {"states": 60, "sessions": 3, "resolutions_per_session": 4}


class _Rollback(Exception):
    pass


def _snapshot(seed: int) -> dict:
    try:
        with transaction.atomic():
            generate_bench_data(**SMALL, seed=seed)
            snapshot = {
                "states": list(MemberState.objects.order_by("iso3").values_list("iso3", "name")),
                "paragraphs": list(
                    Paragraph.objects.order_by("resolution__symbol", "order").values_list(
                        "resolution__symbol", "text", "requests_report", "addressees"
                    )
                ),
                "responses": sorted(
                    Response.objects.values_list("id", "member_state__iso3", "status", "narrative")
                ),
                "statuses": sorted(
                    TreatyStatus.objects.values_list(
                        "member_state__iso3", "treaty__short_name", "consent_date"
                    )
                ),
                "reminders": Reminder.objects.count(),
            }
            raise _Rollback
    except _Rollback:
        return snapshot


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed_and_differs_across_seeds(reference_data):
    first, again, other = _snapshot(1), _snapshot(1), _snapshot(2)
    assert first == again
    assert first["responses"] != other["responses"]


@pytest.mark.django_db
def test_generator_grows_the_database_to_the_requested_size(reference_data):
    report = generate_bench_data(**SMALL, seed=3)
    assert MemberState.objects.count() == 60
    assert report.counts["resolutions"] == 12
    operative = Paragraph.objects.filter(kind=Paragraph.Kind.OPERATIVE)
    assert operative.count() == 12 * 8
    assert operative.filter(requests_report=True).count() == 12 * 4  # half ask to report
    assert operative.filter(addressees=Paragraph.Addressees.NON_PARTIES).exists()
    assert operative.filter(carries_to_session__isnull=False).count() == 12
    assert set(Response.objects.values_list("status", flat=True)) == set(Response.Status.values)
    assert not Response.objects.filter(status="draft", submitted_at__isnull=False).exists()
    assert Reminder.objects.exists()
    assert TreatyStatus.objects.filter(treaty__short_name="CRPD").count() == 60
    # Responses only from addressed states: no party at adoption answers a non-parties ask.
    for r in Response.objects.filter(
        paragraph__addressees=Paragraph.Addressees.NON_PARTIES
    ).select_related("paragraph__resolution")[:200]:
        treaty_ids = list(r.paragraph.treaties.values_list("pk", flat=True))
        assert not TreatyStatus.objects.filter(
            member_state_id=r.member_state_id,
            treaty_id__in=treaty_ids,
            consent_date__lte=r.paragraph.resolution.adopted_on,
        ).exists()


@pytest.mark.django_db
def test_command_refuses_a_second_run(reference_data):
    call_command("generate_bench_data", states=50, sessions=1, resolutions_per_session=2)
    with pytest.raises(CommandError, match="already here"):
        call_command("generate_bench_data", states=50, sessions=1, resolutions_per_session=2)
    assert Resolution.objects.count() == 2


def test_ordinal_words():
    assert ordinal_words(53) == "Fifty-Third"
    assert ordinal_words(60) == "Sixtieth"
    assert ordinal_words(64) == "Sixty-Fourth"
