"""Forms of the focal-point portal and the review page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm, AppModelForm, add_service_errors, set_requirement
from memberstates.models import TreatyStatus

from ..models import Paragraph, Response
from ..services.attachments import allowed_types_text, check_upload
from ..services.responses import Decision, ResponseContent, validate_content


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
        self.treaty = paragraph.treaty
        self.fields["attachment"].help_text = _(
            "%(types)s. You can add several, one at a time."
        ) % {"types": allowed_types_text()}
        # Labels tell the truth: what the service requires to submit is not "(optional)".
        needed_to_submit = _("(required to submit)")
        if self.treaty is None:
            del self.fields["treaty_action"]
            del self.fields["instrument"]
            set_requirement(self.fields["narrative"], needed_to_submit)
        else:
            set_requirement(self.fields["treaty_action"], needed_to_submit)
            for name in ("measure_date", "instrument"):
                set_requirement(self.fields[name], _("(required if signed, ratified or acceded)"))
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
        self.other_treaties = self.paragraph.named_treaties[1:]
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
        set_requirement(self.fields["comment"], _("(required to ask for clarification)"))


class ConfirmRatificationForm(AppModelForm):
    """The treaty status a reported ratification becomes; the service checks it."""

    consent_type = forms.ChoiceField(
        label=_("Form of consent"),
        choices=[
            (value, label)
            for value, label in TreatyStatus.ConsentType.choices
            if value in TreatyStatus.PARTY_CONSENTS
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

    class Meta:
        model = TreatyStatus
        fields = ["consent_type", "consent_date", "source"]
