"""The secretariat's side of the review loop (observers read the same pages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_required
from memberstates.models import TreatyStatus
from memberstates.roles import is_secretariat

from ..exports.response_rows import ResponseListExport
from ..exports.tabular import download_response
from ..forms.portal import ConfirmRatificationForm, ReviewForm, add_service_errors
from ..models import Attachment, Response
from ..selectors.portal import response_queryset, response_versions
from ..services.responses import (
    StaleResponse,
    can_confirm_ratification,
    confirm_ratification,
    default_ratification_source,
    review_response,
    treaty_of,
)
from .portal import attachment_response

LIST_FILTERS = {
    "submitted": (Response.Status.SUBMITTED,),
    "clarification": (Response.Status.CLARIFICATION_REQUESTED,),
    "accepted": (Response.Status.ACCEPTED,),
    "all": (
        Response.Status.SUBMITTED,
        Response.Status.CLARIFICATION_REQUESTED,
        Response.Status.ACCEPTED,
    ),
}


def _listed(request: HttpRequest) -> tuple[str, QuerySet[Response]]:
    current = request.GET.get("status", "submitted")
    if current not in LIST_FILTERS:
        current = "submitted"
    queryset = (
        Response.objects.filter(status__in=LIST_FILTERS[current])
        .select_related("member_state", "paragraph__resolution")
        .order_by("-submitted_at")
    )
    return current, queryset


@staff_reader_required
def response_list(request: HttpRequest) -> HttpResponse:
    """Reports by status; "submitted" (awaiting review) first."""
    current, queryset = _listed(request)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "responses/list.html",
        {
            "page_obj": page,
            "current": current,
            "filters": [
                ("submitted", _("Awaiting review")),
                ("clarification", _("Clarification requested")),
                ("accepted", _("Accepted")),
                ("all", _("All")),
            ],
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
) -> HttpResponse:
    secretariat = is_secretariat(request.user)
    can_review = secretariat and response.status == Response.Status.SUBMITTED
    can_confirm = secretariat and can_confirm_ratification(response)
    treaty = treaty_of(response.paragraph)
    if can_review and review_form is None:
        review_form = ReviewForm(initial={"version": response.version})
    if can_confirm and ratification_form is None:
        previous = TreatyStatus.objects.filter(
            member_state=response.member_state, treaty=treaty
        ).first()
        ratification_form = ConfirmRatificationForm(
            initial={
                "version": response.version,
                "consent_date": response.measure_date,
                "consent_type": TreatyStatus.ConsentType.RATIFICATION
                if previous and previous.signature_date
                else TreatyStatus.ConsentType.ACCESSION,
                "source": default_ratification_source(response),
            }
        )
    treaty_status = (
        TreatyStatus.objects.filter(member_state=response.member_state, treaty=treaty).first()
        if treaty
        else None
    )
    return render(
        request,
        "responses/detail.html",
        {
            "response": response,
            "paragraph": response.paragraph,
            "treaty": treaty,
            "treaty_status": treaty_status,
            "versions": response_versions(response),
            "review_form": review_form if can_review else None,
            "ratification_form": ratification_form if can_confirm else None,
            "breadcrumbs": [
                (_("Reports"), reverse("responses:list")),
                (f"{response.member_state} — {response.paragraph.label}", None),
            ],
        },
        status=status,
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
        except StaleResponse as stale:
            messages.error(
                request,
                _(
                    "The report changed while you were reading it (now version %(v)d). "
                    "Read the new version before you decide."
                )
                % {"v": stale.current_version},
            )
            return redirect("responses:detail", pk=response.pk)
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
            messages.error(request, _("The report changed meanwhile. Read it, then confirm."))
            return redirect("responses:detail", pk=response.pk)
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
    attachment = get_object_or_404(Attachment, pk=pk)
    return attachment_response(attachment)


@staff_reader_required
def response_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The listed reports (every page, same filter) as CSV (streamed) or XLSX."""
    current, queryset = _listed(request)
    export = ResponseListExport(queryset, base_url=request.build_absolute_uri("/")[:-1])
    filename = f"aalco-reports-{current}-{timezone.localdate().isoformat()}"
    return download_response(export, fmt, filename)
