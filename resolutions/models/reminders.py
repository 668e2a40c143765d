from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from memberstates.models import MemberState

from .sessions import Session


class Reminder(models.Model):
    """One reminder email to one state for one step of one reporting cycle: the delivery ledger.

    The unique constraint is what makes planning idempotent and sending exactly-once-ish: a
    row is written before any mail goes out and claimed before it is sent.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="reminders"
    )
    cycle = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("reporting cycle opened by"),
    )
    step = models.PositiveSmallIntegerField(_("days before the session"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    late = models.BooleanField(
        _("sent late"), default=False, help_text=_("Sent after its day, the system being down.")
    )
    recipients = models.JSONField(_("to"), default=list, blank=True)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    paragraphs = models.JSONField(
        _("missing paragraphs"), default=list, blank=True, help_text=_("Paragraph ids listed.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Why it was cancelled or missed, or who paused it."),
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when a person pressed “send now”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-due_on", "member_state__name"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "cycle", "step"], name="one_reminder_per_state_cycle_step"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.member_state} — {self.step} days before session {self.cycle.number + 1}"


class ReminderPause(models.Model):
    """The secretariat holds reminders to a state (e.g. while talking to its mission)."""

    member_state = models.ForeignKey(
        MemberState, on_delete=models.CASCADE, related_name="reminder_pauses"
    )
    cycle = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminder_pauses")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    paused_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder pause")
        verbose_name_plural = _("reminder pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "cycle"], name="one_pause_per_state_and_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"Reminders paused for {self.member_state}"
