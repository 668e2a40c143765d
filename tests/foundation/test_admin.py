"""The admin is useful on day one: every model's list, search and add pages open."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import authenticate
from django.urls import reverse

from memberstates.models import MemberState

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, reference_data):
    user = UserFactory(email="root@aalco.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_changelist_search_and_add_pages_open(superuser_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "India"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert superuser_client.get(add).status_code in (200, 403)


def test_member_state_page_shows_treaty_status_inline_and_history(superuser_client):
    india = MemberState.objects.get(iso3="IND")
    page = superuser_client.get(reverse("admin:memberstates_memberstate_change", args=[india.pk]))
    assert page.status_code == 200
    assert b"ICMW" in page.content
    history = superuser_client.get(
        reverse("admin:memberstates_memberstate_history", args=[india.pk])
    )
    assert history.status_code == 200


def test_admin_lists_all_member_states(superuser_client):
    page = superuser_client.get(reverse("admin:memberstates_memberstate_changelist"))
    assert b"47 member states" in page.content


def test_sign_in_with_email_address_in_any_case(rf, reference_data):
    user = UserFactory(email="Officer@AALCO.example", password="a long enough password")
    assert user.email == "officer@aalco.example"
    request = rf.post("/accounts/login/")
    assert (
        authenticate(request, username="OFFICER@aalco.example", password="a long enough password")
        == user
    )
    assert authenticate(request, username="officer@aalco.example", password="wrong") is None
