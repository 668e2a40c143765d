"""The parties: member states, their focal points, treaties and each state's treaty status.

This app never imports `resolutions`: it knows nothing of what AALCO decided.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MemberStateQuerySet(models.QuerySet["MemberState"]):
    def active(self) -> MemberStateQuerySet:
        return self.filter(is_active=True)

    def party_to(self, treaty: Treaty, *, on: datetime.date) -> MemberStateQuerySet:
        """States whose consent to be bound by `treaty` was given on or before `on`."""
        return self.filter(treaty_statuses__treaty=treaty, treaty_statuses__consent_date__lte=on)

    def not_party_to(self, treaty: Treaty, *, on: datetime.date) -> MemberStateQuerySet:
        return self.exclude(pk__in=self.party_to(treaty, on=on).values("pk"))


class MemberState(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    joined_year = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    region = models.CharField(
        _("region"),
        max_length=10,
        blank=True,
        choices=[("asia", _("Asia")), ("africa", _("Africa"))],
    )
    is_active = models.BooleanField(_("active member"), default=True)
    source = models.TextField(_("source"), blank=True)

    objects = MemberStateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="memberstate_iso3_upper_alpha3"
            ),
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="memberstate_iso2_upper_alpha2"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FocalPoint(models.Model):
    """The official who answers for a member state; a main one and alternates."""

    class Role(models.TextChoices):
        MAIN = "main", _("Main focal point")
        ALTERNATE = "alternate", _("Alternate")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        ARABIC = "ar", _("Arabic")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="focal_points"
    )
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="focal_points"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MAIN)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("ministry or mission"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_state__name", "role", "user__email"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            # A handover deactivates the old main focal point before the new one takes over.
            models.UniqueConstraint(
                fields=["member_state"],
                condition=Q(role="main", is_active=True),
                name="one_active_main_focal_point_per_state",
            ),
            # A person answers for one state at a time.
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="one_active_state_per_user"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="focal_point_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.member_state}, {self.get_role_display()})"

    @property
    def email(self) -> str:
        return self.user.email


class Invitation(models.Model):
    """A one-time link that lets a new focal point set a password."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    focal_point = models.ForeignKey(
        FocalPoint, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"Invitation for {self.focal_point}"


class Treaty(models.Model):
    short_name = models.CharField(_("short name"), max_length=30, unique=True)
    title = models.TextField(_("title"))
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Abbreviations and titles by which resolutions cite the treaty."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    untc_reference = models.CharField(
        _("UN Treaty Collection reference"), max_length=20, blank=True, help_text="e.g. IV-13"
    )
    url = models.URLField(_("UN Treaty Collection page"), blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_into_force__isnull=True)
                | Q(adopted_on__isnull=True)
                | Q(entry_into_force__gte=models.F("adopted_on")),
                name="treaty_force_after_adoption",
            )
        ]

    def __str__(self) -> str:
        return self.short_name


class TreatyStatus(models.Model):
    """A member state's participation in a treaty; one row per state and treaty, with history."""

    class ConsentType(models.TextChoices):
        NONE = "", _("No consent to be bound")
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")

    #: The forms of consent that make a state a party.
    PARTY_CONSENTS = (ConsentType.RATIFICATION, ConsentType.ACCESSION, ConsentType.SUCCESSION)

    member_state = models.ForeignKey(
        MemberState, on_delete=models.CASCADE, related_name="treaty_statuses"
    )
    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="statuses")
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    consent_date = models.DateField(
        _("ratification, accession or succession"), null=True, blank=True
    )
    consent_type = models.CharField(
        _("form of consent"), max_length=12, choices=ConsentType.choices, blank=True
    )
    reservations = models.TextField(_("reservations"), blank=True)
    declarations = models.TextField(_("declarations"), blank=True)
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["treaty__short_name", "member_state__name"]
        verbose_name = _("treaty status")
        verbose_name_plural = _("treaty statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "treaty"], name="one_status_per_state_and_treaty"
            ),
            models.CheckConstraint(
                condition=Q(signature_date__isnull=True)
                | Q(consent_date__isnull=True)
                | Q(consent_date__gte=models.F("signature_date")),
                name="consent_not_before_signature",
            ),
            # A consent date without its form (or the reverse) cannot be read.
            models.CheckConstraint(
                condition=(Q(consent_date__isnull=True) & Q(consent_type=""))
                | (Q(consent_date__isnull=False) & ~Q(consent_type="")),
                name="consent_date_and_type_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_state} — {self.treaty}: {self.describe()}"

    def is_party_on(self, day: datetime.date) -> bool:
        return self.consent_date is not None and self.consent_date <= day

    @property
    def is_party(self) -> bool:
        return self.consent_date is not None

    @property
    def is_signatory_only(self) -> bool:
        return self.signature_date is not None and self.consent_date is None

    @property
    def category(self) -> str:
        """party / signatory / none: the three ways the secretariat reads the status."""
        if self.is_party:
            return "party"
        if self.is_signatory_only:
            return "signatory"
        return "none"

    def describe(self) -> str:
        return describe_participation(
            signature_date=self.signature_date,
            consent_date=self.consent_date,
            consent_type=self.consent_type,
        )


def describe_participation(
    *,
    signature_date: datetime.date | None,
    consent_date: datetime.date | None,
    consent_type: str,
) -> str:
    """A state's standing in a treaty in words ("Accession 15 September 2003"): the one wording
    for a status, a history record and a participant table's preview."""
    if consent_date:
        kind = dict(TreatyStatus.ConsentType.choices).get(consent_type, "")
        return f"{kind} {consent_date:%d %B %Y}"
    if signature_date:
        return gettext("Signed %(date)s") % {"date": f"{signature_date:%d %B %Y}"}
    return gettext("No action")
