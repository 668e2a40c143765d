"""The focal point's portal: their state's reports and nothing else.

Every object is fetched through the state of the signed-in focal point first
(``focal_point_state``); another state's response or attachment id is a 404.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import focal_point_required
from aalco.forms import add_service_errors
from memberstates.models import MemberState
from memberstates.roles import focal_point_state

from ..figures_cache import cached_html
from ..forms.portal import ResponseForm, UploadForm
from ..models import Paragraph, Response
from ..selectors.portal import (
    attachment_of_state,
    portal_overview,
    reporting_paragraph,
    response_of_state,
    response_to_paragraph,
    state_treaty_record,
)
from ..services import attachments as attachment_service
from ..services import notifications
from ..services.responses import (
    ResponseContent,
    StaleResponse,
    is_addressed,
    prefill_from_previous_cycle,
    save_draft,
    submit_response,
)


def _state(request: HttpRequest) -> MemberState:
    state = focal_point_state(request.user)
    assert state is not None  # focal_point_required guarantees it
    return state


@focal_point_required
def home(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    today = timezone.localdate()

    def reports() -> str:
        return render_to_string(
            "portal/_home_reports.html",
            {
                "state": state,
                "overview": portal_overview(state=state, today=today, pages=request.GET),
                "treaty_record": state_treaty_record(state=state),
            },
            request=request,
        )

    # The state's figures are the same for each of its focal points: kept per state, day
    # and page. The notifications are the person's own: read for every request.
    pages = _portal_pages(request.GET)
    html = reports() if pages is None else cached_html("portal", [state.pk, today, *pages], reports)
    recent = list(notifications.notifications_for(user=request.user)[:5])
    # Our own template's output, escaped when it was rendered.
    reports_html = mark_safe(html)
    return render(
        request,
        "portal/home.html",
        {
            "state": state,
            "reports": reports_html,
            "recent_notifications": recent,
            "unread_count": notifications.unread_count(user=request.user),
            "breadcrumbs": [(_("Our reports"), None)],
        },
    )


#: The portal's page numbers per section; its links repeat any other parameter.
_PAGES = ("due", "overdue", "answered")
_PAGE_VALUE = re.compile(r"^\d{0,3}$")


def _portal_pages(query) -> list[str] | None:
    """The key parts of a portal URL, or None when its HTML is not worth keeping."""
    if any(name not in _PAGES or len(query.getlist(name)) > 1 for name in query):
        return None
    values = [query.get(name, "") for name in _PAGES]
    if not all(_PAGE_VALUE.match(v) for v in values):
        return None
    return [f"{name}={value}" for name, value in zip(_PAGES, values, strict=True)]


@focal_point_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = request.POST.getlist("notification") or None
        count = notifications.mark_read(user=request.user, notification_ids=ids)
        if count:
            messages.success(request, _("Marked as read."))
        return redirect("portal:notifications")
    page = Paginator(notifications.notifications_for(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/notifications.html",
        {
            "page_obj": page,
            "unread_count": notifications.unread_count(user=request.user),
            "breadcrumbs": [(_("Our reports"), reverse("portal:home")), (_("Notifications"), None)],
        },
    )


def _addressed_paragraph(state: MemberState, paragraph_id: int) -> Paragraph:
    paragraph = reporting_paragraph(pk=paragraph_id)
    if not is_addressed(paragraph=paragraph, member_state=state):
        raise Http404
    return paragraph


@focal_point_required
def respond(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    """Start the state's report on a paragraph (or continue it if one exists)."""
    state = _state(request)
    paragraph = _addressed_paragraph(state, paragraph_id)
    if (
        request.method == "GET"
        and (response := response_to_paragraph(state=state, paragraph=paragraph)) is not None
    ):
        target = reverse("portal:edit", args=[response.pk])
        if request.GET.get("same_as_last"):
            target += "?same_as_last=1"
        return redirect(target)
    return _edit_page(request, state=state, paragraph=paragraph, response=None)


@focal_point_required
def edit(request: HttpRequest, pk) -> HttpResponse:
    state = _state(request)
    response = response_of_state(state=state, pk=pk)
    if not response.is_editable:
        messages.info(request, _("This report was accepted: it can no longer be changed."))
        return redirect("portal:response", pk=response.pk)
    return _edit_page(request, state=state, paragraph=response.paragraph, response=response)


def _edit_page(
    request: HttpRequest, *, state: MemberState, paragraph: Paragraph, response: Response | None
) -> HttpResponse:
    submitting = request.POST.get("action") == "submit"
    answering = response is not None and response.status == Response.Status.CLARIFICATION_REQUESTED
    conflict: Response | None = None
    prefilled_from: Response | None = None
    if request.method == "POST":
        form = ResponseForm(
            request.POST,
            request.FILES,
            paragraph=paragraph,
            submitting=submitting,
            answering=answering,
        )
        if form.is_valid():
            try:
                saved = _save(request, state=state, paragraph=paragraph, form=form)
            except StaleResponse as stale:
                conflict = stale.current
                _show_conflict(form, conflict)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if saved.status == Response.Status.SUBMITTED and submitting:
                    return redirect("portal:receipt", pk=saved.pk)
                messages.success(request, _("Draft saved. It is not yet sent to the secretariat."))
                return redirect("portal:response", pk=saved.pk)
    else:
        initial, prefilled_from = _initial(
            request, state=state, paragraph=paragraph, response=response
        )
        form = ResponseForm(initial=initial, paragraph=paragraph, answering=answering)
    last_cycle = (
        None
        if response is not None and not response.is_private_draft
        else prefill_from_previous_cycle(member_state=state, paragraph=paragraph)
    )
    return render(
        request,
        "portal/response_form.html",
        {
            "form": form,
            "paragraph": paragraph,
            "response": response,
            "treaty": paragraph.treaty,
            "conflict": conflict,
            "prefilled_from": prefilled_from,
            "last_cycle": last_cycle[1] if last_cycle else None,
            "state": state,
            "breadcrumbs": [(_("Our reports"), reverse("portal:home")), (paragraph.label, None)],
        },
        status=409 if conflict else 200,
    )


def _show_conflict(form: ResponseForm, conflict: Response) -> None:
    """Someone saved first: say so above the form, which keeps this editor's text."""
    # The next save is deliberate: it starts from the version now on record.
    form.data = data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["version"] = str(conflict.version)
    form.add_error(
        None,
        _(
            "%(name)s saved this report while you were editing it (now version "
            "%(version)d). Nothing was overwritten: their text is shown below and "
            "yours is still in the form. Compare, then save again."
        )
        % {"name": conflict.updated_by or _("Someone"), "version": conflict.version},
    )


def _initial(
    request: HttpRequest, *, state: MemberState, paragraph: Paragraph, response: Response | None
) -> tuple[dict, Response | None]:
    """The form's first values: the report as saved, or last cycle's when asked for."""
    initial = {}
    if response is not None:
        initial = {**ResponseContent.of(response).as_fields(), "version": response.version}
    if not request.GET.get("same_as_last"):
        return initial, None
    found = prefill_from_previous_cycle(member_state=state, paragraph=paragraph)
    if found is None:
        messages.info(request, _("There is no report from the last cycle to copy."))
        return initial, None
    content, prefilled_from = found
    initial.update(content.as_fields())
    return initial, prefilled_from


def _save(request: HttpRequest, *, state: MemberState, paragraph: Paragraph, form) -> Response:
    arguments = {
        "member_state": state,
        "paragraph": paragraph,
        "content": form.content(),
        "user": request.user,
        "expected_version": form.cleaned_data.get("version"),
    }
    # Content, then the document, in one transaction: a refused save stores no file.
    with transaction.atomic():
        if request.POST.get("action") == "submit":
            saved = submit_response(**arguments, reply=form.cleaned_data.get("reply", ""))
        else:
            saved = save_draft(**arguments)
        if upload := form.cleaned_data.get("attachment"):
            attachment_service.add_attachment(response=saved, upload=upload, user=request.user)
    return saved


@focal_point_required
def response_detail(request: HttpRequest, pk) -> HttpResponse:
    state = _state(request)
    response = response_of_state(state=state, pk=pk)
    return _response_page(request, response=response, upload_form=UploadForm())


def _response_page(
    request: HttpRequest, *, response: Response, upload_form: UploadForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/response_detail.html",
        {
            "response": response,
            "paragraph": response.paragraph,
            "treaty": response.paragraph.treaty,
            "upload_form": upload_form,
            "editable": response.is_editable,
            "breadcrumbs": [
                (_("Our reports"), reverse("portal:home")),
                (response.paragraph.label, None),
            ],
        },
        status=status,
    )


@require_POST
@focal_point_required
def submit(request: HttpRequest, pk) -> HttpResponse:
    """Send a saved draft as it stands (the form's own submit button also saves edits)."""
    state = _state(request)
    response = response_of_state(state=state, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        submit_response(
            member_state=state,
            paragraph=response.paragraph,
            content=ResponseContent.of(response),
            user=request.user,
            expected_version=version,
        )
    except StaleResponse:
        messages.error(
            request, _("This report changed since you opened it. Check it, then submit again.")
        )
        return redirect("portal:response", pk=response.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:edit", pk=response.pk)
    return redirect("portal:receipt", pk=response.pk)


@focal_point_required
def receipt(request: HttpRequest, pk) -> HttpResponse:
    state = _state(request)
    response = response_of_state(state=state, pk=pk)
    if response.is_private_draft:
        return redirect("portal:response", pk=response.pk)
    return render(
        request,
        "portal/receipt.html",
        {
            "response": response,
            "breadcrumbs": [(_("Our reports"), reverse("portal:home")), (_("Receipt"), None)],
        },
    )


@require_POST
@focal_point_required
def upload(request: HttpRequest, pk) -> HttpResponse:
    state = _state(request)
    response = response_of_state(state=state, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_service.add_attachment(
                response=response, upload=form.cleaned_data["attachment"], user=request.user
            )
        except ValidationError as exc:
            # The report may have been accepted meanwhile: show it as it is now, and the
            # reason above it when the upload form is no longer there to carry it.
            response = response_of_state(state=state, pk=pk)
            if response.is_editable:
                form.add_error("attachment", exc)
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Document attached."))
            return redirect("portal:response", pk=response.pk)
    return _response_page(request, response=response, upload_form=form, status=400)


@focal_point_required
def download(request: HttpRequest, pk) -> FileResponse:
    attachment = attachment_of_state(state=_state(request), pk=pk)
    return attachment_response(attachment)


def attachment_response(attachment) -> FileResponse:
    """Always a download, with the type detected at upload: never rendered in our origin."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@focal_point_required
def delete_attachment(request: HttpRequest, pk) -> HttpResponse:
    attachment = attachment_of_state(state=_state(request), pk=pk)
    try:
        attachment_service.remove_attachment(attachment=attachment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Document removed."))
    return redirect("portal:response", pk=attachment.response_id)
