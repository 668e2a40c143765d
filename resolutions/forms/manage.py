"""Forms of a saved resolution kept in the app: metadata, a paragraph, a re-import, a
withdrawal. The rules are the services' (``services.resolutions``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from memberstates.models import Treaty

from ..models import Paragraph


class ResolutionForm(AppForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deliberated = forms.BooleanField(
        label=_("Deliberated at the session"),
        required=False,
        help_text=_("Untick for a resolution adopted as (Non-Deliberated)."),
    )
    secretariat_document = forms.CharField(
        label=_("Secretariat document"), max_length=200, required=False
    )


class ParagraphForm(AppForm):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    requests_report = forms.BooleanField(label=_("Asks member states to report"), required=False)
    addressees = forms.ChoiceField(
        label=_("Addressed to"),
        choices=Paragraph.Addressees.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    treaties = forms.ModelMultipleChoiceField(
        label=_("Treaties it asks states to join"),
        queryset=Treaty.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    carries_to_session = forms.IntegerField(
        label=_("Places the item on the provisional agenda of session"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_(
            "e.g. 53 for “Decides to place this item on the provisional agenda of its "
            "Fifty-Third Annual Session”."
        ),
    )

    def __init__(self, *args, operative: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not operative:  # a preambular paragraph asks nothing of anyone: its words only
            for name in ("requests_report", "addressees", "treaties", "carries_to_session"):
                del self.fields[name]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        if "addressees" not in self.fields:
            return {"text": data["text"], "requests_report": False, "addressees": "none"}
        return {**data, "treaties": list(data["treaties"])}


class ReimportForm(AppForm):
    text = forms.CharField(
        label=_("The corrected text of the resolution"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paste the whole resolution. Operative paragraphs keep their reports by number; "
            "you see what changes before anything is saved."
        ),
    )


class WithdrawForm(AppForm):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=500,
        help_text=_("e.g. imported by mistake, a duplicate of another symbol."),
    )
