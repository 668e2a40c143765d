"""Treaties: the list, a page per treaty, and loading a treaty's status from the UNTC table."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aalco.access import secretariat_required, staff_reader_required
from aalco.forms import add_service_errors
from memberstates.models import Treaty
from memberstates.roles import is_secretariat
from memberstates.selectors import treaty_named
from memberstates.treaty_import import apply_treaty_status, preview_treaty_status

from ..forms.treaties import TreatyStatusLoadForm
from ..selectors.treaties import treaty_list, treaty_page

# The table between the preview and the confirmation: small (2 MB at most), one per user.
PENDING_KEY = "treaty_status_load"


def _crumbs(*items):
    return [
        (_("Dashboard"), reverse("dashboard")),
        (_("Treaties"), reverse("treaties:list")),
        *items,
    ]


@staff_reader_required
def treaties_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "treaties/list.html",
        {
            "treaties": treaty_list(),
            "can_edit": is_secretariat(request.user),
            "breadcrumbs": [(_("Dashboard"), reverse("dashboard")), (_("Treaties"), None)],
        },
    )


@staff_reader_required
def treaty_detail(request: HttpRequest, short_name: str) -> HttpResponse:
    treaty = get_object_or_404(Treaty, short_name=short_name)
    return render(
        request,
        "treaties/detail.html",
        {
            "page": treaty_page(treaty=treaty),
            "treaty": treaty,
            "can_edit": is_secretariat(request.user),
            "breadcrumbs": _crumbs((treaty.short_name, None)),
        },
    )


def _preview_or_error(form: TreatyStatusLoadForm, pending: dict):
    try:
        return preview_treaty_status(
            short_name=pending["short_name"],
            data=pending["data"],
            source=pending["source"],
            title=pending["title"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@secretariat_required
def treaty_status_load(request: HttpRequest) -> HttpResponse:
    """Upload → preview of every change with its source → confirm (one transaction)."""
    initial = {}
    if short_name := request.GET.get("treaty", ""):
        treaty = treaty_named(short_name)
        if treaty:
            initial = {"short_name": treaty.short_name, "source": treaty.url}
    form = TreatyStatusLoadForm(initial=initial)
    preview = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(PENDING_KEY)
        if not pending:
            messages.error(request, _("The preview has expired: choose the file again."))
            return redirect("treaties:load")
        preview = _preview_or_error(form, pending)
        if preview is not None:
            treaty = apply_treaty_status(preview=preview, changed_by=request.user)
            del request.session[PENDING_KEY]
            messages.success(
                request,
                _("%(treaty)s: %(new)d statuses recorded, %(changed)d changed.")
                % {
                    "treaty": treaty.short_name,
                    "new": preview.count("new"),
                    "changed": preview.count("changed"),
                },
            )
            return redirect("treaties:detail", treaty.short_name)
    elif request.method == "POST":
        form = TreatyStatusLoadForm(request.POST, request.FILES)
        if form.is_valid():
            pending = {
                "short_name": form.cleaned_data["short_name"],
                "title": form.cleaned_data["title"],
                "source": form.cleaned_data["source"],
                "data": form.cleaned_data["table"].decode("utf-8-sig", errors="replace"),
            }
            preview = _preview_or_error(form, pending)
            if preview is not None:
                request.session[PENDING_KEY] = pending
    return render(
        request,
        "treaties/load.html",
        {
            "form": form,
            "preview": preview,
            "breadcrumbs": _crumbs((_("Load a participant table"), None)),
        },
    )
