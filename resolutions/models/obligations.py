from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState

from .documents import Paragraph
from .sessions import Session


class Obligation(models.Model):
    """Whether one reporting paragraph asks one member state to act: the rules' result, kept.

    Derived data. `resolutions.services.obligations` computes it from the paragraphs and the
    dated treaty status; every write that changes either updates it in the same transaction,
    `manage.py rebuild_obligations` recomputes it all, and a test checks it against the rules
    computed from scratch. Pages read it (and count on it in SQL) instead of re-running the
    rules over every state and paragraph on every request.
    """

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="obligations")
    member_state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="+")
    #: The session of the paragraph's resolution: the reporting cycle its reports belong to.
    cycle = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    #: False only for a state already party to a cited treaty when the resolution was adopted.
    addressed = models.BooleanField(_("addressed"))
    #: The state's earliest consent to a treaty the paragraph cites (non-parties paragraphs
    #: only): from that day it counts as having done what was asked.
    party_since = models.DateField(_("party since"), null=True, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "member_state"], name="one_obligation_per_paragraph_state"
            )
        ]
        indexes = [
            models.Index(fields=["member_state", "cycle"]),
            models.Index(fields=["cycle", "member_state"]),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id} → {self.member_state_id}"
