from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memberstates.roles import focal_point_state, role_of

#: Breadcrumbs of the account pages Django and the sign-in code render without a view of
#: ours to pass them: url name -> label of the page. A view's own breadcrumbs win.
_ACCOUNT_PAGES = {
    "password_change": _("Change your password"),
    "password_change_done": _("Password changed"),
    "otp_setup": _("Two-step sign-in"),
    "otp_verify": _("Two-step sign-in"),
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None, "nav_state": None}
    role = role_of(user)
    context: dict[str, object] = {
        "nav_role": role,
        "nav_state": focal_point_state(user) if role == "focal_point" else None,
    }
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in _ACCOUNT_PAGES and role:
        home = (
            (_("Our reports"), reverse("portal:home"))
            if role == "focal_point"
            else (_("Dashboard"), reverse("dashboard"))
        )
        context["breadcrumbs"] = [home, (_ACCOUNT_PAGES[match.url_name], None)]
    return context
