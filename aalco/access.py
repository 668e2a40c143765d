"""View guards for the three roles. Views still scope their querysets to the user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from aalco.models import User
from memberstates.roles import can_read_all_states, focal_point_state, is_secretariat

View = Callable[..., HttpResponseBase]


class SignedInRequest(HttpRequest):
    """The request a view behind a sign-in guard receives: its user is a User (for mypy)."""

    user: User


def _guard(test: Callable) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: Secretariat only: anything that changes data outside a state's own reports.
secretariat_required = _guard(is_secretariat)
#: Secretariat and observers: read-only pages over all states.
staff_reader_required = _guard(can_read_all_states)
#: Active focal points: their own state's portal.
focal_point_required = _guard(lambda user: focal_point_state(user) is not None)


def staff_reader_or_focal_point(
    portal_url: Callable[..., str | None],
) -> Callable[[View], View]:
    """Staff read the page; a focal point reads its own part of it in the portal.

    ``portal_url(request, state, **kwargs)`` names the portal page that shows what this page
    would show the focal point's state, or None when nothing of it concerns that state
    (a 404, as in the API). Everyone else: 403. See docs/ARCHITECTURE.md, Roles.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if can_read_all_states(request.user):
                return view(request, *args, **kwargs)
            state = focal_point_state(request.user)
            if state is None:
                raise PermissionDenied
            url = portal_url(request, state, *args, **kwargs)
            if url is None:
                raise Http404
            return redirect(url)

        return wrapped

    return decorator
