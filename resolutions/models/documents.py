from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState, Treaty

from .history import CorrectionHistory
from .sessions import Session, Topic


def subparagraph_tree(items: Any) -> list[dict[str, Any]]:
    """Sub-paragraphs as {"label", "text", "children"}, whatever shape the parser stored.

    Every page and email shows sub-paragraphs through this one shape (and one template
    fragment), so a reader never meets the stored dictionaries.
    """
    result: list[dict[str, Any]] = []
    for item in items or []:
        if isinstance(item, str):
            result.append({"label": "", "text": item, "children": []})
        elif isinstance(item, dict):
            label = str(item.get("label") or item.get("marker") or "").strip()
            if label and not label.startswith("("):
                label = f"({label})"  # the parser stores "a", "ii"; readers know "(a)"
            result.append(
                {
                    "label": label,
                    "text": str(item.get("text", "")),
                    "children": subparagraph_tree(
                        item.get("subparagraphs") or item.get("children")
                    ),
                }
            )
    return result


class Resolution(models.Model):
    class Body(models.TextChoices):
        """The bodies whose resolutions the secretariat follows up (the parser's ``body``)."""

        AALCO = "aalco", _("AALCO annual session")
        UN_GA = "un_ga", _("UN General Assembly")
        UN_SC = "un_sc", _("UN Security Council")
        UN_HRC = "un_hrc", _("UN Human Rights Council")
        ECOSOC = "ecosoc", _("UN Economic and Social Council")
        WHO = "who", _("World Health Assembly (WHO)")
        UNESCO = "unesco", _("UNESCO General Conference")
        ILO = "ilo", _("International Labour Conference (ILO)")
        AU = "au", _("African Union / OAU")
        ICRC = "icrc", _("International Red Cross and Red Crescent Movement")
        ASEAN = "asean", _("ASEAN")
        OIC = "oic", _("Organisation of Islamic Cooperation")
        OTHER = "other", _("Another body")

    symbol = models.CharField(_("symbol"), max_length=100, unique=True)
    # The AALCO annual session that follows the resolution up: its own session for an AALCO
    # resolution; for another body's, the session chosen by the secretariat at import (the
    # body's own session number stays in `parsed_reading`).
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="resolutions")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="resolutions", null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=500)
    adopted_on = models.DateField(_("adopted on"))
    deliberated = models.BooleanField(
        _("deliberated"),
        default=True,
        help_text=_("Unticked for resolutions adopted as (Non-Deliberated)."),
    )
    secretariat_document = models.CharField(_("secretariat document"), max_length=200, blank=True)
    body = models.CharField(_("body"), max_length=10, choices=Body.choices, default=Body.AALCO)
    meeting = models.CharField(
        _("meeting"), max_length=200, blank=True, help_text=_("“69th plenary meeting”")
    )
    vote = models.CharField(
        _("vote"),
        max_length=500,
        blank=True,
        help_text=_("“Adopted by 13 votes to 2, with 1 abstention”"),
    )
    #: Sections in reading order, [{"label": "II", "heading": "..."}]; [] without sections.
    sections = models.JSONField(_("sections"), default=list, blank=True)
    #: What the parser read (ParsedResolution.to_dict()), kept beside what was saved.
    parsed_reading = models.JSONField(_("parser's reading"), default=dict, blank=True)
    #: What the secretariat changed in the preview: [{"where", "field", "read", "saved"}].
    corrections = models.JSONField(_("corrections at import"), default=list, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    imported_by = models.ForeignKey(
        "aalco.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Withdrawn (imported by mistake): kept with its history and responses, out of every
    # follow-up, and restorable.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "aalco.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(_("why it was withdrawn"), max_length=500, blank=True)

    history = CorrectionHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-session__number", "symbol"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("resolutions:detail", args=[self.pk])


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular")
        OPERATIVE = "operative", _("Operative")

    class Addressees(models.TextChoices):
        NONE = "none", _("No member state is asked to act")
        ALL = "all", _("All member states")
        NON_PARTIES = "non_parties", _("Member states not party to the treaty")
        CHOSEN = "chosen", _("Chosen member states")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Label of the resolution's section ("II"); "" when it has none. An operative paragraph's
    # identity is (section, number): numbering may restart in each section.
    section = models.CharField(_("section"), max_length=20, blank=True, default="")
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    verb = models.CharField(_("opening verb"), max_length=100, blank=True)
    text = models.TextField(_("text"))
    subparagraphs = models.JSONField(_("sub-paragraphs"), default=list, blank=True)
    footnotes = models.JSONField(_("footnotes"), default=list, blank=True)
    # Follow-up derived from the words by the parser, corrected by the secretariat.
    requests_report = models.BooleanField(_("asks member states to report"), default=False)
    addressees = models.CharField(
        _("addressed to"), max_length=12, choices=Addressees.choices, default=Addressees.NONE
    )
    treaties = models.ManyToManyField(
        Treaty, related_name="paragraphs", blank=True, verbose_name=_("treaties")
    )
    #: The states addressed when `addressees` is CHOSEN.
    chosen_states = models.ManyToManyField(
        MemberState, related_name="+", blank=True, verbose_name=_("chosen member states")
    )
    carries_to_session = models.PositiveSmallIntegerField(
        _("carries the item to session"),
        null=True,
        blank=True,
        help_text=_("Number of the session on whose provisional agenda the item is placed."),
    )

    history = CorrectionHistory()

    class Meta:
        ordering = ["resolution", "order"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="paragraph_order_unique"),
            models.UniqueConstraint(
                fields=["resolution", "section", "number"],
                condition=Q(kind="operative"),
                name="operative_reference_unique",
            ),
            models.CheckConstraint(
                condition=(Q(kind="operative") & Q(number__isnull=False))
                | (Q(kind="preambular") & Q(number__isnull=True)),
                name="only_operative_paragraphs_numbered",
            ),
            models.CheckConstraint(
                condition=Q(requests_report=False) | ~Q(addressees="none"),
                name="reporting_paragraph_has_addressees",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.OPERATIVE:
            return f"{self.resolution.symbol}, para. {self.reference}"
        return f"{self.resolution.symbol}, preamble {self.order}"

    @property
    def reference(self) -> str:
        """How the paragraph is cited: "II.3" in a resolution with sections, "3" otherwise."""
        if self.number is None:
            return ""
        return f"{self.section}.{self.number}" if self.section else str(self.number)

    @property
    def named_treaties(self) -> list[Treaty]:
        """Every treaty the paragraph is about, by short name (prefetched: no query)."""
        return sorted(self.treaties.all(), key=lambda t: t.short_name)

    @property
    def treaty(self) -> Treaty | None:
        """The treaty the paragraph's main question is about: the first it names, if any."""
        treaties = self.named_treaties
        return treaties[0] if treaties else None

    @property
    def subparagraph_items(self) -> list[dict[str, Any]]:
        return subparagraph_tree(self.subparagraphs)

    @property
    def label(self) -> str:
        return f"{self.resolution.symbol} ¶{self.reference}" if self.number else str(self)
