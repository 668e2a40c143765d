"""The treaty status of one state, edited by the secretariat with a source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppModelForm, set_requirement
from memberstates.models import TreatyStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TreatyStatusForm(AppModelForm):
    """A state's participation in one treaty; ``update_treaty_status`` checks the dates."""

    signature_date = forms.DateField(label=_("Date of signature"), required=False, widget=_DATE)
    consent_type = forms.ChoiceField(
        label=_("Form of consent to be bound"),
        choices=TreatyStatus.ConsentType.choices,
        required=False,
        help_text=_("Only ratification, accession or succession makes the state a party."),
    )
    consent_date = forms.DateField(
        label=_("Date of ratification, accession or succession"), required=False, widget=_DATE
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where this comes from, e.g. the UN Treaty Collection page and its date."),
    )
    reason = forms.CharField(
        label=_("Note for the history"),
        max_length=100,
        required=False,
        help_text=_("A few words on why it changed, e.g. “instrument of accession deposited”."),
    )

    class Meta:
        model = TreatyStatus
        fields = ["signature_date", "consent_type", "consent_date", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each is needed once the other is given: the label says so instead of "(optional)".
        set_requirement(self.fields["consent_type"], _("(required with a date of consent)"))
        set_requirement(self.fields["consent_date"], _("(required with a form of consent)"))
