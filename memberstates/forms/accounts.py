"""Forms of the account pages: inviting a focal point, handing over, accepting an invitation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from aalco.forms import AppForm, CleanTextMixin
from memberstates.models import FocalPoint, MemberState


def language_field(*, help_text: StrOrPromise) -> forms.ChoiceField:
    """The language of a focal point's emails, chosen when inviting them."""
    return forms.ChoiceField(
        label=_("Language of the emails"),
        choices=FocalPoint.Language.choices,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )


class InviteFocalPointForm(AppForm):
    member_state = forms.ModelChoiceField(
        label=_("Member state"),
        queryset=MemberState.objects.active(),
        widget=forms.Select(attrs={"class": "select"}),
        to_field_name="iso3",
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=FocalPoint.Role.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        initial=FocalPoint.Role.MAIN,
    )
    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"class": "input"})
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"class": "input"})
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    organisation = forms.CharField(
        label=_("Ministry or mission"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    preferred_language = language_field(
        help_text=_("The invitation and every later email are written in it. Unchosen: English.")
    )


class HandoverForm(AppForm):
    name = forms.CharField(
        label=_("Successor's full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    email = forms.EmailField(
        label=_("Successor's email address"), widget=forms.EmailInput(attrs={"class": "input"})
    )
    preferred_language = language_field(
        help_text=_("The invitation and every later email. Unchosen: the outgoing person's.")
    )


class AcceptInvitationForm(CleanTextMixin, SetPasswordForm):
    """Set the first password (Django's validators) and confirm one's name."""

    name = forms.CharField(
        label=_("Your full name"), max_length=200, widget=forms.TextInput(attrs={"class": "input"})
    )
    field_order = ["name", "new_password1", "new_password2"]

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["name"].initial = user.name
        for field in ("new_password1", "new_password2"):
            self.fields[field].widget.attrs.update({"class": "input"})
