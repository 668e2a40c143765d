"""Follow-up across the years: a chart and tables of the reporting rate."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from aalco.access import staff_reader_required
from aalco.charts import horizontal_bar_chart
from memberstates.selectors import state_with_code

from ..selectors.history import reporting_history


@staff_reader_required
def history(request: HttpRequest) -> HttpResponse:
    iso3 = request.GET.get("state", "")
    state = state_with_code(iso3)
    data = reporting_history(state=state)
    chart = horizontal_bar_chart(
        [(str(cycle), rate.settled, rate.addressed, None) for cycle, rate in reversed(data.cycles)],
        title=_("Reports made, out of reports asked, per reporting cycle")
        if state is None
        else _("Reports of %(state)s, out of reports asked, per reporting cycle")
        % {"state": state.name},
    )
    return render(
        request,
        "resolutions/history.html",
        {
            "data": data,
            "state": state,
            "chart": chart,
            "breadcrumbs": [
                (_("Dashboard"), reverse("dashboard")),
                (_("Across the years"), None),
            ],
        },
    )
