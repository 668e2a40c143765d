"""Forms of the focal-point portal, the review page and the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm, CleanTextMixin, add_service_errors
from memberstates.models import FocalPoint, MemberState, TreatyStatus

from ..models import Paragraph, Response
from ..services.attachments import allowed_types_text, check_upload
from ..services.responses import (
    Decision,
    ResponseContent,
    treaties_of,
    treaty_of,
    validate_content,
)


class ResponseForm(AppForm):
    """A state's report. For a treaty paragraph it speaks the treaty's language."""

    treaty_action = forms.ChoiceField(
        label=_("Where does your state stand on the treaty?"),
        choices=Response.TreatyAction.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        required=False,
    )
    narrative = forms.CharField(
        label=_("What has your state done?"),
        help_text=_("Laws, policies, programmes, decisions: what was done and by whom."),
        widget=forms.Textarea(attrs={"rows": 8, "class": "textarea", "dir": "auto"}),
        required=False,
        max_length=20000,
    )
    measure_date = forms.DateField(
        label=_("Date of the measure"),
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
        required=False,
    )
    instrument = forms.CharField(
        label=_("Instrument"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    attachment = forms.FileField(
        label=_("Supporting document"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "input", "accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}
        ),
    )
    reply = forms.CharField(
        label=_("Your answer to the secretariat"),
        help_text=_(
            "The secretariat reads it beside its question, with the new version of your "
            "report. Leave it empty if the changed report speaks for itself."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea", "dir": "auto"}),
        required=False,
        max_length=5000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        paragraph: Paragraph,
        submitting: bool = False,
        answering: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.paragraph = paragraph
        self.submitting = submitting
        if not answering:  # the reply field stands beside a question, only when one is asked
            del self.fields["reply"]
        self.treaty = treaty_of(paragraph)
        self.fields["attachment"].help_text = _(
            "%(types)s. You can add several, one at a time."
        ) % {"types": allowed_types_text()}
        # Labels tell the truth: what the service requires to submit is not "(optional)".
        needed_to_submit = _("(required to submit)")
        if self.treaty is None:
            del self.fields["treaty_action"]
            del self.fields["instrument"]
            self.fields["narrative"].requirement = needed_to_submit
        else:
            self.fields["treaty_action"].requirement = needed_to_submit
            for name in ("measure_date", "instrument"):
                self.fields[name].requirement = _("(required if signed, ratified or acceded)")
            self.fields["treaty_action"].label = _(
                "Where does your state stand on the %(treaty)s?"
            ) % {"treaty": self.treaty.short_name}
            self.fields["measure_date"].label = _("Date of signature, ratification or accession")
            self.fields["measure_date"].help_text = _(
                "The date the instrument was signed or deposited."
            )
            self.fields["instrument"].help_text = _(
                "For example: instrument of accession deposited with the UN Secretary-General."
            )
            self._add_other_treaties()
            self.fields["narrative"].label = _("Anything to add?")
            self.fields["narrative"].help_text = _(
                "For example where a domestic procedure stands, or what is being considered."
            )

    def _add_other_treaties(self) -> None:
        """A paragraph that names several treaties: the same question about each of the others
        (fields treaty_action_<pk>, kept in Response.treaty_actions by short name)."""
        self.other_treaties = treaties_of(self.paragraph)[1:]
        answers = (self.initial or {}).get("treaty_actions") or {}
        for treaty in self.other_treaties:
            self.fields[f"treaty_action_{treaty.pk}"] = forms.ChoiceField(
                label=_("Where does your state stand on the %(treaty)s?")
                % {"treaty": treaty.short_name},
                choices=Response.TreatyAction.choices,
                widget=forms.RadioSelect(attrs={"class": "choices"}),
                required=False,
                initial=answers.get(treaty.short_name, ""),
            )

    @property
    def other_treaty_fields(self) -> list:
        return [self[f"treaty_action_{t.pk}"] for t in getattr(self, "other_treaties", [])]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload=upload)
        return upload

    def content(self) -> ResponseContent:
        data = self.cleaned_data
        return ResponseContent(
            narrative=data.get("narrative", "").strip(),
            measure_date=data.get("measure_date"),
            treaty_action=data.get("treaty_action", "") or "",
            instrument=data.get("instrument", "").strip(),
            treaty_actions={
                t.short_name: answer
                for t in getattr(self, "other_treaties", [])
                if (answer := data.get(f"treaty_action_{t.pk}"))
            },
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_content(
                    paragraph=self.paragraph, content=self.content(), submitting=self.submitting
                )
            except ValidationError as exc:
                add_service_errors(self, exc)
        return cleaned


class UploadForm(AppForm):
    attachment = forms.FileField(label=_("Supporting document"))

    def clean_attachment(self):
        upload = self.cleaned_data["attachment"]
        check_upload(upload=upload)
        return upload


class ReviewForm(AppForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (Decision.ACCEPT, _("Accept the report")),
            (Decision.CLARIFY, _("Ask the state to clarify")),
        ],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    comment = forms.CharField(
        label=_("Comment to the focal point"),
        help_text=_("The focal point reads this beside the report."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea", "dir": "auto"}),
        required=False,
        max_length=5000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].requirement = _("(required to ask for clarification)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.CLARIFY and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what the state should clarify."))
        return cleaned


class ConfirmRatificationForm(AppForm):
    consent_type = forms.ChoiceField(
        label=_("Form of consent"),
        choices=[
            (TreatyStatus.ConsentType.RATIFICATION, _("Ratification")),
            (TreatyStatus.ConsentType.ACCESSION, _("Accession")),
            (TreatyStatus.ConsentType.SUCCESSION, _("Succession")),
        ],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    consent_date = forms.DateField(
        label=_("Date of ratification, accession or succession"),
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Where this comes from: the instrument reported, the UNTC depositary notice."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "textarea", "dir": "auto"}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def language_field(*, help_text: str) -> forms.ChoiceField:
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
