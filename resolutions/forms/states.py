"""The treaty status of one state, edited by the secretariat with a source."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm, set_requirement
from memberstates.models import Treaty, TreatyStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TreatyStatusForm(AppForm):
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

    def __init__(self, *args: Any, treaty: Treaty, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.treaty = treaty
        self.today = today
        # Each is needed once the other is given: the label says so instead of "(optional)".
        set_requirement(self.fields["consent_type"], _("(required with a date of consent)"))
        set_requirement(self.fields["consent_date"], _("(required with a form of consent)"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        signed, consent, kind = (
            cleaned.get("signature_date"),
            cleaned.get("consent_date"),
            cleaned.get("consent_type"),
        )
        if consent and not kind:
            self.add_error(
                "consent_type", _("Say whether it was ratification, accession or succession.")
            )
        if kind and not consent and "consent_date" not in self.errors:
            self.add_error(
                "consent_date",
                _("Enter the date of the %(kind)s.")
                % {"kind": TreatyStatus.ConsentType(kind).label.lower()},
            )
        if signed and consent and consent < signed:
            self.add_error("consent_date", _("Consent cannot come before signature."))
        for name in ("signature_date", "consent_date"):
            day = cleaned.get(name)
            if day and day > self.today:
                self.add_error(name, _("This date is in the future."))
            if day and self.treaty.adopted_on and day < self.treaty.adopted_on:
                self.add_error(
                    name,
                    _("The treaty was adopted on %(date)s: this date is earlier.")
                    % {"date": self.treaty.adopted_on.isoformat()},
                )
        return cleaned
