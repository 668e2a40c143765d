"""Session limits and caching rules for signed-in answers.

- Idle limit: a session unused for ``SESSION_IDLE_MINUTES`` (focal points:
  ``SESSION_IDLE_MINUTES_FOCAL_POINT``) is signed out.
- Absolute limit: ``SESSION_ABSOLUTE_HOURS`` after signing in, whatever happens.
- ``Cache-Control: no-store`` on every answer to a signed-in person and on the API, so a
  shared computer's back button or a proxy keeps no copy of a member state's reports.

The clock starts in ``start_session_clock`` (a ``user_logged_in`` receiver) and lives in the
session already loaded for the request: no extra query; the session is written again at most
once a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen_at"
IDLE_LIMIT = "idle_limit_seconds"
_TOUCH_EVERY = 60


def idle_limit_for(user) -> int:
    from memberstates.roles import focal_point_state

    if focal_point_state(user) is not None:
        return settings.SESSION_IDLE_MINUTES_FOCAL_POINT * 60
    return settings.SESSION_IDLE_MINUTES * 60


def start_session_clock(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver (connected in AalcoConfig.ready)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session[IDLE_LIMIT] = idle_limit_for(user)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        expired = self._expired(request)
        if expired is not None:
            return expired
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        already = "no-store" in response.get("Cache-Control", "")
        if (signed_in or request.path.startswith("/api/")) and not already:
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _expired(request: HttpRequest) -> HttpResponse | None:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        started = session.get(SIGNED_IN_AT)
        last_seen = session.get(LAST_SEEN)
        if not isinstance(started, int) or not isinstance(last_seen, int):
            # A session from before these limits: its clock starts now.
            start_session_clock(None, request, user)
            return None
        idle_limit = session.get(IDLE_LIMIT) or settings.SESSION_IDLE_MINUTES * 60
        too_old = now - started > settings.SESSION_ABSOLUTE_HOURS * 3600
        if too_old or now - last_seen > idle_limit:
            logout(request)
            messages.info(
                request, _("You were signed out to keep your account safe. Sign in again.")
            )
            if request.path.startswith("/api/"):
                return None  # the API answers 403 to the now anonymous request
            login = reverse("login")
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        if now - last_seen >= _TOUCH_EVERY:
            session[LAST_SEEN] = now
        return None
