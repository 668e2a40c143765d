"""Official translations of a saved resolution: attach (with a preview of how the paragraphs
line up), replace, remove."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required
from aalco.forms import add_service_errors

from ..forms.translations import TranslationForm
from ..models import Resolution, ResolutionTranslation
from ..services.translations import read_translation, remove_translation, save_translation

PENDING_KEY = "translation_pending"


@secretariat_required
def translation_attach(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution, pk=pk)
    form = TranslationForm()
    preview = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _save_pending(request, resolution)
    if request.method == "POST":
        form = TranslationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                preview = read_translation(
                    resolution=resolution,
                    language=form.cleaned_data["language"],
                    text=form.cleaned_data["text"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[PENDING_KEY] = {
                    "resolution": resolution.pk,
                    "language": preview.language,
                    "text": preview.source_text,
                    "title": preview.title,
                }
    return render(
        request,
        "resolutions/translation.html",
        {
            "resolution": resolution,
            "form": form,
            "preview": preview,
            "existing": list(resolution.translations.all()),
            "breadcrumbs": [
                (_("Dashboard"), reverse("dashboard")),
                (_("Resolutions"), reverse("resolutions:list")),
                (resolution.symbol, resolution.get_absolute_url()),
                (_("Official translations"), None),
            ],
        },
    )


def _save_pending(request: HttpRequest, resolution: Resolution) -> HttpResponse:
    """Save the translation previewed before, kept in the session until confirmed."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("resolution") != resolution.pk:
        messages.error(request, _("The preview has expired: paste the text again."))
        return redirect("resolutions:translation", resolution.pk)
    preview = read_translation(
        resolution=resolution,
        language=pending["language"],
        text=pending["text"],
        title=pending["title"],
    )
    save_translation(preview=preview, user=request.user)
    del request.session[PENDING_KEY]
    messages.success(
        request,
        _("The %(language)s translation of %(symbol)s was saved.")
        % {
            "language": ResolutionTranslation.Language(preview.language).label,
            "symbol": resolution.symbol,
        },
    )
    return redirect(resolution.get_absolute_url())


@secretariat_required
@require_POST
def translation_remove(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    resolution = get_object_or_404(Resolution, pk=pk)
    if language not in ResolutionTranslation.Language.values:
        raise Http404
    remove_translation(resolution=resolution, language=language)
    messages.success(request, _("The translation was removed; the original is unchanged."))
    return redirect("resolutions:translation", resolution.pk)
