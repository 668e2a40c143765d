"""The sign-in attacks an outside tester reproduced, each kept closed by a test.

Second factor (item 1), lockout by person rather than spelling and reset throttling
(item 2), and the over-long username (item 7).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from memberstates.roles import SECRETARIAT
from tests.factories import PASSWORD, UserFactory

START = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def required(settings):
    settings.REQUIRE_SECRETARIAT_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def _sign_in(client: Client, user, *, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.email, "password": password, **extra})


def _verify(client: Client, device: TOTPDevice, *, skip: int = 0):
    # django-otp accepts each 30-second step once: later steps for later verifications.
    with time_machine.travel(datetime.timedelta(seconds=35 * (skip + 1))):
        return client.post(reverse("otp_verify"), {"token": _code(device), "next": "/"})


def _fully_signed_in(client: Client) -> bool:
    page = client.get(reverse("focal_points"))
    return page.status_code == 200


# --- Item 1: the second factor has no way around it ------------------------------------


@time_machine.travel(START, tick=False)
def test_password_alone_cannot_enrol_a_new_authenticator(officer, required):
    victim_device = _device(officer)
    attacker = Client()
    signed = _sign_in(attacker, officer)
    assert signed["Location"].startswith(reverse("otp_verify"))

    setup = attacker.get(reverse("otp_setup"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("otp_verify"))
    assert 'data-testid="otp-secret"' not in setup.content.decode()
    # Nor can a secret seen elsewhere be confirmed through the setup page.
    attacker.post(reverse("otp_setup"), {"token": "123456"})
    assert list(TOTPDevice.objects.filter(user=officer)) == [victim_device]
    assert not _fully_signed_in(attacker)


@time_machine.travel(START, tick=False)
def test_first_enrolment_still_works_while_the_second_step_is_owed(
    officer, required, django_capture_on_commit_callbacks
):
    client = Client()
    assert _sign_in(client, officer)["Location"].startswith(reverse("otp_setup"))
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("otp_setup"), {"token": _code(device), "next": "/"})
    # Recovery codes are shown once, straight after the first device is confirmed.
    assert done["Location"].startswith(reverse("otp_recovery_codes"))
    codes_page = client.get(done["Location"]).content.decode()
    static = StaticDevice.objects.get(user=officer)
    codes = list(static.token_set.values_list("token", flat=True))
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    assert not any(code in client.get(done["Location"]).content.decode() for code in codes)
    assert _fully_signed_in(client)
    assert [m.subject for m in mail.outbox if "sign-in" in m.subject.lower()]


@time_machine.travel(START, tick=False)
def test_recovery_code_signs_in_once(officer, required):
    _device(officer)
    static = StaticDevice.objects.create(user=officer, name="Recovery codes")
    static.token_set.create(token="abcd2345")
    first = Client()
    _sign_in(first, officer)
    used = first.post(reverse("otp_verify"), {"token": "abcd2345", "next": "/"})
    assert used.status_code == 302 and _fully_signed_in(first)
    second = Client()
    _sign_in(second, officer)
    with time_machine.travel(datetime.timedelta(seconds=10)):
        again = second.post(reverse("otp_verify"), {"token": "abcd2345", "next": "/"})
    assert again.status_code == 200 and not _fully_signed_in(second)


@time_machine.travel(START, tick=False)
def test_adding_a_device_needs_a_fresh_password_or_code(
    officer, required, django_capture_on_commit_callbacks
):
    device = _device(officer)
    client = Client()
    _sign_in(client, officer)
    _verify(client, device)
    assert _fully_signed_in(client)
    # Hours later the session is still good, but not to add a device without re-confirming.
    with time_machine.travel(datetime.timedelta(minutes=30)):
        page = client.get(reverse("otp_setup"))
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("otp_reauthenticate"))
        wrong = client.post(page["Location"], {"secret": "not my password"})
        assert wrong.status_code == 200
        again = client.post(page["Location"], {"secret": PASSWORD})
        assert again.status_code == 302
        mail.outbox.clear()
        setup = client.get(reverse("otp_setup"))
        assert setup.status_code == 200
        new = TOTPDevice.objects.get(user=officer, confirmed=False)
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(reverse("otp_setup"), {"token": _code(new)})
        assert done.status_code == 302
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 2
    assert mail.outbox and mail.outbox[0].to == [officer.email]


@time_machine.travel(START, tick=False)
def test_session_still_owing_the_code_cannot_reach_device_pages(officer, required):
    device = _device(officer)
    attacker = Client()
    _sign_in(attacker, officer)
    for url in (
        reverse("otp_devices"),
        reverse("otp_reauthenticate"),
        reverse("otp_remove_device", args=[device.pk]),
    ):
        response = attacker.post(url, {"secret": PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@time_machine.travel(START, tick=False)
def test_removing_a_device_needs_a_fresh_password_or_code(officer, required):
    device, spare = _device(officer), _device(officer)
    client = Client()
    _sign_in(client, officer)
    _verify(client, device)
    with time_machine.travel(datetime.timedelta(minutes=30)):
        url = reverse("otp_remove_device", args=[spare.pk])
        refused = client.post(url)
        assert refused["Location"].startswith(reverse("otp_reauthenticate"))
        assert TOTPDevice.objects.filter(pk=spare.pk).exists()
        client.post(reverse("otp_reauthenticate"), {"secret": PASSWORD})
        removed = client.post(url)
        assert removed["Location"] == reverse("otp_devices")
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()


@time_machine.travel(START, tick=False)
def test_device_page_lists_only_ones_own_devices(officer, required):
    mine = _device(officer)
    other = UserFactory(email="other.officer@aalco.example", role=SECRETARIAT)
    theirs = _device(other)
    client = Client()
    _sign_in(client, officer)
    _verify(client, mine)
    page = client.get(reverse("otp_devices"))
    assert page.status_code == 200
    assert reverse("otp_remove_device", args=[mine.pk]) in page.content.decode()
    assert reverse("otp_remove_device", args=[theirs.pk]) not in page.content.decode()
    client.post(reverse("otp_reauthenticate"), {"secret": PASSWORD})
    assert client.post(reverse("otp_remove_device", args=[theirs.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


@pytest.fixture
def staff_officer(reference_data):
    return UserFactory(
        email="root.officer@aalco.example", role=SECRETARIAT, is_staff=True, is_superuser=True
    )


@time_machine.travel(START, tick=False)
def test_admin_login_does_not_sign_in_on_a_password(staff_officer, required):
    _device(staff_officer)
    client = Client()
    posted = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff_officer.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert not _fully_signed_in(client)


def test_admin_login_sends_people_to_the_app_sign_in(client):
    page = client.get("/admin/login/?next=/admin/resolutions/")
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('login')}?next=%2Fadmin%2Fresolutions%2F"


@time_machine.travel(START, tick=False)
def test_admin_needs_the_verified_second_factor_where_required(staff_officer, required):
    client = Client()
    client.force_login(staff_officer)  # a session made outside the sign-in page
    held = client.get("/admin/")
    assert held.status_code == 302
    assert held["Location"].startswith((reverse("otp_verify"), reverse("otp_setup")))


@time_machine.travel(START, tick=False)
def test_admin_opens_after_sign_in_with_code(staff_officer, required):
    device = _device(staff_officer)
    client = Client()
    _sign_in(client, staff_officer, next="/admin/")
    _verify(client, device)
    assert client.get("/admin/").status_code == 200


# --- Item 2: lockout counts the person, not the spelling -------------------------------


def test_lockout_holds_whatever_the_case_of_the_email(observer, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, observer, password="wrong")
    other_case = client.post(
        reverse("login"), {"username": observer.email.capitalize(), "password": PASSWORD}
    )
    assert other_case.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guesses_spread_over_case_variants_lock(observer, settings):
    client = Client(REMOTE_ADDR="203.0.113.8")
    local, domain = observer.email.split("@")
    variants = [
        local.upper() + "@" + domain,
        local.capitalize() + "@" + domain.upper(),
        " " + observer.email + " ",
        observer.email.swapcase(),
        local + "@" + domain.capitalize(),
        local[:2].upper() + local[2:] + "@" + domain,
        observer.email.title(),
        observer.email,
    ]
    codes = [
        client.post(reverse("login"), {"username": v, "password": "guess"}).status_code
        for v in variants * 4
    ]
    assert 429 in codes
    first = codes.index(429)
    assert first <= settings.AXES_FAILURE_LIMIT
    assert set(codes[first:]) == {429}


def _reset(client: Client, email: str):
    # The reset email goes through the outbox: delivered once the request's work commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_password_reset_is_throttled_per_address(observer):
    answers = {
        _reset(Client(REMOTE_ADDR=f"198.51.100.{i}"), observer.email)["Location"] for i in range(20)
    }
    assert answers == {reverse("password_reset_done")}
    assert 1 <= len(mail.outbox) <= 3


def test_password_reset_is_throttled_per_client(reference_data):
    client = Client(REMOTE_ADDR="198.51.100.50")
    people = [UserFactory(email=f"person{i}@aalco.example") for i in range(20)]
    for person in people:
        assert _reset(client, person.email)["Location"] == reverse("password_reset_done")
    assert 1 <= len(mail.outbox) <= 10


def test_password_reset_counts_the_person_not_the_spelling(observer):
    for i in range(10):
        variant = observer.email.upper() if i % 2 else observer.email
        _reset(Client(REMOTE_ADDR=f"198.51.100.{100 + i}"), variant)
    assert len(mail.outbox) <= 3


def test_password_reset_does_not_tell_who_has_an_account(observer):
    known = _reset(Client(REMOTE_ADDR="192.0.2.1"), observer.email)
    unknown = _reset(Client(REMOTE_ADDR="192.0.2.2"), "nobody@aalco.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


# --- Item 7 (sign-in part): an over-long username --------------------------------------


def test_very_long_username_gives_a_form_error(db):
    client = Client(REMOTE_ADDR="192.0.2.30")
    page = client.post(reverse("login"), {"username": "a" * 100_000, "password": "x"})
    assert page.status_code == 200
    assert "error-summary" in page.content.decode()
    assert "Enter an email address of at most 254 characters" in page.content.decode()
