"""The resolutions: a filtered list (with downloads) and each resolution's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aalco.access import staff_reader_or_focal_point, staff_reader_required
from memberstates.roles import is_secretariat

from ..exports.tabular import download_response
from ..followup import CellStatus
from ..models import Resolution
from ..selectors.browse import ResolutionListExport, browse_resolutions, resolution_page
from ..selectors.portal import addressed_resolution_ids
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
def resolution_download(request: HttpRequest, fmt: str) -> HttpResponse:
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
        "language": language[:2],
        "preambular": [texts.get(v.paragraph.pk, "") for v in page.preambular],
        "operative": [(v.paragraph, texts.get(v.paragraph.pk, "")) for v in page.operative],
    }


@staff_reader_or_focal_point(_portal_if_addressed)
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution.objects.select_related("session", "topic"), pk=pk)
    page = resolution_page(resolution=resolution)
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "page": page,
            "resolution": resolution,
            "translation": reader_translation(resolution, page, get_language()),
            "can_translate": is_secretariat(request.user),
            "cell_labels": CellStatus.LABELS,
            "breadcrumbs": [
                (_("Dashboard"), reverse("dashboard")),
                (_("Resolutions"), reverse("resolutions:list")),
                (resolution.symbol, None),
            ],
        },
    )
