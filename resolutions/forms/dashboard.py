"""Forms of the dashboard: the cycle picker and the next session's dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm, AppModelForm

from ..models import ReportingCycle, Session


class CyclePickerForm(AppForm):
    """?cycle=<number of the session that opened it>; a GET form."""

    cycle = forms.TypedChoiceField(label=_("Reporting cycle"), coerce=int)

    def __init__(self, *args: Any, cycles: list[ReportingCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [
            (
                c.opening.number,
                _("Session %(opening)s → %(closing)s (%(year)s)")
                % {
                    "opening": c.opening.number,
                    "closing": c.closing.number if c.closing else "?",
                    "year": c.opening.year,
                },
            )
            for c in cycles
        ]


class SessionDatesForm(AppModelForm):
    """The session that closes a cycle: added or moved by the secretariat from the dashboard."""

    class Meta:
        model = Session
        fields = ["number", "year", "city", "country", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "number": _("The session after the one that opened this cycle."),
            "start_date": _("Reminders and the reporting deadline are counted from this day."),
        }

    def __init__(self, *args: Any, opening: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opening = opening
        for name in ("start_date", "end_date", "year", "number"):
            self.fields[name].required = True
        if self.instance.pk:
            # Renumbering an existing session would rewrite every cycle: not from here.
            self.fields["number"].disabled = True
        else:
            self.initial.setdefault("number", opening.number + 1)
            self.initial.setdefault("year", opening.year + 1)

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if not self.instance.pk and number <= self.opening.number:
            raise forms.ValidationError(
                _("The next session's number must be greater than %(number)s."),
                params={"number": self.opening.number},
            )
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end, year = (cleaned.get(k) for k in ("start_date", "end_date", "year"))
        if start and end and end < start:
            self.add_error("end_date", _("The closing day must be on or after the opening day."))
        if start and year and start.year != year:
            self.add_error(
                "start_date", _("The opening day must fall in %(year)s.") % {"year": year}
            )
        opened = self.opening.end_date or self.opening.start_date
        if start and opened and start <= opened:
            self.add_error(
                "start_date",
                _("The next session must open after the %(ordinal)s session (%(date)s).")
                % {"ordinal": self.opening.ordinal, "date": opened.isoformat()},
            )
        return cleaned

    def validate_unique(self) -> None:
        # Friendlier than Django's "Annual session with this Number already exists."
        number = self.cleaned_data.get("number")
        if (
            number is not None
            and Session.objects.filter(number=number).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("number", _("Session %(number)s already exists.") % {"number": number})
            return
        super().validate_unique()
