"""The second factor's pages: pair an authenticator, enter the code, manage devices.

The rules live in services.two_factor; these views hold the order of the steps:
- while the code is owed (OTP_PENDING), only an account with no confirmed device may pair
  one, and no device page opens;
- adding or removing a device needs a verified session and a password or code given in
  the last TWO_FACTOR_REAUTH_MINUTES.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from functools import wraps

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms.two_factor import ReauthenticateForm, TokenForm, VerifyForm
from ..middleware import OTP_PENDING
from ..services import two_factor

#: Session keys: the device being paired, and recovery codes waiting to be shown once.
SETUP_DEVICE = "otp_setup_device"
CODES_TO_SHOW = "otp_recovery_codes"


def next_url(request: HttpRequest, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _to(name: str, then: str) -> HttpResponse:
    return redirect(f"{reverse(name)}?{urlencode({'next': then})}")


def _owes_code(request: HttpRequest) -> bool:
    """The session has not given the code its account needs (pending, or never asked)."""
    if request.session.get(OTP_PENDING):
        return True
    return two_factor.has_confirmed_device(request.user) and not request.user.is_verified()  # type: ignore[union-attr]  # django-otp's middleware adds is_verified


def verified_session_required(view):
    """Device pages: only for a session that has fully signed in."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _owes_code(request):
            return _to("otp_verify", request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def fresh_proof_required(view):
    """Adding or removing a device: a password or code given in the last few minutes."""

    @verified_session_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not two_factor.recently_reauthenticated(session=request.session):
            then = request.get_full_path() if request.method == "GET" else reverse("otp_devices")
            return _to("otp_reauthenticate", then)
        return view(request, *args, **kwargs)

    return wrapped


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: scan the code, type the 6 digits it shows."""
    pending = bool(request.session.get(OTP_PENDING))
    if two_factor.has_confirmed_device(request.user):
        # Never a new secret for a password alone: the code comes first, then a fresh proof.
        if _owes_code(request):
            return _to("otp_verify", next_url(request))
        if not two_factor.recently_reauthenticated(session=request.session):
            return _to("otp_reauthenticate", request.get_full_path())
    elif not pending and not two_factor.recently_reauthenticated(session=request.session):
        return _to("otp_reauthenticate", request.get_full_path())
    device = two_factor.enrolment_device(
        user=request.user, device_id=request.session.get(SETUP_DEVICE)
    )
    request.session[SETUP_DEVICE] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_device(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.pop(SETUP_DEVICE, None)
            django_otp.login(request, device)
            request.session.pop(OTP_PENDING, None)
            messages.success(request, _("Two-step sign-in is on for your account."))
            if codes:
                request.session[CODES_TO_SHOW] = codes
                return _to("otp_recovery_codes", next_url(request))
            return redirect(next_url(request, default="otp_devices"))
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            # Generated by qrcode from our own URL: safe to inline.
            "qr_svg": mark_safe(qr.to_string(encoding="unicode")),
            "secret": b32encode(unhexlify(device.key)).decode(),
            "next": next_url(request),
            "required": pending,
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step at sign-in: a code from the app, or one recovery code."""
    if not two_factor.has_confirmed_device(request.user):
        return _to("otp_setup", next_url(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            request.session.pop(OTP_PENDING, None)
            two_factor.mark_reauthenticated(session=request.session)
            if device.persistent_id.startswith("otp_static"):
                left = two_factor.devices_of(user=request.user)["recovery_codes_left"]
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s are left. "
                        "If your phone is lost, pair a new one and remove the old one."
                    )
                    % {"left": left},
                )
            return redirect(next_url(request))
        form.add_error("token", _("That code is not right, or it has expired. Try the new one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url(request)})


@verified_session_required
def otp_reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm it is still you before a device is added or removed."""
    form = ReauthenticateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.check_password_or_code(
            request=request, user=request.user, secret=form.cleaned_data["secret"]
        ):
            two_factor.mark_reauthenticated(session=request.session)
            return redirect(next_url(request, default="otp_devices"))
        form.add_error("secret", _("That is not your password or a current code."))
    return render(
        request,
        "accounts/otp_reauthenticate.html",
        {
            "form": form,
            "next": next_url(request, default="otp_devices"),
            "breadcrumbs": [
                (_("Two-step sign-in"), reverse("otp_devices")),
                (_("Confirm it is you"), None),
            ],
        },
    )


@verified_session_required
def otp_devices(request: HttpRequest) -> HttpResponse:
    """The account's authenticators and recovery codes."""
    return render(
        request,
        "accounts/otp_devices.html",
        {
            **two_factor.devices_of(user=request.user),
            "breadcrumbs": [(_("Two-step sign-in"), None)],
        },
    )


@require_POST
@fresh_proof_required
def otp_remove_device(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        device = two_factor.remove_device(user=request.user, device_id=pk)
    except TOTPDevice.DoesNotExist:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": device.name})
    return redirect("otp_devices")


@require_POST
@fresh_proof_required
def otp_new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_confirmed_device(request.user):
        return redirect("otp_devices")
    request.session[CODES_TO_SHOW] = two_factor.create_recovery_codes(user=request.user)
    return redirect("otp_recovery_codes")


@login_required
def otp_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once: the page forgets them as it shows them."""
    codes = request.session.pop(CODES_TO_SHOW, None)
    if not codes:
        return redirect("otp_devices")
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {
            "codes": codes,
            "next": next_url(request, default="otp_devices"),
            "breadcrumbs": [
                (_("Two-step sign-in"), reverse("otp_devices")),
                (_("Recovery codes"), None),
            ],
        },
    )
