"""The secretariat's reminder actions: pause, resume, send now, for one state or several."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aalco.forms import AppForm
from memberstates.models import MemberState

from ..models import Session


class StateActionForm(AppForm):
    cycle = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, required=False)

    def clean_cycle(self) -> Session:
        number = self.cleaned_data["cycle"]
        session = Session.objects.filter(number=number).first()
        if session is None or session.next_session() is None:
            raise forms.ValidationError(_("Choose a reporting cycle that has a next session."))
        return session


class BulkActionForm(StateActionForm):
    states = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Member states"),
        queryset=MemberState.objects.active(),
        to_field_name="iso3",
        error_messages={"required": gettext_lazy("Tick at least one member state.")},
    )
    action = forms.ChoiceField(choices=[("pause", "pause"), ("resume", "resume")])
