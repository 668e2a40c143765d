"""The design system in a real browser: sign-in page, keyboard access, axe, phone layout.

Besides the real sign-in pages, a showcase page (this module is also its URLconf, through
``@pytest.mark.urls``) renders every shared component — navigation, banners, tags, table
with sort headers, pagination, summary list, cards, panel, map, charts, a form with errors —
so axe and the screenshots cover what every page of the product inherits.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.generic import TemplateView

from aalco.charts import horizontal_bar_chart, step_line_chart
from aalco.forms import AppForm
from memberstates.maps import TREATY_STATUS_LEGEND, map_legend, render_member_map

from .conftest import PHONE

pytestmark = pytest.mark.browser

SHOWCASE_URLS = "tests.browser.test_design_system"
DATA = Path(__file__).resolve().parents[2] / "memberstates" / "data"


# ------------------------------------------------------------------------------ showcase


class ShowcaseForm(AppForm):
    title = forms.CharField(label="Title", help_text="As printed on the resolution.")
    email = forms.EmailField(label="Email address of the focal point")
    count = forms.IntegerField(label="Number of states", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[("draft", "Draft"), ("submitted", "Submitted")],
        widget=forms.RadioSelect,
    )
    states = forms.MultipleChoiceField(
        label="States",
        choices=[("IND", "India"), ("PHL", "Philippines")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("law", "Legislation"), ("policy", "Policy")])
    confirm = forms.BooleanField(label="I confirm the report is complete")


SHOWCASE = """{% extends "base.html" %}
{% block title %}Showcase{% endblock %}
{% block content %}
<span class="caption-l">AALCO/RES/52/S 5</span>
<h1>Legal Protection of Migrant Workers</h1>
<p class="body-l">Follow-up of the resolution adopted at the Fifty-Second Session.</p>
<ul class="card-grid">
  <li><div class="card"><span class="card__number">34</span>
    <a class="card__label card__link" href="#addressed">States addressed</a></div></li>
  <li><div class="card card--success"><span class="card__number">12</span>
    <span class="card__label">Reports received</span></div></li>
  <li><div class="card card--warning"><span class="card__number">5</span>
    <span class="card__label">Overdue</span></div></li>
</ul>
<ul class="segmented" aria-label="Show">
  <li><a href="?" aria-current="page">All</a></li><li><a href="?show=overdue">Overdue</a></li>
</ul>
<form class="filters" method="get" data-autosubmit>
  <div class="form-group"><label for="f-q">Search</label>
    <input id="f-q" type="search" name="q"></div>
  <div class="form-group"><label for="f-s">Status</label>
    <select id="f-s" name="status"><option value="">All</option><option>overdue</option>
    </select></div>
  <button class="button button--secondary" type="submit">Apply filters</button>
</form>
<div class="table-wrapper" tabindex="0" role="region" aria-label="Responses">
<table class="table">
  <caption>Responses to paragraph 3</caption>
  <thead><tr>
    {% include "includes/sort_header.html" with field="state" label="Member state" %}
    {% include "includes/sort_header.html" with field="status" label="Status" %}
    {% include "includes/sort_header.html" with field="received" label="Received" numeric=True %}
  </tr></thead>
  <tbody>
    <tr><th scope="row"><a href="#in">India</a></th>
      <td>{% include "includes/status_tag.html" with status="not_reported" label="Not yet" %}</td>
      <td class="table__numeric">—</td></tr>
    <tr><th scope="row"><a href="#ph">Philippines</a></th>
      <td>{% include "includes/status_tag.html" with status="accepted" label="Accepted" %}</td>
      <td class="table__numeric">3 Mar 2014</td></tr>
  </tbody>
</table>
</div>
{% include "includes/pagination.html" %}
<ul class="tag-list">{% for status, label in tags %}
  <li>{% include "includes/status_tag.html" %}</li>{% endfor %}
</ul>
<dl class="summary-list">
  <div class="summary-list__row"><dt class="summary-list__key">Focal point</dt>
    <dd class="summary-list__value">Ms A. Sharma</dd>
    <dd class="summary-list__actions">
      <a href="#c">Change<span class="visually-hidden"> focal point</span></a></dd></div>
</dl>
<div class="panel"><h2 class="panel__title">Report submitted</h2>
  <div class="panel__body">Your reference<span class="panel__reference">RPT-0003</span></div></div>
<details class="details"><summary>What counts as a report?</summary>
  <div class="details__text"><p>Any measure taken.</p></div></details>
<figure class="figure"><figcaption class="figure__caption">ICMW status</figcaption>
  {% include "includes/map_legend.html" with items=legend_items %}{{ map }}</figure>
<figure class="figure"><figcaption class="figure__caption">Reports received</figcaption>
  {{ bars }}</figure>
<figure class="figure"><figcaption class="figure__caption">ICMW parties</figcaption>{{ line }}
  {% include "includes/chart_table.html" with caption="ICMW parties" head=head rows=points %}
</figure>
<h2>A form</h2>
<form method="get" novalidate class="readable">
  <input type="hidden" name="bad" value="1">
  {{ form }}
  <div class="button-group">
    <button class="button" type="submit">Save and continue</button>
    <a class="button button--secondary" href="#draft">Save as draft</a>
  </div>
</form>
{% endblock %}
"""

TAGS = [
    ("not_reported", "Not reported"),
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("clarification", "Clarification requested"),
    ("party", "Party"),
    ("signatory", "Signatory"),
    ("no_action", "No action"),
    ("overdue", "Overdue"),
    ("late", "Late"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("scheduled", "Scheduled"),
    ("missed", "Missed"),
    ("cancelled", "Cancelled"),
    ("paused", "Paused"),
]


def _treaty_categories() -> dict[str, str]:
    with (DATA / "icmw_status_aalco.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["iso3"]: "party"
        if r["consent_type"] in {"ratification", "accession", "succession"}
        else ("signatory" if r["signature_date"] else "no_action")
        for r in rows
    }


def showcase(request: HttpRequest) -> HttpResponse:
    bad = bool(request.GET.get("bad"))
    form = ShowcaseForm(request.GET if bad else None)
    if bad:
        form.is_valid()
    else:
        messages.success(request, "Report saved.")
        messages.info(request, "Reminders are paused until 1 March.")
    cats = _treaty_categories()
    points = [(1993, 1), (1995, 3), (1999, 5), (2004, 8), (2011, 11), (2018, 13)]
    context = {
        # As the lead's context processor would give a secretariat officer.
        "nav_role": request.GET.get("role", "secretariat"),
        "form": form,
        "tags": TAGS,
        "page_obj": Paginator(list(range(300)), 10).get_page(
            request.GET.get("page", 1 if "sort" in request.GET else 7)
        ),
        "breadcrumbs": [("Resolutions", "/showcase/"), ("AALCO/RES/52/S 5", None)],
        "legend_items": map_legend(cats, TREATY_STATUS_LEGEND),
        "map": render_member_map(
            cats,
            legend=TREATY_STATUS_LEGEND,
            title="ICMW status of AALCO member states",
            links={code: f"#state-{code}" for code in cats},
            highlight=["IND"],
            legend_in_svg=False,
        ),
        "bars": horizontal_bar_chart(
            [("AALCO/RES/52/S 5", 12, 34, "#r5"), ("AALCO/RES/52/S 6", 34, 34, None)],
            title="Reports received per resolution",
        ),
        "line": step_line_chart(points, title="ICMW parties", y_label="Parties", until=2026),
        "head": ["Year", "Parties"],
        "points": points,
    }
    template = engines["django"].from_string(SHOWCASE)
    return HttpResponse(template.render(context, request))


_stub = TemplateView.as_view(template_name="404.html")
urlpatterns = [
    path("showcase/", showcase, name="showcase"),
    path("start/", _stub, name="home"),
    path("", _stub, name="dashboard"),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "r/",
        include(
            ([path("", _stub, name="list"), path("import/", _stub, name="import")], "resolutions")
        ),
    ),
    path("s/", include(([path("", _stub, name="list")], "states"))),
    path("r/", include(([path("", _stub, name="list")], "responses"))),
    path("fp/", _stub, name="focal_points"),
    path("m/", include(([path("", _stub, name="log")], "reminders"))),
    path("a/", include(([path("", _stub, name="index")], "agenda"))),
    path(
        "my/",
        include(
            (
                [path("", _stub, name="home"), path("n/", _stub, name="notifications")],
                "portal",
            )
        ),
    ),
    path("admin/", include(([path("", _stub, name="index")], "admin"))),
    # The header's language switcher and account links.
    path("language/", _stub, name="set_language"),
    path("tokens/", _stub, name="api_tokens"),
    path("two-factor/", _stub, name="otp_devices"),
]


# ------------------------------------------------------------------------------ sign-in page


def test_login_page_renders_with_the_design_system(page, live_server, js_errors):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.status == 200
    assert page.title() == "Sign in – AALCO Follow-up"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    # Assets load from the app itself (no CDN) and run.
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert "js-enabled" in page.locator("html").get_attribute("class")
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font
    email = page.get_by_label("Email address")
    assert email.get_attribute("type") == "email"
    assert email.get_attribute("autocomplete") == "username"
    assert email.evaluate("el => el !== document.activeElement")  # no autofocus
    assert js_errors == []


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.bounding_box()["width"] <= 1  # hidden until focused
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["width"] > 50
    assert box["height"] > 20
    # The focus style is the yellow ring.
    assert page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor") == (
        "rgb(255, 221, 0)"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    # Next Tab goes into the page content: the first form field.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "username"


def test_login_page_is_accessible_on_desktop_and_phone(
    page, live_server, assert_accessible, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    screenshot(page, "login-desktop")
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    # Nothing overflows sideways at 375 px.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "login-phone")


def test_login_errors_are_summarised_focused_and_accessible(
    page, live_server, assert_accessible, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "login-error")


def test_sign_in_and_out(page, live_server, officer, password, login):
    login(page, live_server, officer.email, password, next="/accounts/password_change/")
    if page.locator(".header__user").count() == 0:
        pytest.skip("signed-in pages need the lead's URLs (dashboard …)")
    header = page.locator(".header__user")
    assert "Secretariat Officer" in header.inner_text()
    header.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() in {
        "You have signed out",
        "Sign in",
    }


# ------------------------------------------------------------------------------ showcase


@pytest.mark.urls(SHOWCASE_URLS)
def test_showcase_is_accessible_and_looks_right_on_desktop(
    page, live_server, assert_accessible, screenshot, js_errors
):
    page.goto(f"{live_server.url}/showcase/")
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Dashboard",
        "Resolutions",
        "Member states",
        "Reports",
        "Reminders",
        "Agenda",
        "Focal points",
        "Import",
        "Administration",
    ]
    assert page.locator(".notification-banner--success").inner_text().count("Report saved.") == 1
    assert page.locator("th[aria-sort]").count() == 0
    assert page.locator(".tag").count() >= 16
    assert page.locator("svg.map a.map__state").count() == 47
    assert_accessible(page)
    screenshot(page, "showcase-desktop")
    assert js_errors == []


@pytest.mark.urls(SHOWCASE_URLS)
def test_showcase_form_errors(page, live_server, assert_accessible, screenshot):
    page.goto(f"{live_server.url}/showcase/?bad=1&title=")
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    links = summary.get_by_role("link")
    assert links.count() == 5  # title, email, status, kind, confirm
    links.first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_title"
    assert_accessible(page)
    screenshot(page, "showcase-form-errors")


@pytest.mark.urls(SHOWCASE_URLS)
def test_showcase_on_a_phone(page, live_server, assert_accessible, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/showcase/")
    toggle = page.get_by_role("button", name="Menu")
    nav_list = page.locator("#service-nav-list")
    assert toggle.is_visible()
    assert nav_list.is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav_list.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "showcase-phone")


@pytest.mark.urls(SHOWCASE_URLS)
def test_focal_point_navigation_and_current_section(page, live_server):
    page.goto(f"{live_server.url}/showcase/?role=focal_point")
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link").all_inner_texts() == ["Our reports", "Notifications"]


@pytest.mark.urls(SHOWCASE_URLS)
def test_sort_links_and_pagination_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/showcase/?q=law&page=7")
    page.get_by_role("link", name="Member state (select to sort)").click()
    assert "sort=state" in page.url
    assert "q=law" in page.url
    assert "page=" not in page.url  # a new order starts at page 1
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Member state")
    page.get_by_role("link", name="Next page").click()
    assert "sort=state" in page.url
    assert "page=2" in page.url
    context.close()


@pytest.mark.urls(SHOWCASE_URLS)
def test_print_hides_navigation_and_buttons(page, live_server):
    page.goto(f"{live_server.url}/showcase/")
    page.emulate_media(media="print")
    assert page.locator(".service-nav").is_hidden()
    assert page.locator(".pagination").is_hidden()
    assert page.locator(".button").first.is_hidden()
    assert page.locator("svg.map").is_visible()
    assert page.locator(".table").first.is_visible()


@pytest.mark.urls(SHOWCASE_URLS)
def test_confirm_dialog_on_data_confirm(page, live_server):
    page.goto(f"{live_server.url}/showcase/")
    page.evaluate(
        """() => {
            const a = document.createElement('a');
            a.href = '#deleted'; a.textContent = 'Delete'; a.dataset.confirm = 'Delete it?';
            document.querySelector('main').append(a);
        }"""
    )
    page.get_by_role("link", name="Delete").click()
    dialog = page.locator("dialog#confirm-dialog[open]")
    assert dialog.get_by_text("Delete it?").is_visible()
    page.keyboard.press("Escape")  # cancelled: nothing happens
    assert dialog.count() == 0
    assert not page.url.endswith("#deleted")
    page.get_by_role("link", name="Delete").click()
    page.locator("dialog#confirm-dialog[open]").get_by_role("button", name="Confirm").click()
    page.wait_for_url("**#deleted")


@pytest.mark.urls(SHOWCASE_URLS)
def test_confirm_dialog_reopened_at_once_still_confirms(page, live_server):
    """A dialog's `close` event is queued, not fired at close(): cancelling and asking again
    before it arrives (a quick Escape, then Enter on the same button) must not lose the new
    question's action. CI once timed out on exactly this in the keyboard journey."""
    page.goto(f"{live_server.url}/showcase/")
    page.evaluate(
        """() => {
            const a = document.createElement('a');
            a.href = '#sent'; a.textContent = 'Send'; a.dataset.confirm = 'Send it?';
            document.querySelector('main').append(a);
        }"""
    )
    page.get_by_role("link", name="Send").click()
    page.locator("dialog#confirm-dialog[open]").wait_for()
    page.evaluate(
        """() => {
            document.getElementById('confirm-dialog').close();  // as Escape does
            [...document.querySelectorAll('main a')].find(a => a.hash === '#sent').click();
        }"""
    )
    dialog = page.locator("dialog#confirm-dialog[open]")
    dialog.wait_for()
    page.wait_for_timeout(50)  # let the first close event arrive
    dialog.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**#sent", timeout=5000)
