"""Forms of the import screen: the text or file to read, then the corrections to what was read."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from memberstates.models import Treaty

from ..models import Paragraph, Session
from ..services.documents import check_size, extract_text
from ..services.imports import ImportEdits, ImportPreview, ImportRefused


def text_digest(text: str) -> str:
    """Ties a confirmation to the text that was previewed (edits are per paragraph number)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ImportSourceForm(AppForm):
    """Paste the text, or upload the document; `cleaned_data["source"]` is the text to read."""

    text = forms.CharField(
        label=_("Paste the text of the resolution"),
        help_text=_("From the symbol and date down to the last operative paragraph."),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "textarea", "spellcheck": "false"}),
    )
    document = forms.FileField(
        label=_("Or upload the document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,text/plain"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(".txt, .docx or .pdf, up to %(size)s.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        text, document = cleaned.get("text") or "", cleaned.get("document")
        if self.errors:
            return cleaned
        if document and text.strip():
            raise ValidationError(
                _("Paste the text or upload a document, not both."), code="both_sources"
            )
        try:
            if document:
                # Refused before reading: the size is known from the upload itself.
                check_size(size=document.size, name=document.name)
                cleaned["source"] = extract_text(data=document.read(), filename=document.name)
            elif text.strip():
                check_size(size=len(text.encode("utf-8", "surrogatepass")))
                cleaned["source"] = text
            else:
                raise ValidationError(
                    _("Paste the text of a resolution or choose a file to upload."),
                    code="no_source",
                )
        except ImportRefused as error:
            self.add_error("document" if document else "text", error.describe())
        return cleaned


class ResolutionEditForm(AppForm):
    """The resolution's own fields as read by the parser, for the secretariat to correct."""

    source = forms.CharField(
        label=_("Text of the resolution"),
        help_text=_("Change the text and choose “Read the text again” to preview it afresh."),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "textarea", "spellcheck": "false"}),
    )
    digest = forms.CharField(widget=forms.HiddenInput)
    symbol = forms.CharField(label=_("Symbol"), max_length=100)
    date = forms.DateField(
        label=_("Adopted on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    session = forms.TypedChoiceField(
        label=_("Annual session"),
        coerce=int,
        empty_value=None,
        error_messages={
            "required": _("Select the AALCO annual session the resolution is filed under")
        },
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    topic = forms.CharField(
        label=_("Work programme item"),
        max_length=255,
        help_text=_("Resolutions on the same item are linked from session to session."),
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    deliberated = forms.BooleanField(
        label=_("Deliberated at the session"),
        help_text=_("Untick for a resolution adopted as (Non-Deliberated)."),
        required=False,
    )
    secretariat_document = forms.CharField(
        label=_("Secretariat document"), max_length=200, required=False
    )
    replace = forms.BooleanField(
        label=_("Replace the resolution already imported under this symbol"),
        help_text=_(
            "Its paragraphs are updated by number; responses already logged are kept, and "
            "the import is refused if a paragraph with responses would disappear."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("Choose the session"))] + [
            (s.number, str(s)) for s in Session.objects.order_by("-number")
        ]

    @classmethod
    def initial_from(cls, preview: ImportPreview) -> dict[str, Any]:
        parsed = preview.parsed
        return {
            "source": preview.source_text,
            "digest": text_digest(preview.source_text),
            "symbol": parsed.symbol or "",
            "date": parsed.date,
            "session": parsed.session if preview.session is not None else None,
            "title": parsed.title or "",
            "topic": preview.topic_name,
            "deliberated": parsed.deliberated is not False,
            "secretariat_document": parsed.secretariat_document or "",
            "replace": preview.replace,
        }

    @property
    def text_changed(self) -> bool:
        """The text was edited after the preview: paragraph corrections no longer apply."""
        source, digest = (
            self.data.get(self.add_prefix("source"), ""),
            self.data.get(self.add_prefix("digest"), ""),
        )
        return text_digest(source) != digest

    def resolution_edits(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "symbol": " ".join(data["symbol"].split()),
            "date": data["date"],
            "session": data["session"],
            "title": " ".join(data["title"].split()),
            "deliberated": data["deliberated"],
            "secretariat_document": data["secretariat_document"].strip() or None,
        }


class OperativeEditForm(AppForm):
    """The follow-up read from one operative paragraph."""

    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    verb = forms.CharField(label=_("Opening verb"), max_length=100)
    requests_report = forms.BooleanField(
        label=_("Asks member states to act and report"), required=False
    )
    addressees = forms.ChoiceField(label=_("Addressed to"), choices=Paragraph.Addressees.choices)
    treaties = forms.MultipleChoiceField(
        label=_("Treaties"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    carries_to_session = forms.IntegerField(
        label=_("Carries the item to session"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty if the paragraph places nothing on a future agenda."),
    )

    def __init__(self, *args: Any, treaty_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["treaties"].choices = treaty_choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("requests_report") and cleaned.get("addressees") == "none":
            self.add_error(
                "addressees",
                _(
                    "Paragraph %(number)s asks member states to report: choose whom it "
                    "addresses, or untick “Asks member states to act and report”."
                )
                % {"number": cleaned.get("number")},
            )
        return cleaned

    def paragraph_edits(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "verb": " ".join(data["verb"].split()),
            "requests_report": data["requests_report"],
            "addressees": data["addressees"],
            "treaties": list(data["treaties"]),
            "carries_to_session": data["carries_to_session"],
        }


class BaseOperativeFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        numbers = [form.cleaned_data.get("number") for form in self.forms]
        if len(set(numbers)) != len(numbers):
            raise ValidationError(_("Each operative paragraph may appear only once."))


OperativeFormSet = forms.formset_factory(
    OperativeEditForm, formset=BaseOperativeFormSet, extra=0, max_num=999, validate_max=True
)


def treaty_choices() -> list[tuple[str, str]]:
    return [(t.short_name, t.short_name) for t in Treaty.objects.order_by("short_name")]


def operative_initial(preview: ImportPreview) -> list[dict[str, Any]]:
    return [
        {
            "number": p.number,
            "verb": p.verb,
            "requests_report": p.requests_report,
            "addressees": str(p.addressees),
            "treaties": [t.short_name for t in item.treaties],
            "carries_to_session": p.carries_to_session,
        }
        for item in preview.operative
        if (p := item.paragraph)
    ]


def build_edits(form: ResolutionEditForm, formset: forms.BaseFormSet) -> ImportEdits:
    return ImportEdits(
        resolution=form.resolution_edits(),
        operative={f.cleaned_data["number"]: f.paragraph_edits() for f in formset.forms},
        topic=" ".join(form.cleaned_data["topic"].split()),
    )
