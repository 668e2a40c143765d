"""Holds a signed-in account at the second-factor page until it has passed it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

#: Set by the sign-in view (resolutions.views.accounts.SignInView); read here from the
#: already-loaded session, so pages cost no extra query.
OTP_PENDING = "otp_pending"
_ALLOWED_URL_NAMES = frozenset({"otp_setup", "otp_verify", "logout"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.session.get(OTP_PENDING):
            return None
        if user.is_verified():
            request.session.pop(OTP_PENDING, None)
            return None
        match = request.resolver_match
        if match is not None and match.url_name in _ALLOWED_URL_NAMES:
            return None
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
