"""Annual sessions kept in the app: the secretariat adds a session and corrects its dates and
venue (the list itself is ``agenda:index``, the sessions with their agendas)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aalco.access import secretariat_required

from ..forms.dashboard import SessionForm
from ..models import Session
from ..selectors.agenda import next_session_number, session_dates, session_place
from .dashboard import save_session_from_form


def _saved(request: HttpRequest, session: Session) -> HttpResponse:
    where = ", ".join(p for p in (session_place(session), session_dates(session)) if p)
    messages.success(
        request,
        _("The %(ordinal)s Annual Session was saved: %(where)s.")
        % {"ordinal": session.ordinal, "where": where or session.year},
    )
    return redirect(reverse("agenda:index") + f"#session-{session.number}")


def _form_page(request: HttpRequest, form: SessionForm, *, session: Session | None) -> HttpResponse:
    title = (
        _("Correct the %(ordinal)s Annual Session") % {"ordinal": session.ordinal}
        if session
        else _("Add a session")
    )
    return render(
        request,
        "sessions/form.html",
        {
            "form": form,
            "session": session,
            "title": title,
            "breadcrumbs": [(_("Sessions"), reverse("agenda:index")), (title, None)],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@secretariat_required
def add(request: HttpRequest) -> HttpResponse:
    form = SessionForm(
        request.POST or None,
        initial={"number": next_session_number()},
        with_document=True,
    )
    if request.method == "POST" and form.is_valid():
        session = save_session_from_form(form)
        if session is not None:
            return _saved(request, session)
    return _form_page(request, form, session=None)


@secretariat_required
def edit(request: HttpRequest, number: int) -> HttpResponse:
    session = get_object_or_404(Session, number=number)
    form = SessionForm(request.POST or None, session=session, with_document=True)
    if request.method == "POST" and form.is_valid():
        saved = save_session_from_form(form)
        if saved is not None:
            return _saved(request, saved)
    return _form_page(request, form, session=session)
