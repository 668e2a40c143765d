"""The secretariat's side of the review loop (observers read the same pages)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_required
from aalco.forms import add_service_errors
from aalco.tabular import download_response
from memberstates.models import Treaty, TreatyStatus
from memberstates.roles import is_secretariat
from memberstates.selectors import treaty_statuses_of

from ..exports.response_rows import ResponseListExport
from ..filters import ResponseFilter
from ..forms.portal import ConfirmRatificationForm, ReviewForm
from ..models import Response
from ..models.treaty_answers import TreatyAnswer
from ..selectors.portal import response_queryset, response_versions, submitted_attachment
from ..selectors.reviews import changes_since_review
from ..selectors.reviews import response_list as response_list_selector
from ..services.responses import (
    StaleResponse,
    confirm_ratification,
    confirm_treaty_ratification,
    default_ratification_source,
    review_response,
    treaties_to_confirm,
)
from .portal import attachment_response


@dataclass(frozen=True)
class TreatyOnReport:
    """One treaty the paragraph names, as the review page shows it."""

    answer: TreatyAnswer
    status: TreatyStatus | None  # the status on record
    form: ConfirmRatificationForm | None  # when its reported ratification awaits confirmation
    action_url: str


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
    ratification_treaty: Treaty | None = None,
    status: int = 200,
    read_version: int | None = None,
) -> HttpResponse:
    """The review page; ``read_version`` is the version a stale decision was made on.

    A draft is the state's own until submitted: staff see that it exists and when it was
    last saved, never its content, documents or earlier wording.
    """
    if response.is_private_draft:
        return _draft_page(request, response=response, status=200 if status == 200 else 400)
    secretariat = is_secretariat(request.user)
    can_review = secretariat and response.is_awaiting_review
    treaty = response.paragraph.treaty
    if can_review and review_form is None:
        review_form = ReviewForm(initial={"version": response.version})
    statuses, treaties = _treaties_on_report(
        response,
        secretariat=secretariat,
        bound_form=ratification_form,
        bound_treaty=ratification_treaty or treaty,
    )
    versions = response_versions(response, include_drafts=False)
    return render(
        request,
        "responses/detail.html",
        {
            "response": response,
            "paragraph": response.paragraph,
            "treaty": treaty,
            "treaty_status": statuses.get(treaty.pk) if treaty else None,
            "treaties": treaties,
            "versions": versions,
            "read_version": read_version,
            "changed_since": [v for v in versions if v.record.version > (read_version or 0)]
            if read_version is not None
            else [],
            "since_review": changes_since_review(response),
            "review_form": review_form if can_review else None,
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


def _treaties_on_report(
    response: Response,
    *,
    secretariat: bool,
    bound_form: ConfirmRatificationForm | None,
    bound_treaty: Treaty | None,
) -> tuple[dict[int, TreatyStatus], list[TreatyOnReport]]:
    """Every treaty the paragraph names: its status on record, and a confirmation form for
    each one the report says the state ratified or acceded to (``bound_form`` for the
    treaty whose confirmation was just refused). Queries: one (the statuses)."""
    statuses = treaty_statuses_of(
        state=response.member_state, treaties=[a.treaty for a in response.treaty_answers]
    )
    to_confirm = {t.pk for t in treaties_to_confirm(response)} if secretariat else set()
    treaties = []
    for answer in response.treaty_answers:
        previous = statuses.get(answer.treaty.pk)
        form = None
        if answer.treaty.pk in to_confirm:
            form = (
                bound_form
                if bound_form is not None
                and bound_treaty is not None
                and bound_treaty.pk == answer.treaty.pk
                else ConfirmRatificationForm(
                    initial={
                        "version": response.version,
                        # Only the first treaty's answer carries the date of the measure.
                        "consent_date": response.measure_date if answer.is_first else None,
                        "consent_type": TreatyStatus.ConsentType.RATIFICATION
                        if previous and previous.signature_date
                        else TreatyStatus.ConsentType.ACCESSION,
                        "source": default_ratification_source(response)
                        if answer.is_first
                        else _("Reported by the focal point of %(state)s")
                        % {"state": response.member_state},
                    }
                )
            )
            if not answer.is_first:
                # Several forms on one page: the same field names, distinct ids.
                form.auto_id = f"id_{answer.treaty.pk}_%s"
        treaties.append(
            TreatyOnReport(
                answer=answer,
                status=previous,
                form=form,
                action_url=reverse("responses:confirm_ratification", args=[response.pk])
                if answer.is_first
                else reverse(
                    "responses:confirm_treaty_ratification",
                    args=[response.pk, answer.treaty.short_name],
                ),
            )
        )
    return statuses, treaties


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
    """Confirm the reported ratification of the paragraph's first treaty."""
    response = _response(pk)
    return _confirm(request, response=response, treaty=response.paragraph.treaty)


@require_POST
@secretariat_required
def confirm_treaty(request: HttpRequest, pk, treaty: str) -> HttpResponse:
    """Confirm the reported ratification of any treaty the paragraph names."""
    response = _response(pk)
    named = next((t for t in response.paragraph.named_treaties if t.short_name == treaty), None)
    if named is None:
        raise Http404("The paragraph names no such treaty.")
    return _confirm(request, response=response, treaty=named)


def _confirm(request: HttpRequest, *, response: Response, treaty: Treaty | None) -> HttpResponse:
    form = ConfirmRatificationForm(request.POST)
    if form.is_valid():
        values = {
            "response": response,
            "user": request.user,
            "consent_type": form.cleaned_data["consent_type"],
            "consent_date": form.cleaned_data["consent_date"],
            "source": form.cleaned_data["source"],
            "expected_version": form.cleaned_data["version"],
        }
        try:
            status = (
                confirm_treaty_ratification(treaty=treaty, **values)
                if treaty is not None
                else confirm_ratification(**values)
            )
        except StaleResponse:
            return _detail_page(
                request,
                response=_response(response.pk),
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
    return _detail_page(
        request,
        response=_response(response.pk),
        ratification_form=form,
        ratification_treaty=treaty,
        status=400,
    )


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
