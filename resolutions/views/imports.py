"""The secretariat's "Import a resolution" screen: paste or upload, preview, correct, confirm.

Nothing parsed travels through the browser as trusted data: the preview page carries the
source text (and its digest); confirming reads the text again on the server, applies the
corrections by paragraph number, and the service checks everything once more before saving.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.forms import BaseFormSet, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aalco.access import secretariat_required

from ..forms.imports import (
    ImportSourceForm,
    OperativeEditForm,
    OperativeFormSet,
    ResolutionEditForm,
    build_edits,
    operative_initial,
    treaty_choices,
)
from ..models import Topic
from ..services.imports import (
    ImportPreview,
    ImportRefused,
    OperativePreview,
    import_resolution,
    preview_import,
)

START_TEMPLATE = "resolutions/import.html"
PREVIEW_TEMPLATE = "resolutions/import_preview.html"


@secretariat_required
def import_start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _start_page(request, ImportSourceForm())
    action = request.POST.get("action")
    if action == "confirm":
        return _confirm(request)
    if action == "reread":
        source_form = ImportSourceForm({"text": request.POST.get("resolution-source", "")})
    else:
        source_form = ImportSourceForm(request.POST, request.FILES)
    if not source_form.is_valid():
        return _start_page(request, source_form)
    return _preview_or_refuse(request, source_form.cleaned_data["source"])


def _preview_or_refuse(request: HttpRequest, text: str) -> HttpResponse:
    try:
        preview = preview_import(text=text)
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    form = ResolutionEditForm(prefix="resolution", initial=ResolutionEditForm.initial_from(preview))
    formset = OperativeFormSet(
        prefix="operative",
        initial=operative_initial(preview),
        form_kwargs={"treaty_choices": treaty_choices()},
    )
    return _preview_page(request, preview, form, formset)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ResolutionEditForm(request.POST, prefix="resolution")
    text = request.POST.get("resolution-source", "")
    if form.text_changed:
        messages.info(
            request,
            _("The text was changed, so it was read again: check the paragraphs once more."),
        )
        source_form = ImportSourceForm({"text": text})
        if not source_form.is_valid():
            return _start_page(request, source_form)
        return _preview_or_refuse(request, text)
    try:
        preview = preview_import(text=text)
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    formset = OperativeFormSet(
        request.POST, prefix="operative", form_kwargs={"treaty_choices": treaty_choices()}
    )
    if not (form.is_valid() & formset.is_valid()):
        return _preview_page(request, preview, form, formset)
    if [f.cleaned_data["number"] for f in formset.forms] != [
        p.number for p in preview.parsed.operative
    ]:
        messages.info(request, _("The paragraphs did not match the text: they were read again."))
        return _preview_or_refuse(request, text)
    edits = build_edits(form, formset)
    replace = form.cleaned_data["replace"]
    try:
        resolution = import_resolution(text=text, user=request.user, replace=replace, edits=edits)
    except ImportRefused as error:
        form.add_error(None, error.describe())
        # The error is on the form; show the corrected reading if it can be made.
        with contextlib.suppress(ImportRefused):
            preview = preview_import(text=text, edits=edits, replace=replace)
        return _preview_page(request, preview, form, formset)
    messages.success(
        request,
        _("%(symbol)s was imported with %(count)d paragraphs.")
        % {"symbol": resolution.symbol, "count": resolution.paragraphs.count()},
    )
    return redirect(resolution.get_absolute_url())


def _refused_source_form(text: str, error: ImportRefused) -> ImportSourceForm:
    """The start form holding the text that was read (also from a file), with the reason."""
    form = ImportSourceForm({"text": text})
    if form.is_valid():
        form.add_error(None, error.describe())
    return form


def _start_page(request: HttpRequest, form: ImportSourceForm) -> HttpResponse:
    return render(
        request,
        START_TEMPLATE,
        {"form": form, "breadcrumbs": _breadcrumbs()},
    )


@dataclass
class ParagraphRow:
    """An operative paragraph on the preview: the reading, its follow-up and its form."""

    item: OperativePreview
    form: Form
    verb: str
    rest: str


def _preview_page(
    request: HttpRequest,
    preview: ImportPreview,
    form: ResolutionEditForm,
    formset: BaseFormSet,
) -> HttpResponse:
    forms_by_number = {_number_of(f): f for f in formset.forms}
    rows = [
        ParagraphRow(item, forms_by_number.get(item.paragraph.number), *_lead(item.paragraph))
        for item in preview.operative
    ]
    context: dict[str, Any] = {
        "preview": preview,
        "parsed": preview.parsed,
        "form": form,
        "formset": formset,
        "rows": rows,
        "formset_errors": [f for f in formset.forms if f.errors],
        "topic_names": Topic.objects.order_by("name").values_list("name", flat=True),
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, PREVIEW_TEMPLATE, context)


def _number_of(form: OperativeEditForm) -> int | None:
    value = form["number"].value()
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _lead(paragraph) -> tuple[str, str]:
    """The opening verb and the rest, so the verb can be set in bold as the reader knows it."""
    verb, text = paragraph.verb or "", paragraph.text
    if verb and text.startswith(verb):
        return verb, text[len(verb) :]
    return "", text


def _breadcrumbs() -> list[tuple[str, str | None]]:
    return [
        (_("Dashboard"), reverse("dashboard")),
        (_("Resolutions"), reverse("resolutions:list")),
        (_("Import a resolution"), None),
    ]
