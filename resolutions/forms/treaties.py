from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aalco.forms import no_nul_bytes

MAX_TABLE_BYTES = 2 * 1024 * 1024


class TreatyStatusLoadForm(forms.Form):
    short_name = forms.CharField(
        label=_("Treaty short name"),
        max_length=30,
        help_text=_("As resolutions cite it, e.g. ICMW or CRPD. A new name creates the treaty."),
        validators=[no_nul_bytes],
    )
    title = forms.CharField(
        label=_("Full title (for a new treaty)"),
        required=False,
        max_length=500,
        validators=[no_nul_bytes],
    )
    table = forms.FileField(
        label=_("Participant table (CSV)"),
        help_text=_(
            "The table at the foot of the treaty's page in the UN Treaty Collection, saved as "
            "CSV: columns Participant, Signature and Ratification, Accession(a), Succession(d)."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Where the table comes from: the address of the UNTC page and its date."),
        validators=[no_nul_bytes],
    )

    def clean_table(self):
        upload = self.cleaned_data["table"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(_("The table is larger than 2 MB: is it the right file?"))
        return upload.read()
