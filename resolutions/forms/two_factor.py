"""Forms of the second-factor pages: the code at sign-in, and re-confirming who is there."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm


class VerifyForm(AppForm):
    """The 6 digits from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("6-digit code from your authenticator app, or a recovery code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "input",
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self) -> str:
        # People copy recovery codes with spaces or dashes; the codes are lower case.
        return "".join(ch for ch in self.cleaned_data["token"] if ch.isalnum()).lower()


class ReauthenticateForm(AppForm):
    secret = forms.CharField(
        label=_("Your password, or the 6-digit code from your authenticator app"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "input", "autocomplete": "current-password"}),
    )
