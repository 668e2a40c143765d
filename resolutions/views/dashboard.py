"""The secretariat's dashboard: where do we stand before the next session?"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aalco.access import secretariat_required, staff_reader_required
from aalco.charts import horizontal_bar_chart, step_line_chart
from aalco.forms import add_service_errors
from aalco.palette import colour
from memberstates.maps import TREATY_STATUS_LEGEND, LegendEntry, map_legend, render_member_map
from memberstates.roles import is_secretariat

from ..figures_cache import cached_html
from ..forms.dashboard import CyclePickerForm, SessionForm
from ..models import ReportingCycle, Session
from ..selectors.dashboard import Dashboard, TreatyParticipation, dashboard_for, int_or_none
from ..services.sessions import PAST_UNCONFIRMED, save_session

REPORTING_LEGEND = (
    ("done", gettext_lazy("Reported on everything"), colour("party"), "solid"),
    ("partial", gettext_lazy("Reported on part"), colour("signatory"), "hatch"),
    ("none", gettext_lazy("Nothing reported yet"), colour("reported-none"), "dots"),
    ("not_asked", gettext_lazy("Not asked to report"), colour("not-asked"), "solid"),
)


@staff_reader_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    can_edit = is_secretariat(request.user)

    def content() -> str:
        return _dashboard_content(request, today=today, can_edit=can_edit)

    options = _cache_options(request.GET)
    if options is None:  # unusual parameters: rendered for this request only
        html = content()
    else:
        html = cached_html("dashboard", [today.isoformat(), int(can_edit), *options], content)
    if not html:
        return render(
            request,
            "resolutions/dashboard_empty.html",
            {"breadcrumbs": [(_("Dashboard"), None)]},
            status=200,
        )
    # Our own template's output, escaped when it was rendered.
    content_html = mark_safe(html)
    return render(
        request,
        "resolutions/dashboard.html",
        {"content": content_html, "breadcrumbs": [(_("Dashboard"), None)]},
    )


#: The dashboard's own parameters and the values worth keeping a copy for (the page's links
#: repeat whatever was asked, so any other parameter or value is rendered for its request only
#: and cannot fill the cache).
_OPTIONS = {
    "cycle": re.compile(r"^\d{0,4}$"),
    "map": re.compile(r"^(|reporting|treaty)$"),
    "treaty": re.compile(r"^[A-Za-z0-9-]{0,20}$"),
}


def _cache_options(query) -> list[str] | None:
    """The key parts of a dashboard URL, or None when its HTML is not kept."""
    if any(name not in _OPTIONS or len(query.getlist(name)) > 1 for name in query):
        return None
    values = {name: query.get(name, "") for name in _OPTIONS}
    if not all(_OPTIONS[name].match(value) for name, value in values.items()):
        return None
    return [f"{name}={value}" for name, value in values.items()]


def _dashboard_content(request: HttpRequest, *, today, can_edit: bool) -> str:
    """The dashboard's figures as HTML; "" when no session is recorded yet."""
    data = dashboard_for(today=today, cycle_number=int_or_none(request.GET.get("cycle")))
    if data is None:
        return ""
    # The map shows a treaty's status (?map=treaty&treaty=CRPD; the cycle's first treaty by
    # default) or the reporting in the cycle (?map=reporting, or when no paragraph names one).
    map_treaty = data.treaty(request.GET.get("treaty"))
    map_kind = "reporting" if request.GET.get("map") == "reporting" or not map_treaty else "treaty"
    picker = CyclePickerForm(initial={"cycle": data.cycle.opening.number}, cycles=data.cycles)
    return render_to_string(
        "resolutions/_dashboard_content.html",
        {
            "d": data,
            "picker": picker,
            "map_kind": map_kind,
            "progress_chart": _progress_chart(data),
            "treaty_sections": [(t, _treaty_chart(data, t)) for t in data.treaties],
            "map_treaty": map_treaty,
            **_member_map(data, map_kind, map_treaty),
            "can_edit": can_edit,
            "reminder_statuses": [
                (status, label, data.reminders.totals[status])
                for status, label in (
                    ("sent", _("Sent")),
                    ("failed", _("Failed")),
                    ("scheduled", _("Scheduled")),
                    ("missed", _("Missed")),
                )
            ],
        },
        request=request,
    )


def _progress_chart(data: Dashboard) -> str:
    rows = [
        (
            p.resolution.symbol,
            len(p.settled),
            len(p.addressed),
            reverse("resolutions:detail", args=[p.resolution.pk]) + "#follow-up",
        )
        for p in data.resolutions
    ]
    return horizontal_bar_chart(
        rows,
        title=_("States that reported, out of the states asked, per resolution"),
        description=_("Reporting cycle %(cycle)s.") % {"cycle": str(data.cycle)},
    )


def _treaty_chart(data: Dashboard, participation: TreatyParticipation) -> str:
    return step_line_chart(
        participation.parties_by_year(),
        title=_("%(treaty)s parties among today's AALCO members, by year")
        % {"treaty": participation.treaty.short_name if participation.treaty else ""},
        y_label=_("Parties"),
        until=data.today.year,
    )


def _member_map(data: Dashboard, kind: str, participation: TreatyParticipation | None) -> dict:
    links = {s.iso3: reverse("states:detail", args=[s.iso3]) for s in data.states}
    names = {s.iso3: s.name for s in data.states}
    legend: Sequence[LegendEntry]
    if kind == "reporting":
        categories = {s.iso3: data.reporting_category(s.pk) for s in data.states}
        legend = REPORTING_LEGEND
        title = _("Member states by reporting in cycle %(cycle)s") % {"cycle": str(data.cycle)}
    else:
        assert participation is not None and participation.treaty is not None  # a treaty map
        categories = {s.iso3: participation.category(s.pk) for s in data.states}
        legend = TREATY_STATUS_LEGEND
        title = _("Member states by %(treaty)s status on %(date)s") % {
            "treaty": participation.treaty.short_name,
            "date": data.today.isoformat(),
        }
    return {
        "member_map": render_member_map(
            categories, legend=legend, title=title, links=links, names=names, legend_in_svg=False
        ),
        "map_legend": map_legend(categories, legend),
    }


def _cycle_for_next_session(number: int) -> ReportingCycle:
    opening = get_object_or_404(Session, number=number)
    return ReportingCycle.starting_at(opening)


@secretariat_required
def next_session(request: HttpRequest, number: int) -> HttpResponse:
    """Add (or move) the session that closes the cycle opened by session `number`."""
    cycle = _cycle_for_next_session(number)
    if cycle.is_closed(timezone.localdate()):
        raise Http404(_("This reporting cycle is closed."))
    form = SessionForm(
        request.POST or None,
        session=cycle.closing,
        require_dates=True,
        initial=None if cycle.closing else {"number": cycle.opening.number + 1},
    )
    if request.method == "POST" and form.is_valid():
        session = save_session_from_form(form)
        if session is not None and session.start_date is not None:  # dates were required
            messages.success(
                request,
                _("The %(ordinal)s session opens on %(date)s.")
                % {"ordinal": session.ordinal, "date": date_format(session.start_date, "j F Y")},
            )
            return redirect(reverse("dashboard") + f"?cycle={cycle.opening.number}")
    return render(
        request,
        "resolutions/next_session.html",
        {
            "form": form,
            "cycle": cycle,
            "breadcrumbs": [(_("Dashboard"), reverse("dashboard")), (_("Next session"), None)],
        },
    )


def save_session_from_form(form: SessionForm) -> Session | None:
    """The service's answer: the saved session, or None with its errors on the form (and
    the confirmation box offered when the opening day is in the past)."""
    try:
        return save_session(
            session=form.session,
            require_dates=form.fields["start_date"].required,
            **form.service_arguments(),
        )
    except ValidationError as exc:
        if any(e.code == PAST_UNCONFIRMED for e in exc.error_dict.get("start_date", [])):
            form.ask_to_confirm_past()
        add_service_errors(form, exc)
        return None
