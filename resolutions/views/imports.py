"""The secretariat's "Import a resolution" screen: paste or upload, edit the structure, save.

The page carries the source text (and its digest) and the editor's rows. The parser's reading
is always made again on the server from the text; the rows are the secretariat's corrections
(split, merged, renumbered paragraphs, follow-up), checked by the forms and by the service
before anything is saved. A text holding several resolutions (a session's compilation) opens
as a batch: each resolution's preview, saved one transaction each.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aalco.access import secretariat_required

from ..forms.imports import (
    ImportSourceForm,
    ParagraphFormSet,
    ResolutionEditForm,
    apply_operation,
    build_edits,
    rows_from_preview,
    state_choices,
    treaty_choices,
)
from ..models import Paragraph
from ..selectors.imports import existing_session_number, sessions_newest_first, topic_names
from ..services.imports import (
    ImportEdits,
    ImportPreview,
    ImportRefused,
    import_resolution,
    preview_import,
    preview_imports,
    save_import_batch,
)

ROW_KEY = re.compile(r"p-\d{1,4}-kind")
FOCUSABLE = frozenset({"kind", "addressees", "text"})
START_TEMPLATE = "resolutions/import.html"
PREVIEW_TEMPLATE = "resolutions/import_preview.html"
BATCH_TEMPLATE = "resolutions/import_batch.html"
ROW_FIELDS = (
    "kind", "section", "number", "verb", "text", "extra", "requests_report", "addressees",
    "treaties", "states", "carries_to_session",
)  # fmt: skip


@secretariat_required
def import_start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _start_page(request, ImportSourceForm())
    action = request.POST.get("action")
    if action in ("confirm", "edit") or request.POST.get("op"):
        return _edit(request, confirm=action == "confirm")
    if action == "batch-save":
        return _batch_save(request)
    if "edit" in request.POST and "source" in request.POST:
        return _batch_edit(request)
    if action == "reread":
        source_form = ImportSourceForm({"text": request.POST.get("resolution-source", "")})
    else:
        source_form = ImportSourceForm(request.POST, request.FILES)
    if not source_form.is_valid():
        return _start_page(request, source_form)
    return _read(request, source_form.cleaned_data["source"])


def _read(request: HttpRequest, text: str, *, index: int | None = None) -> HttpResponse:
    """A fresh reading: the editor for one resolution, the batch list for several."""
    try:
        if index is None:
            previews = preview_imports(text=text)
            if len(previews) > 1:
                return _batch_page(request, text, previews)
            preview = previews[0]
        else:
            preview = preview_import(text=text, index=index)
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    form = ResolutionEditForm(prefix="resolution", initial=ResolutionEditForm.initial_from(preview))
    return _preview_page(request, preview, form, _unbound_formset(preview))


def _edit(request: HttpRequest, *, confirm: bool) -> HttpResponse:
    """An operation in the editor (split, merge, renumber, check), or the confirmation."""
    form = ResolutionEditForm(request.POST, prefix="resolution")
    text = request.POST.get("resolution-source", "")
    index = form.item_index
    if form.text_changed:
        messages.info(
            request,
            _("The text was changed, so it was read again: check the paragraphs once more."),
        )
        source_form = ImportSourceForm({"text": text})
        if not source_form.is_valid():
            return _start_page(request, source_form)
        return _read(request, text, index=index)
    if not _rows_posted(request):
        messages.info(
            request, _("The paragraphs sent did not match the page: the text was read again.")
        )
        return _read(request, text, index=index)
    formset = _bound_formset(request, strict=confirm)
    form_valid, formset_valid = form.is_valid(), formset.is_valid()
    if not formset_valid:
        return _preview_again(request, text, index, form, formset, show_errors=confirm)
    rows = [subform.row() for subform in formset.forms]
    operation = request.POST.get("op", "")
    if operation:
        rows, row = apply_operation(rows, operation)
        field = operation.rsplit("-", 1)[-1] if operation.startswith("check") else "text"
        focus = None if row is None else (row, field if field in FOCUSABLE else "kind")
        return _preview_again(request, text, index, form, rows, show_errors=False, focus=focus)
    if not (confirm and form_valid):
        return _preview_again(request, text, index, form, rows, show_errors=confirm)
    edits = build_edits(form, rows)
    replace = form.cleaned_data["replace"]
    try:
        resolution = import_resolution(
            text=text, user=request.user, replace=replace, edits=edits, index=index
        )
    except ImportRefused as error:
        form.add_error(None, error.describe())
        return _preview_again(request, text, index, form, rows, show_errors=True)
    messages.success(
        request,
        _("%(symbol)s was imported with %(count)d paragraphs.")
        % {"symbol": resolution.symbol, "count": resolution.paragraphs.count()},
    )
    return redirect(resolution.get_absolute_url())


def _preview_again(
    request: HttpRequest,
    text: str,
    index: int | None,
    form: ResolutionEditForm,
    rows: list[dict[str, Any]] | BaseFormSet,
    *,
    show_errors: bool,
    focus: tuple[int, str] | None = None,
) -> HttpResponse:
    """The editor once more, with the corrections applied as far as they are valid.

    After a split or a merge the resolution's fields show what was typed, without error
    messages: those wait for the confirmation.
    """
    structure_rows = rows if isinstance(rows, list) else None
    if structure_rows is not None:
        edits = build_edits(form, structure_rows, partial=True)
    else:
        edits = ImportEdits(resolution=form.resolution_edits(partial=True))
    try:
        preview = preview_import(
            text=text,
            edits=edits,
            replace=bool(form.cleaned_data.get("replace")),
            index=index,
        )
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    if not show_errors:
        form = ResolutionEditForm.as_entered(request.POST)
    formset = rows if isinstance(rows, BaseFormSet) else _unbound_formset(preview)
    return _preview_page(request, preview, form, formset, focus=focus)


def _rows_posted(request: HttpRequest) -> bool:
    """The management form counts the rows actually posted (no hollow rows to draw)."""
    try:
        total = int(request.POST.get("p-TOTAL_FORMS", ""))
    except ValueError:
        return False
    posted = {key for key in request.POST if ROW_KEY.fullmatch(key)}
    return total == len(posted) and all(f"p-{n}-kind" in posted for n in range(total))


def _bound_formset(request: HttpRequest, *, strict: bool) -> BaseFormSet:
    return ParagraphFormSet(
        request.POST,
        prefix="p",
        form_kwargs={
            "treaty_choices": treaty_choices(),
            "state_choices": state_choices(),
            "strict": strict,
        },
    )


def _unbound_formset(preview: ImportPreview) -> BaseFormSet:
    rows = rows_from_preview(preview)
    formset = ParagraphFormSet(
        prefix="p",
        initial=[{name: row[name] for name in ROW_FIELDS} for row in rows],
        form_kwargs={"treaty_choices": treaty_choices(), "state_choices": state_choices()},
    )
    for subform, row in zip(formset.forms, rows, strict=True):
        subform.item = row["item"]
    return formset


def _refused_source_form(text: str, error: ImportRefused) -> ImportSourceForm:
    """The start form holding the text that was read (also from a file), with the reason."""
    form = ImportSourceForm({"text": text})
    if form.is_valid():
        form.add_error(None, error.describe())
    return form


def _start_page(request: HttpRequest, form: ImportSourceForm) -> HttpResponse:
    return render(request, START_TEMPLATE, {"form": form, "breadcrumbs": _breadcrumbs()})


def _preview_page(
    request: HttpRequest,
    preview: ImportPreview,
    form: ResolutionEditForm,
    formset: BaseFormSet,
    *,
    focus: tuple[int, str] | None = None,
) -> HttpResponse:
    if focus is not None and 0 <= focus[0] < len(formset.forms):
        # The row just split, merged or changed keeps the keyboard focus after the redraw.
        formset.forms[focus[0]].focus_field = focus[1]
        formset.forms[focus[0]].focused = True
    headings = {section.label: section.heading for section in preview.parsed.sections}
    for subform in formset.forms:
        subform.section_heading = headings.get(str(subform["section"].value() or ""), "")
    context: dict[str, Any] = {
        "preview": preview,
        "parsed": preview.parsed,
        "form": form,
        "formset": formset,
        "formset_errors": [f for f in formset.forms if f.errors],
        # The rows are drawn by hand (resolutions/import_row.html): their choices, once.
        "kind_choices": Paragraph.Kind.choices,
        "addressee_choices": Paragraph.Addressees.choices,
        "treaty_choices": formset.form_kwargs["treaty_choices"],
        "state_choices": formset.form_kwargs["state_choices"],
        "topic_names": topic_names(),
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, PREVIEW_TEMPLATE, context)


# ------------------------------------------------------------------------------------ batch


def _batch_page(
    request: HttpRequest,
    text: str,
    previews: list[ImportPreview],
    *,
    results: list | None = None,
) -> HttpResponse:
    saved = {r.index: r for r in results or []}
    context = {
        "previews": previews,
        "source": text,
        "sessions": sessions_newest_first(),
        "results": saved,
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, BATCH_TEMPLATE, context)


def _chosen_indices(request: HttpRequest) -> list[int]:
    indices = []
    for value in request.POST.getlist("items")[:10_000]:
        try:
            indices.append(int(value))
        except ValueError:
            continue
    return indices


def _batch_session(request: HttpRequest) -> int | None:
    try:
        number = int(request.POST.get("session", ""))
    except ValueError:
        return None
    return existing_session_number(number)


def _batch_save(request: HttpRequest) -> HttpResponse:
    """Save the chosen resolutions, one transaction each; JSON for the page's progress bar."""
    text = request.POST.get("source", "")
    source_form = ImportSourceForm({"text": text})
    if not source_form.is_valid():
        return _start_page(request, source_form)
    try:
        results = save_import_batch(
            text=text,
            indices=_chosen_indices(request),
            user=request.user,
            session=_batch_session(request),
        )
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {
                "results": [
                    {
                        "index": r.index,
                        "symbol": r.symbol,
                        "saved": r.saved,
                        "url": r.resolution.get_absolute_url() if r.resolution else None,
                        "error": r.error,
                    }
                    for r in results
                ]
            }
        )
    count = sum(1 for r in results if r.saved)
    if count:
        messages.success(
            request,
            _("%(count)d of %(total)d chosen resolutions were saved.")
            % {"count": count, "total": len(results)},
        )
    elif not results:
        messages.info(request, _("Choose at least one resolution to save."))
    try:
        previews = preview_imports(text=text)
    except ImportRefused as error:
        return _start_page(request, _refused_source_form(text, error))
    return _batch_page(request, text, previews, results=results)


def _batch_edit(request: HttpRequest) -> HttpResponse:
    """Open one resolution of the compilation in the editor."""
    text = request.POST.get("source", "")
    source_form = ImportSourceForm({"text": text})
    if not source_form.is_valid():
        return _start_page(request, source_form)
    try:
        index = int(request.POST.get("edit", ""))
    except ValueError:
        return _read(request, text)
    return _read(request, text, index=index)


def _breadcrumbs() -> list[tuple[str, str | None]]:
    return [
        (_("Dashboard"), reverse("dashboard")),
        (_("Resolutions"), reverse("resolutions:list")),
        (_("Import a resolution"), None),
    ]
