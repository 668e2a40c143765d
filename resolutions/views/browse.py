"""The resolutions: a filtered list (with downloads) and each resolution's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_or_focal_point, staff_reader_required
from aalco.tabular import download_response
from memberstates.roles import is_secretariat

from ..followup import CellStatus
from ..models import Resolution
from ..selectors.browse import (
    ResolutionListExport,
    browse_resolutions,
    resolution_or_404,
    resolution_page,
)
from ..selectors.dashboard import int_or_none
from ..selectors.paragraph_states import ParagraphStatesExport, paragraph_states
from ..selectors.portal import addressed_resolution_ids
from ..services.reminders import send_reminders_now
from ..services.translations import translated_texts

PAGE_SIZE = 25


def _portal_home(request: HttpRequest, state, *args, **kwargs) -> str:
    return reverse("portal:home")


def _portal_if_addressed(request: HttpRequest, state, pk: int) -> str | None:
    """The portal lists the resolutions addressed to the state; others are not its business."""
    return reverse("portal:home") if pk in addressed_resolution_ids(state=state) else None


@staff_reader_or_focal_point(_portal_home)
def resolution_list(request: HttpRequest) -> HttpResponse:
    browse = browse_resolutions(data=request.GET)
    page = Paginator(browse.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "browse": browse,
            "filter": browse.filterset,
            "page_obj": page,
            "breadcrumbs": [(_("Dashboard"), reverse("dashboard")), (_("Resolutions"), None)],
        },
    )


@staff_reader_required
def resolution_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The filtered list (every page) as CSV or XLSX; same filters as the list."""
    browse = browse_resolutions(data=request.GET)
    export = ResolutionListExport(browse.rows, base_url=request.build_absolute_uri("/")[:-1])
    filename = f"aalco-resolutions-{timezone.localdate().isoformat()}"
    return download_response(export, fmt, filename)


def reader_translation(resolution: Resolution, page, language: str | None) -> dict | None:
    """The official translation in the reader's language, paragraph by paragraph, if any."""
    texts = translated_texts(resolution=resolution, language=(language or "")[:2])
    if not texts:
        return None
    return {
        "language": (language or "")[:2],
        "preambular": [texts.get(v.paragraph.pk, "") for v in page.preambular],
        "operative": [(v.paragraph, texts.get(v.paragraph.pk, "")) for v in page.operative],
    }


@staff_reader_or_focal_point(_portal_if_addressed)
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_or_404(pk=pk)
    number = int_or_none(request.GET.get("p"))
    shown = {number: request.GET.get("status", "")} if number is not None else {}
    page = resolution_page(resolution=resolution, shown=shown)
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "page": page,
            "resolution": resolution,
            "translation": reader_translation(resolution, page, get_language()),
            "can_translate": is_secretariat(request.user),
            "cell_labels": CellStatus.LABELS,
            "can_remind": is_secretariat(request.user),
            "breadcrumbs": [
                (_("Dashboard"), reverse("dashboard")),
                (_("Resolutions"), reverse("resolutions:list")),
                (resolution.symbol, None),
            ],
        },
    )


def _paragraph_url(resolution: Resolution, number: int, status: str) -> str:
    url = reverse("resolutions:detail", args=[resolution.pk])
    query = f"?p={number}&status={status}" if status else ""
    return f"{url}{query}#reports-{number}"


@staff_reader_required
def paragraph_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponseBase:
    """The states of one paragraph, as filtered on the page, for a spreadsheet."""
    resolution = get_object_or_404(Resolution, pk=pk)
    states = paragraph_states(
        resolution=resolution, number=number, status=request.GET.get("status", "")
    )
    slug = resolution.symbol.replace("/", "-").replace(" ", "")
    filename = f"{slug}-para{number}-{states.status or 'all'}"
    return download_response(ParagraphStatesExport(states), fmt, filename)


@require_POST
@secretariat_required
def paragraph_remind(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """ "Remind these states": the listed states that have not reported, through the
    reminder ledger (a state already reminded at today's step is refused, not mailed twice)."""
    resolution = resolution_or_404(pk=pk)
    states = paragraph_states(
        resolution=resolution, number=number, status=request.POST.get("status", "")
    )
    back = redirect(_paragraph_url(resolution, number, states.status))
    if not states.owing:
        messages.info(request, _("Every state in this list has reported: nobody to remind."))
        return back
    result = send_reminders_now(
        member_states=states.owing, cycle=resolution.session, by=request.user
    )
    if result.queued:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(n)d state. The reminder log shows when it is sent.",
                "Reminders are on their way to %(n)d states. The reminder log shows when they "
                "are sent.",
                len(result.queued),
            )
            % {"n": len(result.queued)},
        )
    for state, reason in result.refused:
        messages.warning(request, f"{state.name}: {reason}")
    return back
