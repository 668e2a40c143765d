from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memberstates.models import Treaty

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
        AALCO = "aalco", _("AALCO annual session")
        UN_GA = "un_ga", _("UN General Assembly")

    symbol = models.CharField(_("symbol"), max_length=100, unique=True)
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
    body = models.CharField(max_length=10, choices=Body.choices, default=Body.AALCO)
    source_text = models.TextField(_("source text"), blank=True)
    imported_by = models.ForeignKey(
        "aalco.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
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
    carries_to_session = models.PositiveSmallIntegerField(
        _("carries the item to session"),
        null=True,
        blank=True,
        help_text=_("Number of the session on whose provisional agenda the item is placed."),
    )

    class Meta:
        ordering = ["resolution", "order"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="paragraph_order_unique"),
            models.UniqueConstraint(
                fields=["resolution", "number"],
                condition=Q(kind="operative"),
                name="operative_number_unique",
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
            return f"{self.resolution.symbol}, para. {self.number}"
        return f"{self.resolution.symbol}, preamble {self.order}"

    @property
    def subparagraph_items(self) -> list[dict[str, Any]]:
        return subparagraph_tree(self.subparagraphs)

    @property
    def label(self) -> str:
        return f"{self.resolution.symbol} ¶{self.number}" if self.number else str(self)
