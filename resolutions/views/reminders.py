"""Reminder pages: the log, the schedule per state, the email preview, and the secretariat's
actions (pause, resume, send now). Observers read; only the secretariat acts."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required, staff_reader_required
from aalco.lookups import state_or_404
from memberstates.models import MemberState
from memberstates.roles import is_secretariat

from ..forms.reminders import BulkActionForm, StateActionForm
from ..models import Session
from ..reminder_steps import reminder_steps
from ..selectors.dashboard import int_or_none
from ..selectors.reminders import reminder_log, reminder_schedule
from ..services.reminders import (
    ReminderError,
    pause_reminders,
    preview_reminder,
    resume_reminders,
    send_reminder_now,
    set_reminders_paused,
)

PAGE_SIZE = 50


def _breadcrumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Dashboard"), reverse("dashboard")), *items]


@staff_reader_required
def log(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    log_ = reminder_log(data=request.GET)
    page = Paginator(log_.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    schedule = reminder_schedule(today=today, cycle_number=request.GET.get("cycle"))
    return render(
        request,
        "reminders/log.html",
        {
            "log": log_,
            "filter": log_.filterset,
            "page_obj": page,
            "schedule": schedule,
            "breadcrumbs": _breadcrumbs((_("Reminders"), None)),
        },
    )


@staff_reader_required
def schedule(request: HttpRequest) -> HttpResponse:
    schedule_ = reminder_schedule(today=timezone.localdate(), cycle_number=request.GET.get("cycle"))
    return render(
        request,
        "reminders/schedule.html",
        {
            "schedule": schedule_,
            "can_act": is_secretariat(request.user),
            "breadcrumbs": _breadcrumbs(
                (_("Reminders"), reverse("reminders:log")), (_("Schedule"), None)
            ),
        },
    )


@staff_reader_required
def preview(request: HttpRequest, iso3: str) -> HttpResponse:
    state = state_or_404(iso3)
    today = timezone.localdate()
    schedule_ = reminder_schedule(
        today=today, cycle_number=request.GET.get("cycle"), member_state=state
    )
    if schedule_.cycle is None or schedule_.cycle.closing is None:
        messages.error(request, _("There is no reporting cycle with a next session to preview."))
        return redirect("reminders:schedule")
    step = int_or_none(request.GET.get("step"))
    if step is not None and step not in reminder_steps():
        step = None
    email = preview_reminder(member_state=state, cycle=schedule_.cycle, step=step, today=today)
    if request.GET.get("format") == "html":
        # The HTML part on its own, as a mail client shows it (no site chrome).
        response = HttpResponse(email.html)
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
    return render(
        request,
        "reminders/preview.html",
        {
            "state": state,
            "email": email,
            "schedule": schedule_,
            "row": schedule_.rows[0] if schedule_.rows else None,
            "steps": reminder_steps(),
            "can_act": is_secretariat(request.user),
            "breadcrumbs": _breadcrumbs(
                (_("Reminders"), reverse("reminders:log")),
                (
                    _("Schedule"),
                    f"{reverse('reminders:schedule')}?cycle={schedule_.cycle.opening.number}",
                ),
                (state.name, None),
            ),
        },
    )


def _back(request: HttpRequest, state: MemberState, cycle: Session | None) -> HttpResponse:
    url = reverse("reminders:schedule")
    if cycle is not None:
        url += f"?cycle={cycle.number}"
    return redirect(f"{url}#state-{state.iso3}")


def _action_form(request: HttpRequest) -> StateActionForm | None:
    form = StateActionForm(request.POST)
    if form.is_valid():
        return form
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return None


@secretariat_required
@require_POST
def pause(request: HttpRequest, iso3: str) -> HttpResponse:
    state = state_or_404(iso3)
    form = _action_form(request)
    if form is None:
        return _back(request, state, None)
    cycle = form.cleaned_data["cycle"]
    pause_reminders(
        member_state=state, cycle=cycle, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Reminders to %(state)s are paused. Nothing will be sent until you resume them.")
        % {"state": state.name},
    )
    return _back(request, state, cycle)


@secretariat_required
@require_POST
def resume(request: HttpRequest, iso3: str) -> HttpResponse:
    state = state_or_404(iso3)
    form = _action_form(request)
    if form is None:
        return _back(request, state, None)
    cycle = form.cleaned_data["cycle"]
    result = resume_reminders(member_state=state, cycle=cycle, by=request.user)
    if result is None:
        messages.info(request, _("Reminders to %(state)s were not paused.") % {"state": state.name})
    else:
        messages.success(
            request,
            _("Reminders to %(state)s are resumed; the step due now, if any, goes out at once.")
            % {"state": state.name},
        )
    return _back(request, state, cycle)


@secretariat_required
@require_POST
def send_now(request: HttpRequest, iso3: str) -> HttpResponse:
    state = state_or_404(iso3)
    form = _action_form(request)
    if form is None:
        return _back(request, state, None)
    cycle = form.cleaned_data["cycle"]
    try:
        reminder = send_reminder_now(member_state=state, cycle=cycle, by=request.user)
    except ReminderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The %(step)s-day reminder to %(state)s is on its way. "
                "The log shows when it is sent."
            )
            % {"step": reminder.step, "state": state.name},
        )
    return _back(request, state, cycle)


@secretariat_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Pause or resume the ticked states of the schedule at once."""
    form = BulkActionForm(request.POST)
    url = reverse("reminders:schedule")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        cycle = int_or_none(request.POST.get("cycle"))
        return redirect(f"{url}?cycle={cycle}" if cycle else url)
    cycle = form.cleaned_data["cycle"]
    pausing = form.cleaned_data["action"] == "pause"
    changed = set_reminders_paused(
        member_states=form.cleaned_data["states"],
        cycle=cycle,
        paused=pausing,
        by=request.user,
        reason=form.cleaned_data["reason"],
    )
    if pausing:
        text = ngettext(
            "Reminders to %(n)d state are paused.", "Reminders to %(n)d states are paused.", changed
        )
    else:
        text = ngettext(
            "Reminders to %(n)d state are resumed.",
            "Reminders to %(n)d states are resumed.",
            changed,
        )
    messages.success(request, text % {"n": changed})
    return redirect(f"{url}?cycle={cycle.number}")
