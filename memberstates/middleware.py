"""Holds a signed-in account at the second-factor page until it has passed it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

#: Set at every sign-in (``hold_for_second_factor`` below, whatever the sign-in path) for an
#: account that owes its code; read here from the already-loaded session, so pages cost no
#: extra query.
OTP_PENDING = "otp_pending"
_ALLOWED_URL_NAMES = frozenset({"otp_setup", "otp_verify", "logout"})


def hold_for_second_factor(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a session that still owes the second step is marked.

    Connected in MemberStatesConfig.ready, so the admin, an invitation or a test's
    force_login are held the same way as the sign-in page.
    """
    from .services.two_factor import second_factor_required

    if request is None or not hasattr(request, "session"):
        return
    verified = getattr(user, "is_verified", None)
    if callable(verified) and verified():
        return
    if second_factor_required(user):
        request.session[OTP_PENDING] = True
    else:
        request.session.pop(OTP_PENDING, None)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if not request.session.get(OTP_PENDING):
            if match is not None and match.app_name == "admin":
                return self._admin(request, user)
            return None
        if user.is_verified():
            request.session.pop(OTP_PENDING, None)
            return None
        if match is not None and match.url_name in _ALLOWED_URL_NAMES:
            return None
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _admin(request: HttpRequest, user):
        """The admin asks for the verified second factor wherever one is required.

        Checked here on every admin page (not only at sign-in): a session made by any other
        path is held too. Costs the device lookups on admin pages only.
        """
        from .services.two_factor import second_factor_required

        if user.is_verified() or not second_factor_required(user):
            return None
        request.session[OTP_PENDING] = True
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
