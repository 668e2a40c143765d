"""The secretariat's edits to a provisional agenda."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm


class StandingItemForm(AppForm):
    title = forms.CharField(
        label=_("Title of the item"),
        max_length=500,
        help_text=_("For example “Adoption of the agenda”."),
    )
    where = forms.ChoiceField(
        label=_("Where it goes"),
        choices=[
            ("opening", _("Before the items carried forward by resolutions")),
            ("closing", _("At the end of the agenda")),
        ],
        initial="closing",
        widget=forms.RadioSelect,
    )
    secretariat_document = forms.CharField(
        label=_("Secretariat document symbol"), max_length=200, required=False
    )


class AgendaItemForm(AppForm):
    title = forms.CharField(label=_("Title of the item"), max_length=500)
    secretariat_document = forms.CharField(
        label=_("Secretariat document symbol"),
        max_length=200,
        required=False,
        help_text=_("For example AALCO/53/TEHRAN/2014/S 5."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Printed under the item's heading in the annex."),
    )

    def __init__(self, *args, suggestion: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if suggestion:
            self.fields["secretariat_document"].help_text = _(
                "Suggested from the session and the previous document: %(symbol)s"
            ) % {"symbol": suggestion}


#: Each language named in itself, as on the language switcher.
DOCUMENT_LANGUAGES = (("en", "English"), ("fr", "Français"), ("ar", "العربية"))


class LanguageSelect(forms.Select):
    """A select whose options say which language their name is in (screen readers)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["lang"] = value
        return option


class AgendaExportForm(AppForm):
    """The language every download of the agenda is written in."""

    language = forms.ChoiceField(
        label=_("Language of the documents"),
        choices=DOCUMENT_LANGUAGES,
        widget=LanguageSelect,
        help_text=_(
            "Headings, dates and the official translations of the resolutions, where the "
            "secretariat attached one. Resolutions without one are given as adopted."
        ),
    )

    @classmethod
    def chosen(cls, data, default: str) -> tuple[AgendaExportForm, str | None]:
        """The form bound to `data` (a request's GET or POST) and the language it chose:
        `default` (the page's language) when none was chosen; None when the choice is not
        one of ours."""
        if not data.get("language"):
            return cls(initial={"language": default}), default
        form = cls({"language": data["language"]})
        return form, form.cleaned_data["language"] if form.is_valid() else None
