"""The provisional agenda of a session: secretariat edits, observers read and download."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_required
from aalco.languages import export_language
from memberstates.roles import is_secretariat

from ..exports.base import exporters
from ..exports.pdf import print_context
from ..figures_cache import cached_html
from ..forms.agenda import AgendaExportForm, AgendaItemForm, StandingItemForm
from ..models import AgendaItem, ExportJob, Session
from ..selectors.agenda import (
    agenda_annex,
    agenda_item,
    export_job,
    recent_pdf_jobs,
    session_dates,
    session_place,
    sessions_with_agenda_status,
)
from ..selectors.dashboard import int_or_none
from ..services.agenda import (
    AgendaError,
    add_default_standing_items,
    add_standing_item,
    draft_agenda,
    export_agenda,
    missing_default_items,
    move_agenda_item,
    remove_agenda_item,
    suggest_document_symbol,
    update_agenda_item,
)
from ..services.exports import request_agenda_pdf


def _session(number: int) -> Session:
    return get_object_or_404(Session, number=number)


def _item(number: int, pk: int) -> AgendaItem:
    return agenda_item(number=number, pk=pk)


def _agenda_url(session: Session, anchor: str = "agenda", language: str = "") -> str:
    query = f"?language={language}" if language else ""
    return reverse("agenda:detail", args=[session.number]) + f"{query}#{anchor}"


def _export_language(data) -> tuple[AgendaExportForm, str | None]:
    """The language chosen for the downloads (the page's own by default); None: refused."""
    return AgendaExportForm.chosen(data, export_language(get_language()))


def _refused_language(request: HttpRequest, session: Session) -> HttpResponse:
    messages.error(request, _("Choose English, French or Arabic for the documents."))
    return redirect(_agenda_url(session, "downloads-title"))


@staff_reader_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agenda/index.html",
        {
            "rows": sessions_with_agenda_status(),
            "can_edit": is_secretariat(request.user),
            "breadcrumbs": [(_("Sessions"), None)],
        },
    )


class AnnexPreview:
    """The annex as the page shows it: one carried item at a time (?item=N).

    At the size of the UN an item's table has 193 rows: the whole annex is some 4,000 rows
    and megabytes of HTML, for the print view and the PDF, not for a page. Everything else
    reads through to the annex.
    """

    def __init__(self, annex, number: int | None) -> None:
        self._annex = annex
        self.all_carried = annex.carried
        shown = [e for e in self.all_carried if e.number == number] or self.all_carried[:1]
        self.carried = shown
        # The page follows up the shown item only; the print view and the PDF, every one.
        self.followed = shown
        self.shown = shown[0] if shown else None

    def __getattr__(self, name: str):
        return getattr(self._annex, name)


def _render_detail(
    request: HttpRequest, session: Session, *, form: StandingItemForm | None = None, status=200
) -> HttpResponse:
    problem = None
    annex = preview = None
    annex_html = ""
    try:
        # Drafting on view is idempotent: it adds what the previous session carried since the
        # last visit and leaves every edit alone, so the page is always up to date.
        items = draft_agenda(session=session)
    except AgendaError as error:
        problem = error.message
    else:
        # One carried item's follow-up is shown (?item=N, the first one by default): the
        # costly part of the page, kept until the figures change.
        carried = [n for n, i in enumerate(items, start=1) if i.source_resolution_id]
        requested = int_or_none(request.GET.get("item"))
        shown = requested if requested in carried else (carried[0] if carried else None)
        computed = {}

        def annex_fragment() -> str:
            computed["annex"] = agenda_annex(session=session, detail_items={shown} - {None})
            return _annex_html(request, computed["annex"], shown)

        annex_html = cached_html(
            "agenda-annex", [session.number, shown, timezone.localdate()], annex_fragment
        )
        # Kept: the agenda and the annex's outline only, no item followed up.
        annex = computed["annex"] if computed else agenda_annex(session=session, detail_items=set())
        preview = AnnexPreview(annex, shown) if annex is not None else None
    export_form, language = _export_language(request.GET)
    if language is None:
        language = export_language(get_language())
    pdf = _pdf_context(session, language)
    if annex is not None and annex.items and not settings.CELERY_TASK_ALWAYS_EAGER:
        _prepare_pdf_ahead(request, session, pdf, language)
    can_edit = is_secretariat(request.user)
    context = {
        **pdf,
        "session": session,
        "annex": annex,
        "annex_preview": preview,
        # Our own template's output, escaped when it was rendered.
        "annex_html": mark_safe(annex_html),
        "problem": problem,
        "can_edit": can_edit,
        "form": form or StandingItemForm(),
        "missing_defaults": missing_default_items(session=session) if can_edit else [],
        "formats": exporters(),
        "export_form": export_form,
        "export_language": language,
        "session_place": session_place(session),
        "session_dates": session_dates(session),
        "breadcrumbs": [
            (_("Sessions"), reverse("agenda:index")),
            (_("%(ordinal)s Annual Session") % {"ordinal": session.ordinal}, None),
        ],
    }
    return render(request, "agenda/detail.html", context, status=status)


def _prepare_pdf_ahead(request: HttpRequest, session: Session, pdf: dict, language: str) -> None:
    """With a worker at hand, the PDF is on its way before anyone asks.

    The page shows its progress, then the download. Not on every view: when no PDF was made
    in the last PDF_REFRESH (the button prepares one with today's data at any time). With the
    broker down the job waits and the page still shows.
    """
    latest = pdf["pdf_job"]
    if latest is None or (latest.finished and latest.created_at < timezone.now() - PDF_REFRESH):
        pdf["pdf_job"] = request_agenda_pdf(
            session=session, requested_by=request.user, language=language
        )


def _annex_html(request: HttpRequest, annex, shown: int | None) -> str:
    if annex is None:
        return ""
    return render_to_string(
        "agenda/_annex.html", {"annex": AnnexPreview(annex, shown)}, request=request
    )


@staff_reader_required
def detail(request: HttpRequest, number: int) -> HttpResponse:
    return _render_detail(request, _session(number))


@staff_reader_required
def print_view(request: HttpRequest, number: int) -> HttpResponse:
    session = _session(number)
    _form, language = _export_language(request.GET)
    if language is None:
        return _refused_language(request, session)
    try:
        draft_agenda(session=session)
    except AgendaError as error:
        messages.error(request, error.message)
        return redirect("agenda:detail", number=number)
    # The paper in the chosen language, as the PDF: its text, dates, lang and dir.
    with translation.override(language):
        annex = agenda_annex(session=session, language=language)
        assert annex is not None  # draft_agenda refused a session without a previous one
        return render(
            request,
            "agenda/print.html",
            print_context(
                annex, show_screen_links=True, back_url=_agenda_url(session, language=language)
            ),
        )


#: How old the newest PDF may be before opening the page prepares a fresh one.
PDF_REFRESH = datetime.timedelta(minutes=10)


def _pdf_context(session: Session, language: str) -> dict:
    """The PDF's state on the page in the chosen language: the job under way (if any) and
    the newest file ready."""
    jobs = recent_pdf_jobs(session=session, language=language)
    return {
        "export_language": language,
        "pdf_job": jobs[0] if jobs else None,
        "pdf_ready": next((j for j in jobs if j.status == ExportJob.Status.READY), None),
    }


@staff_reader_required
def export(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    session = _session(number)
    if fmt not in {e.identifier for e in exporters()}:
        raise Http404(_("Unknown download format."))
    _form, language = _export_language(request.GET)
    if language is None:
        return _refused_language(request, session)
    if fmt == "pdf":
        # Never rendered inside the request: a worker does it (in-process without a broker,
        # where the job is done by the time request_agenda_pdf returns).
        job = request_agenda_pdf(session=session, requested_by=request.user, language=language)
        if job.status == ExportJob.Status.READY:
            return _job_file(job)
        if job.status == ExportJob.Status.FAILED:
            messages.error(request, job.error)
            return redirect("agenda:detail", number=number)
        messages.info(request, _("The PDF is being prepared: it will be offered here."))
        return redirect(_agenda_url(session, "pdf", language))
    try:
        result = export_agenda(session=session, fmt=fmt, language=language)
    except AgendaError as error:
        messages.error(request, error.message)
        return redirect("agenda:detail", number=number)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


def _job_file(job: ExportJob) -> HttpResponse:
    # A few megabytes at most (the 193-state annex is about 2 MB): read whole, so the
    # storage's file (local or S3) is closed before the response leaves.
    with job.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


def _job(number: int, job_id) -> ExportJob:
    return export_job(number=number, job_id=job_id)


@require_POST
@staff_reader_required
def pdf_request(request: HttpRequest, number: int) -> HttpResponse:
    """Prepare the PDF with today's data (observers may too: it changes no data)."""
    session = _session(number)
    _form, language = _export_language(request.POST)
    if language is None:
        return _refused_language(request, session)
    job = request_agenda_pdf(session=session, requested_by=request.user, language=language)
    if job.status == ExportJob.Status.FAILED:
        messages.error(request, job.error)
    return redirect(_agenda_url(session, "pdf", language))


@staff_reader_required
def pdf_status(request: HttpRequest, number: int) -> HttpResponse:
    """The PDF block of the page, polled (htmx) while a job runs."""
    session = _session(number)
    _form, language = _export_language(request.GET)
    if language is None:
        raise Http404(_("Choose English, French or Arabic for the documents."))
    return render(
        request, "agenda/_pdf_status.html", {"session": session, **_pdf_context(session, language)}
    )


@staff_reader_required
def pdf_download(request: HttpRequest, number: int, job_id) -> HttpResponse:
    job = _job(number, job_id)
    if job.status != ExportJob.Status.READY or not job.file:
        raise Http404(_("This PDF is not ready."))
    return _job_file(job)


@require_POST
@secretariat_required
def add_item(request: HttpRequest, number: int) -> HttpResponse:
    session = _session(number)
    form = StandingItemForm(request.POST)
    if form.is_valid():
        try:
            item = add_standing_item(
                session=session,
                title=form.cleaned_data["title"],
                secretariat_document=form.cleaned_data["secretariat_document"],
                where=form.cleaned_data["where"],
            )
        except AgendaError as error:
            form.add_error("title", error.message)
        else:
            messages.success(request, _("“%(title)s” was added.") % {"title": item.title})
            return redirect(_agenda_url(session))
    return _render_detail(request, session, form=form, status=400)


@require_POST
@secretariat_required
def add_defaults(request: HttpRequest, number: int) -> HttpResponse:
    session = _session(number)
    added = add_default_standing_items(session=session)
    if added:
        messages.success(
            request,
            _("Added: %(titles)s.") % {"titles": ", ".join(i.title for i in added)},
        )
    else:
        messages.info(request, _("The usual standing items are already on the agenda."))
    return redirect(_agenda_url(session))


@require_POST
@secretariat_required
def move_item(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    item = _item(number, pk)
    direction = request.POST.get("direction", "")
    try:
        move_agenda_item(item=item, direction=direction)  # type: ignore[arg-type]  # the service refuses other words
    except AgendaError as error:
        messages.error(request, error.message)
    return redirect(_agenda_url(item.session, f"item-{item.pk}"))


@require_POST
@secretariat_required
def remove_item(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    item = _item(number, pk)
    try:
        remove_agenda_item(item=item)
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
    return redirect(_agenda_url(item.session))


@secretariat_required
def edit_item(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    item = _item(number, pk)
    suggestion = suggest_document_symbol(session=item.session, resolution=item.source_resolution)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, suggestion=suggestion)
        if form.is_valid():
            try:
                update_agenda_item(item=item, **form.cleaned_data)
            except AgendaError as error:
                form.add_error("title", error.message)
            else:
                messages.success(request, _("“%(title)s” was saved.") % {"title": item.title})
                return redirect(_agenda_url(item.session, f"item-{item.pk}"))
    else:
        form = AgendaItemForm(
            initial={
                "title": item.title,
                "secretariat_document": item.secretariat_document or suggestion,
                "notes": item.notes,
            },
            suggestion=suggestion,
        )
    session = item.session
    return render(
        request,
        "agenda/item_form.html",
        {
            "item": item,
            "session": session,
            "form": form,
            "breadcrumbs": [
                (_("Sessions"), reverse("agenda:index")),
                (
                    _("%(ordinal)s Annual Session") % {"ordinal": session.ordinal},
                    _agenda_url(session),
                ),
                (_("Edit an item"), None),
            ],
        },
        status=400 if form.is_bound and form.errors else 200,
    )
