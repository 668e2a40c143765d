from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm

from ..models import ResolutionTranslation
from ..services.documents import extract_text
from ..services.imports import ImportRefused


class TranslationForm(AppForm):
    """The official French or Arabic text of a saved resolution: pasted or uploaded."""

    language = forms.ChoiceField(
        label=_("Language of the translation"),
        choices=ResolutionTranslation.Language.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title in that language"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to take the first line of the text."),
    )
    text = forms.CharField(
        label=_("Translated text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        help_text=_("The whole resolution, with its numbered operative paragraphs."),
    )
    document = forms.FileField(
        label=_("Or upload the document (.txt, .docx or .pdf)"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        text, document = cleaned.get("text", ""), cleaned.get("document")
        if text and document:
            raise forms.ValidationError(_("Paste the text or upload a document, not both."))
        if document:
            try:
                cleaned["text"] = extract_text(data=document.read(), filename=document.name)
            except ImportRefused as exc:
                self.add_error("document", str(exc))
        elif not text:
            raise forms.ValidationError(_("Paste the translated text or choose its file."))
        return cleaned
