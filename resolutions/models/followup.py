from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from memberstates.models import MemberState

from .documents import Paragraph
from .sessions import Session
from .treaty_answers import TreatyAction

if TYPE_CHECKING:
    from .treaty_answers import TreatyAnswer


class ResponseQuerySet(models.QuerySet["Response"]):
    def for_state(self, state: MemberState) -> ResponseQuerySet:
        return self.filter(member_state=state)

    def for_cycle(self, session: Session) -> ResponseQuerySet:
        return self.filter(cycle=session)

    def reported(self) -> ResponseQuerySet:
        """Responses the secretariat can count and read: sent at least once (a draft is the
        state's own: staff see only that it exists)."""
        return self.exclude(status__in=Response.PRIVATE_STATUSES)


def report_reference(member_state: MemberState, paragraph: Paragraph) -> str:
    """``IND-52-5-3``: state, session, item of the resolution's symbol, paragraph."""
    resolution = paragraph.resolution
    item = re.search(r"(\d+)\s*$", resolution.symbol)
    return "-".join(
        [
            member_state.iso3,
            str(resolution.session.number),
            item.group(1) if item else str(resolution.pk),
            str(paragraph.number or paragraph.order),
        ]
    )


class Response(models.Model):
    """What one member state reports on one operative paragraph in one reporting cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CLARIFICATION_REQUESTED = "clarification", _("Clarification requested")
        ACCEPTED = "accepted", _("Accepted")

    TreatyAction = TreatyAction

    #: A focal point may change the report in these states; an accepted report is closed.
    EDITABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.CLARIFICATION_REQUESTED)
    #: The secretariat accepts a report or sends it back only once it is sent.
    REVIEWABLE_STATUSES = (Status.SUBMITTED,)
    #: Documents may be removed while the report is a draft; once sent they stay on record.
    DOCUMENTS_REMOVABLE_STATUSES = (Status.DRAFT,)
    #: A reported ratification can be confirmed once the report is sent, reviewed or not.
    CONFIRMABLE_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)
    #: The state's own until sent: its content, documents and wording stay hidden from staff.
    PRIVATE_STATUSES = (Status.DRAFT,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="responses"
    )
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="responses")
    # The session whose resolution the paragraph belongs to, which opened the reporting cycle:
    # always the paragraph's own session, stored so that the unique constraint, the cell
    # index and the join with Obligation (by state, paragraph and cycle) need no join
    # through paragraph and resolution. A new cycle of the same request is a new paragraph
    # (the next resolution on the topic), so a response never changes cycle.
    cycle = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("reporting cycle opened by"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    narrative = models.TextField(_("what the state did"), blank=True)
    measure_date = models.DateField(_("date of the measure"), null=True, blank=True)
    treaty_action = models.CharField(
        _("treaty action"), max_length=20, choices=TreatyAction.choices, blank=True
    )
    #: When the paragraph names several treaties: the action on each after the first (whose
    #: answer is `treaty_action`), by short name, e.g. {"CRPD": "signed"}.
    treaty_actions = models.JSONField(_("actions on the other treaties"), default=dict, blank=True)
    instrument = models.CharField(
        _("instrument"),
        max_length=255,
        blank=True,
        help_text=_("e.g. instrument of accession deposited with the UN Secretary-General"),
    )
    review_comment = models.TextField(_("secretariat comment"), blank=True)
    # Optimistic locking: every write bumps it and checks the value the editor started from.
    version = models.PositiveIntegerField(default=1)
    # The version people see: how many times the state sent the report. The first
    # submission is version 1; drafts saved before it are version 0 ("not yet sent").
    submission = models.PositiveIntegerField(_("version sent"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    treaty_status_confirmed_at = models.DateTimeField(null=True, blank=True)
    #: When the secretariat confirmed a reported ratification of a treaty after the first
    #: (whose confirmation is `treaty_status_confirmed_at`): ISO timestamp by short name.
    treaty_confirmations = models.JSONField(
        _("ratifications of the other treaties confirmed"), default=dict, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "paragraph", "cycle"],
                name="one_response_per_state_paragraph_cycle",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_response_has_time",
            ),
        ]
        indexes = [
            # Follow-up reads a cell's status by paragraph, state and cycle: covered by the
            # index alone on PostgreSQL (no visit to rows holding the narratives).
            models.Index(
                fields=["paragraph", "member_state", "cycle"],
                include=["status"],
                name="response_cell_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_state} on {self.paragraph} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """A short name people can say on the phone: state-session-item-paragraph.

        ``IND-52-5-3`` is India's report on paragraph 3 of AALCO/RES/52/S 5. The UUID stays
        in URLs (not guessable); this is what pages and emails show.
        """
        return report_reference(self.member_state, self.paragraph)

    @property
    def is_private_draft(self) -> bool:
        """Not sent yet: only the state's own people read it (``PRIVATE_STATUSES``)."""
        return self.status in self.PRIVATE_STATUSES

    @property
    def is_editable(self) -> bool:
        """The focal point may still change the report (and its documents)."""
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_awaiting_review(self) -> bool:
        """Sent and not yet accepted or sent back: the secretariat's decision is due."""
        return self.status in self.REVIEWABLE_STATUSES

    @property
    def documents_removable(self) -> bool:
        """The state may still take a document back (only before the report is sent)."""
        return self.status in self.DOCUMENTS_REMOVABLE_STATUSES

    @property
    def can_confirm_ratification(self) -> bool:
        """The report says the state ratified a treaty the paragraph names, and the
        secretariat has not yet recorded it in the state's treaty status."""
        return (
            self.treaty_action == self.TreatyAction.RATIFIED
            and self.status in self.CONFIRMABLE_STATUSES
            and self.treaty_status_confirmed_at is None
            and self.paragraph.treaty is not None
        )

    @property
    def other_treaty_actions(self) -> list[tuple[str, str]]:
        """(short name, the action's label) for each treaty after the first, e.g. CRPD."""
        labels = dict(self.TreatyAction.choices)
        return [(name, str(labels.get(a, a))) for name, a in sorted(self.treaty_actions.items())]

    @property
    def treaty_answers(self) -> list[TreatyAnswer]:
        """The answer on each treaty the paragraph names, first treaty first."""
        from .treaty_answers import treaty_answers

        return treaty_answers(self)


class ReviewMessage(models.Model):
    """One turn of the review conversation: the secretariat's question or the state's reply."""

    class Side(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        STATE = "state", _("Member state")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("from"), max_length=12, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"))
    # The version of the report the message is about (the question) or comes with (the reply).
    submission = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review message")
        verbose_name_plural = _("review messages")

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.text[:60]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name says nothing about the state or the file: only the view can map it.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An in-app message for one user (a copy of what was emailed, or an app-only notice)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(max_length=500, blank=True)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject
