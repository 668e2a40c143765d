from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .documents import Resolution
from .sessions import Session, Topic


class AgendaItem(models.Model):
    """An item on a session's provisional agenda: carried forward by a resolution, or standing."""

    class Kind(models.TextChoices):
        CARRIED = "carried", _("Carried forward by a resolution")
        STANDING = "standing", _("Standing item")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    source_resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("carried forward by"),
    )
    secretariat_document = models.CharField(_("secretariat document"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source_resolution"],
                condition=Q(source_resolution__isnull=False),
                name="one_agenda_item_per_carried_resolution",
            ),
            models.CheckConstraint(
                condition=Q(kind="standing") | Q(source_resolution__isnull=False),
                name="carried_item_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return self.title
