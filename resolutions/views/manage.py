"""A saved resolution kept by the secretariat: correct it, import it again, withdraw it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required
from aalco.forms import add_service_errors

from ..forms.manage import ParagraphForm, ReimportForm, ResolutionForm, WithdrawForm
from ..models import Paragraph, Resolution
from ..selectors.browse import paragraph_of, resolution_or_404
from ..services.import_preview import ImportRefused
from ..services.resolutions import (
    preview_reimport,
    reimport_resolution,
    restore_resolution,
    update_paragraph,
    update_resolution,
    withdraw_resolution,
)


def _resolution(pk: int) -> Resolution:
    return resolution_or_404(pk=pk)


def _crumbs(resolution: Resolution, here: str) -> list:
    return [
        (_("Resolutions"), reverse("resolutions:list")),
        (resolution.symbol, resolution.get_absolute_url()),
        (here, None),
    ]


def _page(request, template: str, context: dict, form) -> HttpResponse:
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


@secretariat_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(pk)
    form = ResolutionForm(
        request.POST or None,
        initial={
            "title": resolution.title,
            "adopted_on": resolution.adopted_on,
            "deliberated": resolution.deliberated,
            "secretariat_document": resolution.secretariat_document,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_resolution(resolution=resolution, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(symbol)s was corrected.") % {"symbol": resolution})
            return redirect(resolution.get_absolute_url())
    history = list(resolution.history.select_related("history_user").order_by("-history_date")[:20])
    return _page(
        request,
        "resolutions/manage/edit.html",
        {
            "resolution": resolution,
            "form": form,
            "paragraphs": list(resolution.paragraphs.order_by("order")),
            "history": history,
            "breadcrumbs": _crumbs(resolution, _("Correct")),
        },
        form,
    )


@secretariat_required
def edit_paragraph(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    resolution = _resolution(pk)
    paragraph = paragraph_of(resolution=resolution, pk=paragraph_pk)
    form = ParagraphForm(
        request.POST or None,
        initial={
            "text": paragraph.text,
            "requests_report": paragraph.requests_report,
            "addressees": paragraph.addressees,
            "treaties": list(paragraph.treaties.all()),
            "carries_to_session": paragraph.carries_to_session,
        },
        operative=paragraph.kind == Paragraph.Kind.OPERATIVE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_paragraph(paragraph=paragraph, user=request.user, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(paragraph)s was corrected.") % {"paragraph": paragraph})
            return redirect(reverse("resolutions:edit", args=[resolution.pk]))
    return _page(
        request,
        "resolutions/manage/paragraph.html",
        {
            "resolution": resolution,
            "paragraph": paragraph,
            "form": form,
            "has_reports": paragraph.responses.exists(),
            "breadcrumbs": _crumbs(resolution, str(paragraph)),
        },
        form,
    )


@secretariat_required
def reimport(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste the corrected text, see what changes, then confirm (two steps, one form)."""
    resolution = _resolution(pk)
    form = ReimportForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if request.POST.get("confirm"):
                result = reimport_resolution(resolution=resolution, text=text, user=request.user)
                messages.success(
                    request,
                    _("%(symbol)s was imported again: %(count)s changes, every report kept.")
                    % {"symbol": resolution.symbol, "count": len(result.changes)},
                )
                return redirect(resolution.get_absolute_url())
            result = preview_reimport(resolution=resolution, text=text)
        except ImportRefused as exc:
            form.add_error("text", exc.describe())
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _page(
        request,
        "resolutions/manage/reimport.html",
        {
            "resolution": resolution,
            "form": form,
            "result": result,
            "breadcrumbs": _crumbs(resolution, _("Import again")),
        },
        form,
    )


@secretariat_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_resolution(
                resolution=resolution, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(symbol)s is withdrawn: it no longer counts anywhere. You can restore it.")
                % {"symbol": resolution.symbol},
            )
            return redirect(resolution.get_absolute_url())
    return _page(
        request,
        "resolutions/manage/withdraw.html",
        {
            "resolution": resolution,
            "form": form,
            "reports": resolution.paragraphs.filter(responses__isnull=False).count(),
            "breadcrumbs": _crumbs(resolution, _("Withdraw")),
        },
        form,
    )


@require_POST
@secretariat_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(pk)
    try:
        restore_resolution(resolution=resolution, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(symbol)s is restored and counts again.") % {"symbol": resolution.symbol}
        )
    return redirect(resolution.get_absolute_url())
