"""Shared fixtures: AALCO's reference data, named personas, and the seed resolution.

Personas (as healthchecks' Alice/Bob/Charlie): `officer` (secretariat), `observer`,
`focal_a` (main focal point of India, not an ICMW party), `focal_b` (main focal point of the
Philippines, a party), and the anonymous visitor (the plain `client`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from memberstates.models import FocalPoint, MemberState
from memberstates.roles import FOCAL_POINT, OBSERVER, SECRETARIAT
from resolutions.services.reference import load_reference_data

from .factories import PASSWORD, UserFactory

SEED_PATH = (
    Path(__file__).resolve().parent.parent
    / "resolutions"
    / "data"
    / "seeds"
    / "AALCO_RES_52_S_5.txt"
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Loaded once, committed: every test that rolls back sees it without paying for it.
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db) -> None:
    """AALCO's 47 member states, sessions, the ICMW and its status.

    Tests on `transactional_db` flush the database afterwards, so reload when it is gone.
    """
    if not MemberState.objects.exists():
        load_reference_data()


@pytest.fixture
def officer(reference_data):
    return UserFactory(email="officer@aalco.example", name="Secretariat Officer", role=SECRETARIAT)


@pytest.fixture
def observer(reference_data):
    return UserFactory(email="watcher@aalco.example", name="Observer", role=OBSERVER)


def _focal_point(iso3: str, email: str):
    user = UserFactory(email=email, name=f"Focal point {iso3}", role=FOCAL_POINT)
    FocalPoint.objects.create(
        user=user, member_state=MemberState.objects.get(iso3=iso3), role=FocalPoint.Role.MAIN
    )
    return user


@pytest.fixture
def focal_a(reference_data):
    """Main focal point of India: not a party to the ICMW."""
    return _focal_point("IND", "fp.india@example.org")


@pytest.fixture
def focal_b(reference_data):
    """Main focal point of the Philippines: a party to the ICMW since 1995."""
    return _focal_point("PHL", "fp.philippines@example.org")


@pytest.fixture
def client_for() -> Callable[..., Client]:
    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def seed_resolution(reference_data, seed_text):
    """AALCO/RES/52/S 5 imported through the real import service."""
    from resolutions.services.imports import import_resolution

    return import_resolution(text=seed_text)


@pytest.fixture(autouse=True)
def _english_until_a_test_says_otherwise():
    """A page served in Arabic leaves Arabic active in the thread: each test starts in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
