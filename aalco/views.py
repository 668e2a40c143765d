from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from memberstates.roles import role_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their work is."""
    role = role_of(request.user)
    if role in ("secretariat", "observer"):
        return redirect("dashboard")
    if role == "focal_point":
        return redirect("portal:home")
    return render(
        request,
        "no_role.html",
        {"message": _("Your account has no role yet. Ask the secretariat to give you one.")},
        status=403,
    )
