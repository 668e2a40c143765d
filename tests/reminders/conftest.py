"""Reminder fixtures: a cycle-52 resolution shaped like AALCO/RES/52/S 5, focal points."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from memberstates.models import FocalPoint, MemberState, Treaty
from memberstates.roles import FOCAL_POINT
from resolutions.models import Paragraph, Resolution, Session

from ..factories import ParagraphFactory, ResolutionFactory, UserFactory

#: 60 days before the 53rd session opens (15 September 2014).
STEP_60 = datetime.date(2014, 7, 17)
STEP_90 = datetime.date(2014, 6, 17)
STEP_30 = datetime.date(2014, 8, 16)


@pytest.fixture
def res52(reference_data) -> Resolution:
    """Paragraph 1 asks every state to report; paragraph 3 asks non-parties to ratify the ICMW."""
    resolution = ResolutionFactory(
        session=Session.objects.get(number=52),
        symbol="AALCO/RES/52/S 5",
        title="LEGAL PROTECTION OF MIGRANT WORKERS",
        adopted_on=datetime.date(2013, 9, 12),
    )
    ParagraphFactory(
        resolution=resolution,
        number=1,
        addressees=Paragraph.Addressees.ALL,
        text="Requests all Member States to effectively promote and protect the human "
        "rights of all migrants;",
    )
    ParagraphFactory(
        resolution=resolution, number=2, verb="Reaffirms", requests_report=False, addressees="none"
    )
    ParagraphFactory(
        resolution=resolution,
        number=3,
        verb="Encourages",
        addressees=Paragraph.Addressees.NON_PARTIES,
        treaties=[Treaty.objects.get(short_name="ICMW")],
        text="Encourages Member States that have not yet done so to consider ratifying/acceding "
        "to the relevant international legal instruments, particularly the ICMW 1990;",
    )
    return resolution


@pytest.fixture
def make_focal_point(reference_data) -> Callable[..., FocalPoint]:
    def make(
        iso3: str, *, role: str = FocalPoint.Role.MAIN, language: str = "en", email: str = ""
    ) -> FocalPoint:
        email = email or f"{role}.{iso3.lower()}@example.org"
        user = UserFactory(email=email, name=f"{role.title()} {iso3}", role=FOCAL_POINT)
        return FocalPoint.objects.create(
            user=user,
            member_state=MemberState.objects.get(iso3=iso3),
            role=role,
            preferred_language=language,
        )

    return make


@pytest.fixture
def session52(reference_data) -> Session:
    return Session.objects.get(number=52)
