"""The secretariat's side of the review loop (observers read the same pages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_required
from aalco.forms import add_service_errors
from aalco.tabular import download_response
from memberstates.models import TreatyStatus
from memberstates.roles import is_secretariat
from memberstates.selectors import treaty_status_of

from ..exports.response_rows import ResponseListExport
from ..filters import ResponseFilter
from ..forms.portal import ConfirmRatificationForm, ReviewForm
from ..models import Response
from ..selectors.portal import response_queryset, response_versions, submitted_attachment
from ..selectors.reviews import changes_since_review
from ..selectors.reviews import response_list as response_list_selector
from ..services.responses import (
    StaleResponse,
    confirm_ratification,
    default_ratification_source,
    review_response,
)
from .portal import attachment_response


@staff_reader_required
def response_list(request: HttpRequest) -> HttpResponse:
    """Reports by state, resolution, status and cycle; "awaiting review" by default."""
    reports = response_list_selector(data=request.GET)
    page = Paginator(reports.queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "responses/list.html",
        {
            "page_obj": page,
            "reports": reports,
            "filter": reports.filterset,
            "current": reports.filterset.data.get("status"),
            "filters": ResponseFilter.STATUS_CHOICES,
            "breadcrumbs": [(_("Dashboard"), reverse("dashboard")), (_("Reports"), None)],
        },
    )


def _response(pk) -> Response:
    return get_object_or_404(response_queryset(), pk=pk)


@staff_reader_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    response = _response(pk)
    return _detail_page(request, response=response)


def _detail_page(
    request: HttpRequest,
    *,
    response: Response,
    review_form: ReviewForm | None = None,
    ratification_form: ConfirmRatificationForm | None = None,
    status: int = 200,
    read_version: int | None = None,
) -> HttpResponse:
    """The review page; ``read_version`` is the version a stale decision was made on.

    A draft is the state's own until submitted: staff see that it exists and when it was
    last saved, never its content, documents or earlier wording.
    """
    if response.status == Response.Status.DRAFT:
        return _draft_page(request, response=response, status=200 if status == 200 else 400)
    secretariat = is_secretariat(request.user)
    can_review = secretariat and response.is_awaiting_review
    can_confirm = secretariat and response.can_confirm_ratification
    treaty = response.paragraph.treaty
    treaty_status = treaty_status_of(state=response.member_state, treaty=treaty) if treaty else None
    if can_review and review_form is None:
        review_form = ReviewForm(initial={"version": response.version})
    if can_confirm and ratification_form is None:
        ratification_form = _ratification_form(response, treaty_status)
    versions = response_versions(response, include_drafts=False)
    return render(
        request,
        "responses/detail.html",
        {
            "response": response,
            "paragraph": response.paragraph,
            "treaty": treaty,
            "treaty_status": treaty_status,
            "versions": versions,
            "read_version": read_version,
            "changed_since": [v for v in versions if v.record.version > (read_version or 0)]
            if read_version is not None
            else [],
            "since_review": changes_since_review(response),
            "review_form": review_form if can_review else None,
            "ratification_form": ratification_form if can_confirm else None,
            "breadcrumbs": [
                (_("Reports"), reverse("responses:list")),
                (response.reference, None),
            ],
        },
        status=status,
    )


def _draft_page(request: HttpRequest, *, response: Response, status: int) -> HttpResponse:
    """That a draft exists and when it was last saved; never its content."""
    return render(
        request,
        "responses/draft.html",
        {
            "response": response,
            "paragraph": response.paragraph,
            "documents": len(response.attachments.all()),
            "breadcrumbs": [
                (_("Reports"), reverse("responses:list")),
                (f"{response.member_state} — {response.paragraph.label}", None),
            ],
        },
        status=status,
    )


def _ratification_form(response: Response, current: TreatyStatus | None) -> ConfirmRatificationForm:
    """Prefilled from the report: its date and source; accession unless the state signed."""
    return ConfirmRatificationForm(
        initial={
            "version": response.version,
            "consent_date": response.measure_date,
            "consent_type": TreatyStatus.ConsentType.RATIFICATION
            if current and current.signature_date
            else TreatyStatus.ConsentType.ACCESSION,
            "source": default_ratification_source(response),
        }
    )


@require_POST
@secretariat_required
def review(request: HttpRequest, pk) -> HttpResponse:
    response = _response(pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            response = review_response(
                response=response,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleResponse:
            # 409: the decision was made on an older version; the page shows what changed
            # (new content, a document added or removed) and asks again on the new one.
            return _detail_page(
                request,
                response=_response(pk),
                status=409,
                read_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if response.status == Response.Status.ACCEPTED:
                messages.success(request, _("Report accepted. The focal points were told."))
            else:
                messages.success(request, _("Clarification requested. The focal points were told."))
            return redirect("responses:detail", pk=response.pk)
    return _detail_page(request, response=_response(pk), review_form=form, status=400)


@require_POST
@secretariat_required
def confirm(request: HttpRequest, pk) -> HttpResponse:
    response = _response(pk)
    form = ConfirmRatificationForm(request.POST)
    if form.is_valid():
        try:
            status = confirm_ratification(
                response=response,
                user=request.user,
                consent_type=form.cleaned_data["consent_type"],
                consent_date=form.cleaned_data["consent_date"],
                source=form.cleaned_data["source"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleResponse:
            return _detail_page(
                request,
                response=_response(pk),
                status=409,
                read_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(state)s is now recorded as a party to the %(treaty)s (%(status)s).")
                % {
                    "state": response.member_state,
                    "treaty": status.treaty,
                    "status": status.describe(),
                },
            )
            return redirect("responses:detail", pk=response.pk)
    return _detail_page(request, response=_response(pk), ratification_form=form, status=400)


@staff_reader_required
def download(request: HttpRequest, pk) -> FileResponse:
    # A draft's documents are the state's own until it submits the report.
    attachment = submitted_attachment(pk=pk)
    return attachment_response(attachment)


@staff_reader_required
def response_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The listed reports (every page, same filter) as CSV (streamed) or XLSX."""
    reports = response_list_selector(data=request.GET)
    current = reports.filterset.data.get("status") or "all"
    export = ResponseListExport(reports.queryset, base_url=request.build_absolute_uri("/")[:-1])
    filename = f"aalco-reports-{current}-{timezone.localdate().isoformat()}"
    return download_response(export, fmt, filename)
