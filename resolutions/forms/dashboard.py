"""Forms of the dashboard: the cycle picker and the next session's dates."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm

from ..models import ReportingCycle, Session


class CyclePickerForm(AppForm):
    """?cycle=<number of the session that opened it>; a GET form."""

    cycle = forms.TypedChoiceField(label=_("Reporting cycle"), coerce=int)

    def __init__(self, *args: Any, cycles: list[ReportingCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cycle"]).choices = [
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


class SessionForm(AppForm):
    """A session's number, venue and dates; the rules are ``services.sessions.save_session``'s.

    The year may stay empty: it follows the opening day. A past opening day needs the
    ``confirm_past`` box, which the form shows once the service has asked for it.
    """

    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=999)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1956,
        max_value=2200,
        help_text=_("Leave it empty: it is the opening day's year."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Host country"), max_length=100, required=False)
    start_date = forms.DateField(
        label=_("Opening day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Reminders and the reporting deadline are counted from this day."),
    )
    end_date = forms.DateField(
        label=_("Closing day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        session: Session | None = None,
        require_dates: bool = False,
        with_document: bool = False,
        **kwargs: Any,
    ) -> None:
        if session is not None:
            kwargs["initial"] = {
                **(kwargs.get("initial") or {}),
                "number": session.number,
                "year": session.year if session.start_date is None else None,
                "city": session.city,
                "country": session.country,
                "start_date": session.start_date,
                "end_date": session.end_date,
                "agenda_symbol": session.agenda_symbol,
                "agenda_date": session.agenda_date,
            }
        super().__init__(*args, **kwargs)
        self.session = session
        if with_document:
            self.fields["agenda_symbol"] = forms.CharField(
                label=_("Document symbol of the provisional agenda"),
                max_length=200,
                required=False,
                help_text=_("As it will be printed on the cover, e.g. AALCO/64/NEW DELHI/2027/1."),
            )
            self.fields["agenda_date"] = forms.DateField(
                label=_("Date of the provisional agenda"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                help_text=_(
                    "Printed on the cover; the annex counts what was known that day. Empty: "
                    "the day it is printed, or the opening day once the session has opened."
                ),
            )
        if session is not None:
            for name in ("start_date", "end_date"):
                day = getattr(session, name)
                if day is not None:  # in the app's format, whatever the browser's date widget
                    saved = _("Saved: %(date)s.") % {"date": date_format(day, "j F Y")}
                    help_text = self.fields[name].help_text
                    self.fields[name].help_text = f"{help_text} {saved}" if help_text else saved
            # Renumbering an existing session would rewrite every cycle: not from here.
            self.fields["number"].disabled = True
        if require_dates:
            self.fields["start_date"].required = True
            self.fields["start_date"].error_messages["required"] = _("Enter the opening day.")
        if self.data.get("confirm_past"):
            self.ask_to_confirm_past()

    def ask_to_confirm_past(self) -> None:
        """Offer the box that saves a past opening day knowingly."""
        if "confirm_past" not in self.fields:
            self.fields["confirm_past"] = forms.BooleanField(
                label=_(
                    "The session did open on this day: save it and close the reporting cycle "
                    "it ends"
                ),
                required=False,
            )
            # Right after the dates it confirms, not after the cover's fields.
            order = list(self.fields)
            order.remove("confirm_past")
            order.insert(order.index("end_date") + 1, "confirm_past")
            self.order_fields(order)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "year": data.get("year"),
            "city": data.get("city", ""),
            "country": data.get("country", ""),
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "confirm_past": bool(data.get("confirm_past")),
            **(
                {"agenda_symbol": data.get("agenda_symbol", ""), "agenda_date": data["agenda_date"]}
                if "agenda_date" in self.fields
                else {}
            ),
        }
