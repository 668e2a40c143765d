"""The second factor: enrolment, recovery codes, removal, and re-confirming who is there.

Rules:
- while the second step is owed, only an account with no confirmed device may enrol one;
- adding or removing a device needs a verified session and a password or code given within
  ``TWO_FACTOR_REAUTH_MINUTES``; the person is emailed when a device is added;
- recovery codes are django-otp static tokens, each good once, shown once.
"""

from __future__ import annotations

import secrets

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aalco.emails import absolute_url, send_templated_email
from memberstates.roles import is_secretariat

#: Session keys. REAUTH_AT: epoch seconds of the last password or code given in this session.
REAUTH_AT = "second_factor_reauth_at"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def has_confirmed_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def second_factor_required(user) -> bool:
    """A confirmed device always counts; the setting adds the secretariat's and admin accounts."""
    if has_confirmed_device(user):
        return True
    return settings.REQUIRE_SECRETARIAT_2FA and (user.is_staff or is_secretariat(user))


def mark_reauthenticated(*, session) -> None:
    session[REAUTH_AT] = int(timezone.now().timestamp())


def recently_reauthenticated(*, session) -> bool:
    at = session.get(REAUTH_AT)
    if not isinstance(at, int):
        return False
    age = timezone.now().timestamp() - at
    return 0 <= age <= settings.TWO_FACTOR_REAUTH_MINUTES * 60


def check_password_or_code(*, request: HttpRequest, user, secret: str) -> bool:
    """True when ``secret`` is the account's password or a current authenticator code.

    The password goes through ``authenticate`` so the lockout counts a wrong one.
    """
    secret = secret.strip()
    if secret.isdigit() and len(secret) == 6:
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            if device.verify_token(secret):
                return True
        return False
    checked = authenticate(request, username=user.email, password=secret)
    return checked is not None and checked.pk == user.pk


def enrolment_device(*, user, device_id: int | None) -> TOTPDevice:
    """The unconfirmed device this session is pairing, or a new one with a fresh secret."""
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device
    # Secrets from earlier, abandoned attempts are never shown again.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def confirm_device(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a paired device with its first code.

    Returns the new recovery codes when the account had none (to show once), an empty list
    when it already had some, and None when the code is wrong.
    """
    if not device.verify_token(token.strip()):
        return None
    user = device.user
    with transaction.atomic():
        others = TOTPDevice.objects.filter(user=user, confirmed=True).count()
        device.confirmed = True
        device.name = _("Authenticator app %(number)s") % {"number": others + 1}
        device.save(update_fields=["confirmed", "name"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = [] if _has_recovery_codes(user) else create_recovery_codes(user=user)
        # In the same transaction: the notice exists if, and only if, the device does.
        send_templated_email(
            template="device-added",
            to=[user.email],
            context={
                "user": user,
                "device": device,
                "added_at": timezone.now(),
                "link": absolute_url("/accounts/two-factor/"),
            },
        )
    return codes


def _has_recovery_codes(user) -> bool:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()


def create_recovery_codes(*, user) -> list[str]:
    """Replace the account's recovery codes with a new set; returns them (shown once)."""
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Recovery codes", "confirmed": True}
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remove_device(*, user, device_id: int) -> TOTPDevice:
    """Delete one of the account's authenticators (TOTPDevice.DoesNotExist if not theirs).

    The last one cannot go while the account must use a second factor; with no
    authenticator left, the recovery codes go too.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device_id, user=user)
        remaining = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
        if not remaining.exists():
            if settings.REQUIRE_SECRETARIAT_2FA and (user.is_staff or is_secretariat(user)):
                raise ValidationError(
                    _("Your account must keep a second step. Add another authenticator first.")
                )
            StaticDevice.objects.filter(user=user).delete()
        device.delete()
    return device


def devices_of(*, user) -> dict:
    """The account's authenticators and how many unused recovery codes it has (two queries)."""
    return {
        "devices": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
