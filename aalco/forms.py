"""Form rendering and small form helpers shared by every app.

``AppFormRenderer`` (settings.FORM_RENDERER) makes ``{{ form }}`` and
``{{ form.field.as_field_group }}`` render through ``templates/includes/form.html`` and
``includes/field.html``: a label, the hint from ``help_text``, the error message inline,
``aria-describedby`` tying them to the input, and an "(optional)" marker. Put
``{% include "includes/error_summary.html" %}`` at the top of the form so errors are also
listed, each linking to its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.models import construct_instance
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # The mixins below are only ever mixed into forms: type them as forms.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class AppFormRenderer(TemplatesSetting):
    """Renders forms with the project's accessible field templates."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


NUL_BYTE_MESSAGE = _(
    "Remove the invisible null characters from this text (they often come from copying "
    "out of a PDF), then try again."
)


def no_nul_bytes(value: Any) -> None:
    """Reject text containing NUL bytes, which PostgreSQL refuses to store (``DataError``).

    Use as a field validator: ``forms.CharField(validators=[no_nul_bytes])``. Django's own
    ``ProhibitNullCharactersValidator`` covers CharField already, but not every field that
    ends in a text column (JSON, files read as text, custom fields), and its message is
    technical.
    """
    if _contains_nul(value):
        raise ValidationError(NUL_BYTE_MESSAGE, code="null_characters_not_allowed")


class CleanTextMixin(_FormBase):
    """Form mixin: rejects NUL bytes in every submitted string, with a plain message.

    CharFields already refuse them (Django's ``ProhibitNullCharactersValidator``): the mixin
    swaps in the plain message there, and checks the cleaned strings of every other field,
    each offending field getting its own error (so its own line in the error summary).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for validator in field.validators:
                if isinstance(validator, ProhibitNullCharactersValidator):
                    validator.message = NUL_BYTE_MESSAGE

    def clean(self) -> dict[str, Any]:
        # A parent's clean() may return None, meaning "keep cleaned_data".
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        for name, value in list(cleaned.items()):
            if _contains_nul(value):
                error = ValidationError(NUL_BYTE_MESSAGE, code="null_characters_not_allowed")
                self.add_error(name, error)
        return cleaned


def _contains_nul(value: Any) -> bool:
    """NUL anywhere in a string, or in a list/dict of them (JSON fields end in jsonb)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_contains_nul(v) for v in value)
    return False


def _label_in_sentence(label: str) -> str:
    # "Email address" -> "email address", but "UNCLOS status" and "Focal point's name" keep
    # their capitals where the second letter shows an acronym or a proper noun.
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


class PlainMessagesMixin(_FormBase):
    """Form mixin: replaces Django's "This field is required." with a message naming the
    field, so each line of the error summary makes sense on its own (GOV.UK: "Enter …",
    "Select …"). Messages a form sets itself are kept.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for name, field in self.fields.items():
            if field.error_messages.get("required") != default:
                continue
            label = _label_in_sentence(str(field.label or name.replace("_", " ")))
            if isinstance(field, forms.BooleanField):
                message = gettext("Tick “%(label)s” to continue") % {"label": field.label or name}
            elif isinstance(field, forms.FileField):
                message = gettext("Choose %(label)s") % {"label": label}
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                message = gettext("Select %(label)s") % {"label": label}
            else:
                message = gettext("Enter %(label)s") % {"label": label}
            field.error_messages = {**field.error_messages, "required": message}


class AppForm(PlainMessagesMixin, CleanTextMixin, forms.Form):
    """Base form: NUL-byte guard and plain required messages; rendered by AppFormRenderer."""


class AppModelForm(PlainMessagesMixin, CleanTextMixin, forms.ModelForm):
    """Base model form: as AppForm, for models whose rules a service checks.

    The form reads and types the model's fields; the service that writes them checks the
    rules and the view shows its errors with ``add_service_errors``. The model's own
    validation is not run here, so a rule never answers twice in two wordings.
    """

    def _post_clean(self) -> None:
        self.instance = construct_instance(self, self.instance, self._meta.fields)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the fields the form has (else above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ApiTokenForm(forms.Form):
    """A new API token: what it is for and how long it lasts."""

    LIFETIMES = [
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("One year")),
        ("", _("Until revoked")),
    ]
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("e.g. “Ministry reporting tool”. Only you and the secretariat see it."),
        validators=[no_nul_bytes],
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Lasts"),
        choices=LIFETIMES,
        initial="90",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def set_requirement(field: forms.Field, text: StrOrPromise) -> None:
    """Say when an optional field becomes needed, in place of "(optional)" in its label."""
    field.requirement = text  # type: ignore[attr-defined]  # read by includes/field.html
