"""The design system's server side: form renderer, shared includes, template helpers."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from aalco.forms import NUL_BYTE_MESSAGE, AppForm, no_nul_bytes
from aalco.templatetags.ui import TAG_CLASSES, status_tag_class

rf = RequestFactory()


class ReportForm(AppForm):
    summary = forms.CharField(label="Summary", help_text="What your state did.")
    reference = forms.CharField(label="Reference", required=False)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("law", "Legislation"), ("policy", "Policy")],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(label="The report is complete")
    data = forms.JSONField(label="Data", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reference") == "bad":
            raise forms.ValidationError("The reference is already used.")
        return cleaned


def test_form_renders_labels_hints_and_optional_marker():
    html = str(ReportForm())
    assert '<label class="label" for="id_summary">Summary</label>' in html
    assert '<div class="hint" id="id_summary_helptext">What your state did.</div>' in html
    assert 'aria-describedby="id_summary_helptext"' in html
    assert 'Reference <span class="label__optional">(optional)</span>' in html
    assert '<legend class="fieldset__legend">Kind</legend>' in html
    # The single checkbox comes before its label.
    assert html.index('id="id_confirm"') < html.index('for="id_confirm"')
    assert "error-summary" not in html


def test_invalid_form_has_error_summary_linking_to_fields():
    form = ReportForm(data={"summary": "", "reference": "bad", "kind": ""})
    assert not form.is_valid()
    html = str(form)
    assert 'class="error-summary"' in html
    assert "There is a problem" in html
    # Each line names its field (not Django's "This field is required.").
    assert '<a href="#id_summary">Enter summary</a>' in html
    assert "This field is required." not in html
    # Radios link to their first option; checkboxes to the box.
    assert '<a href="#id_kind_0">Select kind</a>' in html
    assert '<a href="#id_confirm">Tick “The report is complete” to continue</a>' in html
    # Inline error, tied to the input.
    assert 'id="id_summary_error"' in html
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in html
    assert 'aria-invalid="true"' in html
    assert "form-group--error" in html


def test_non_field_errors_are_listed_in_the_summary():
    form = ReportForm(data={"summary": "x", "reference": "bad", "kind": "law", "confirm": "on"})
    assert not form.is_valid()
    assert "<li><p>The reference is already used.</p></li>" in str(form)


def test_nul_bytes_are_refused_with_a_plain_message():
    form = ReportForm(
        data={"summary": "a\x00b", "kind": "law", "confirm": "on", "data": '{"a": "x\\u0000"}'}
    )
    assert not form.is_valid()
    assert form.errors["summary"] == [NUL_BYTE_MESSAGE]
    assert form.errors["data"] == [NUL_BYTE_MESSAGE]


def test_no_nul_bytes_validator():
    no_nul_bytes("fine")
    no_nul_bytes(None)
    try:
        no_nul_bytes("a\x00")
    except forms.ValidationError as exc:
        assert exc.code == "null_characters_not_allowed"
    else:
        raise AssertionError("NUL byte accepted")


def test_status_tag_classes():
    assert status_tag_class("not_reported") == "tag--not-reported"
    assert status_tag_class("clarification") == "tag--clarification"
    assert status_tag_class("party") == "tag--party"
    assert status_tag_class("no_action") == "tag--no-action"
    assert status_tag_class("none") == "tag--no-action"
    assert status_tag_class("Overdue") == "tag--overdue"
    assert status_tag_class("something-else") == ""
    assert status_tag_class(None) == ""
    assert len(TAG_CLASSES) == 16
    html = render_to_string("includes/status_tag.html", {"status": "accepted", "label": "Accepted"})
    assert '<strong class="tag tag--accepted">Accepted</strong>' in html


def test_every_tag_class_is_styled():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "app.css").read_text()
    for name in TAG_CLASSES:
        assert f".tag--{name}" in css, name


def test_pagination_keeps_other_parameters():
    request = rf.get("/resolutions/", {"q": "migrant", "sort": "-date", "page": "7"})
    page_obj = Paginator(list(range(300)), 10).get_page(7)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'href="?q=migrant&amp;sort=-date&amp;page=6" rel="prev"' in html
    assert 'href="?q=migrant&amp;sort=-date&amp;page=8" rel="next"' in html
    assert 'aria-current="page"' in html
    assert "…" in html
    assert "Showing 61 to 70 of 300" in html


def test_pagination_hidden_for_one_page():
    page_obj = Paginator([1, 2], 10).get_page(1)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=rf.get("/"))
    assert html.strip() == ""


def test_sort_header_toggles_and_resets_page():
    template = Template(
        '{% include "includes/sort_header.html" with field="name" label="Name" %}'
        '{% include "includes/sort_header.html" with field="date" label="Date" %}'
    )
    request = rf.get("/", {"sort": "name", "page": "3", "q": "x"})
    html = template.render(RequestContext(request))
    assert 'aria-sort="ascending"' in html
    assert 'href="?sort=-name&amp;q=x"' in html
    assert 'href="?sort=date&amp;q=x"' in html
    html = template.render(RequestContext(rf.get("/", {"sort": "-name"})))
    assert 'aria-sort="descending"' in html
    assert 'href="?sort=name"' in html


def test_breadcrumbs_mark_the_current_page():
    html = render_to_string(
        "includes/breadcrumbs.html",
        {"breadcrumbs": [("Resolutions", "/resolutions/"), ("RES/52/S 5", None)]},
    )
    assert '<a class="breadcrumbs__link" href="/resolutions/">Resolutions</a>' in html
    assert '<span aria-current="page">RES/52/S 5</span>' in html


def test_chart_table():
    html = render_to_string(
        "includes/chart_table.html",
        {"caption": "Parties", "head": ["Year", "Parties"], "rows": [(2003, 5), (2018, 13)]},
    )
    assert "<caption>Parties</caption>" in html
    assert '<th scope="row">2018</th><td class="table__numeric">13</td>' in html


def test_server_error_page_needs_no_request_or_database():
    # handler500 renders with an empty context: no request, no context processors.
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="en"' in html
    assert "/static/css/app.css" in html
