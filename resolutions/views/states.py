"""Member states: the list, each state's page, and treaty status changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aalco.access import (
    secretariat_required,
    staff_reader_or_focal_point,
)
from aalco.forms import add_service_errors
from aalco.lookups import state_or_404
from memberstates.models import MemberState, Treaty
from memberstates.roles import is_secretariat
from memberstates.selectors import treaty_status_of
from memberstates.services.parties import update_treaty_status

from ..forms.states import TreatyStatusForm
from ..selectors.dashboard import int_or_none
from ..selectors.states import browse_states, state_page


def _state_or_404(iso3: str) -> MemberState:
    return state_or_404(iso3)


def _canonical(request: HttpRequest, iso3: str) -> HttpResponse | None:
    """Codes are upper case in URLs: /states/ind/ moves permanently to /states/IND/."""
    if iso3 != iso3.upper() and iso3.isascii() and iso3.isalpha():
        url = request.path.replace(f"/{iso3}/", f"/{iso3.upper()}/", 1)
        query = request.META.get("QUERY_STRING")
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    return None


#: AALCO's 47 members fit on one page; the UN's 193 take four.
STATES_PAGE_SIZE = 50


def _portal_home(request: HttpRequest, state: MemberState, *args, **kwargs) -> str:
    return reverse("portal:home")


def _portal_if_own(request: HttpRequest, state: MemberState, iso3: str) -> str | None:
    """A focal point's own state's record is its portal; another state's page is a 404."""
    return reverse("portal:home") if iso3.upper() == state.iso3 else None


@staff_reader_or_focal_point(_portal_home)
def state_list(request: HttpRequest) -> HttpResponse:
    browse = browse_states(data=request.GET, today=timezone.localdate())
    # Sorted and counted from tuples for every state; rendered a page at a time.
    page = Paginator(browse.rows, STATES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "states/state_list.html",
        {
            "browse": browse,
            "page_obj": page,
            "filter": browse.filterset,
            "breadcrumbs": [(_("Dashboard"), reverse("dashboard")), (_("Member states"), None)],
        },
    )


@staff_reader_or_focal_point(_portal_if_own)
def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    if response := _canonical(request, iso3):
        return response
    state = _state_or_404(iso3)
    page = state_page(
        state=state, today=timezone.localdate(), cycle_number=int_or_none(request.GET.get("cycle"))
    )
    return render(
        request,
        "states/state_detail.html",
        {
            "page": page,
            "state": state,
            "can_edit": is_secretariat(request.user),
            "breadcrumbs": [
                (_("Dashboard"), reverse("dashboard")),
                (_("Member states"), reverse("states:list")),
                (state.name, None),
            ],
        },
    )


@secretariat_required
def treaty_status_edit(request: HttpRequest, iso3: str, treaty: str) -> HttpResponse:
    if response := _canonical(request, iso3):
        return response
    state = _state_or_404(iso3)
    treaty_obj = get_object_or_404(Treaty, short_name=treaty)
    current = treaty_status_of(state=state, treaty=treaty_obj)
    form = TreatyStatusForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_treaty_status(
                member_state=state,
                treaty=treaty_obj,
                signature_date=data["signature_date"],
                consent_date=data["consent_date"],
                consent_type=data["consent_type"],
                source=data["source"],
                changed_by=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(state)s: %(treaty)s status saved. The previous value is kept in its history.")
                % {"state": state.name, "treaty": treaty_obj.short_name},
            )
            return redirect(reverse("states:detail", args=[state.iso3]) + "#treaties")
    return render(
        request,
        "states/treaty_status_form.html",
        {
            "form": form,
            "state": state,
            "treaty": treaty_obj,
            "current": current,
            "breadcrumbs": [
                (_("Member states"), reverse("states:list")),
                (state.name, reverse("states:detail", args=[state.iso3])),
                (_("%(treaty)s status") % {"treaty": treaty_obj.short_name}, None),
            ],
        },
    )
