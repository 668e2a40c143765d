"""Forms of the sign-in pages: the password, the code, and re-confirming who is there."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from aalco.models import EMAIL_MAX_LENGTH, OutboundEmail
from aalco.outbox import enqueue_email


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages that say what to do.

    An address longer than any account's is refused here, before anything is looked up or
    counted by the lockout.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")

    def clean_username(self) -> str:
        # Django's form only puts maxlength on the input; a script can send any length.
        username = self.cleaned_data["username"]
        if len(username) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("Enter an email address of at most %(limit)d characters"),
                code="max_length",
                params={"limit": EMAIL_MAX_LENGTH},
            )
        return username


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form whose email goes through the outbox, like every other email."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = loader.render_to_string(subject_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        enqueue_email(
            kind=OutboundEmail.Kind.PASSWORD_RESET,
            to=[to_email],
            subject=subject,
            text=loader.render_to_string(email_template_name, context),
            html=html,
            from_email=from_email,
            sensitive=True,
        )


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


class TokenForm(AppForm):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={
                "class": "input",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "size": 8,
            }
        ),
    )
