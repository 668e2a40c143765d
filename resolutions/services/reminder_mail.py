"""The reminder mail: what it says, and sending one.

The steps' dates are in ``resolutions.reminder_steps``; see
``resolutions.services.reminders`` for the policy and the ledger's lifecycle.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aalco import outbox
from aalco.emails import absolute_url
from aalco.models import OutboundEmail
from memberstates.models import FocalPoint, MemberState

from ..followup import Cell, build_follow_up, reporting_cycles, reporting_paragraphs
from ..models import Paragraph, ParagraphTranslation, Reminder, ReminderPause, ReportingCycle
from ..models.translations import ORIGINAL_LANGUAGE
from ..reminder_steps import latest_due_step, step_dates
from .notifications import notify_secretariat

logger = logging.getLogger(__name__)

#: Statuses a send task may claim: a fresh row, or one whose last attempt failed (a retry).
CLAIMABLE = (Reminder.Status.SCHEDULED, Reminder.Status.FAILED)


def cycles_with_due_steps(
    today: datetime.date, cycles: dict[int, ReportingCycle] | None = None
) -> list[ReportingCycle]:
    cycles = reporting_cycles() if cycles is None else cycles
    return [c for c in cycles.values() if latest_due_step(c, today) is not None]


# --- Composing the email ----------------------------------------------------------------------


@dataclass
class RenderedReminder:
    """One email to one state for one step: what it says and who gets it."""

    member_state: MemberState
    cycle: ReportingCycle
    step: int | None
    language: str
    to: list[str]
    cc: list[str]
    subject: str
    text: str
    html: str
    paragraphs: list[Paragraph]
    deadline: datetime.date | None

    @property
    def has_recipient(self) -> bool:
        return bool(self.to)

    @property
    def has_content(self) -> bool:
        return bool(self.paragraphs)


def _digest_order(cell: Cell) -> tuple:
    # Paragraphs that name a treaty come first, whichever the treaty: ratification is what
    # the secretariat chases above all.
    names_a_treaty = bool(cell.paragraph.treaties.all())
    return (not names_a_treaty, cell.paragraph.resolution.symbol, cell.paragraph.number or 0)


def treaty_names(paragraph: Paragraph) -> list[str]:
    """How the email names the paragraph's treaties: short name and year, e.g. "CRPD 2006"."""
    return [
        f"{t.short_name} {t.adopted_on.year}" if t.adopted_on else t.short_name
        for t in paragraph.treaties.all()
    ]


def render_reminder(
    *,
    member_state: MemberState,
    cycle: ReportingCycle,
    step: int | None,
    cells: list[Cell],
    focal_points: list[FocalPoint],
    late: bool = False,
) -> RenderedReminder:
    """Render the digest in the main focal point's language (English without one)."""
    main = next((fp for fp in focal_points if fp.role == FocalPoint.Role.MAIN), None)
    alternates = [fp for fp in focal_points if fp.role == FocalPoint.Role.ALTERNATE]
    language = main.preferred_language if main else settings.LANGUAGE_CODE
    cells = sorted(cells, key=_digest_order)
    translated = _official_translations([c.paragraph.pk for c in cells], language)
    dates = step_dates(cycle)
    context = {
        "member_state": member_state,
        "focal_point": main,
        "cycle": cycle,
        "session": cycle.closing,
        "step": step,
        "step_date": dates.get(step) if step else None,
        "deadline": cycle.deadline,
        "late": late,
        "items": [_digest_item(c, translated, language) for c in cells],
        "answer_url": absolute_url(reverse("portal:home")),
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("emails/reminder-subject.txt", context).split())
        text = render_to_string("emails/reminder-body.txt", context)
        html = render_to_string("emails/reminder-body.html", context)
    return RenderedReminder(
        member_state=member_state,
        cycle=cycle,
        step=step,
        language=language,
        to=[main.email] if main else [],
        cc=[fp.email for fp in alternates if fp.email],
        subject=subject[:255],
        text=text,
        html=html,
        paragraphs=[c.paragraph for c in cells],
        deadline=cycle.deadline,
    )


def _digest_item(cell: Cell, translated: dict[int, str], language: str) -> dict:
    paragraph = cell.paragraph
    # The resolution's words: its official translation into the recipient's language where
    # the secretariat attached one (sub-paragraphs are in it), else as adopted.
    if paragraph.pk in translated:
        words: dict[str, object] = {
            "text": translated[paragraph.pk],
            "subparagraphs": [],
            "text_language": language,
        }
    else:
        words = {
            "text": paragraph.text,
            "subparagraphs": paragraph.subparagraph_items,
            "text_language": ORIGINAL_LANGUAGE,
        }
    return {
        "paragraph": paragraph,
        "label": paragraph.label,
        "title": paragraph.resolution.title,
        **words,
        "treaties": treaty_names(paragraph),
        "draft": cell.status == "draft",
    }


def _official_translations(paragraph_ids: list[int], language: str) -> dict[int, str]:
    """Paragraph id -> its official translation into `language` (none for the original)."""
    if language == ORIGINAL_LANGUAGE or not paragraph_ids:
        return {}
    return dict(
        ParagraphTranslation.objects.filter(
            translation__language=language, paragraph_id__in=paragraph_ids
        ).values_list("paragraph_id", "text")
    )


def focal_points_by_state(state_ids: Iterable[int]) -> dict[int, list[FocalPoint]]:
    """Active focal points whose account is active, by state: one query."""
    result: dict[int, list[FocalPoint]] = defaultdict(list)
    for fp in (
        FocalPoint.objects.filter(
            member_state_id__in=list(state_ids), is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("member_state_id", "role", "user__email")
    ):
        result[fp.member_state_id].append(fp)
    return result


def has_main_focal_point(focal_points: list[FocalPoint]) -> bool:
    return any(fp.role == FocalPoint.Role.MAIN for fp in focal_points)


def outstanding_for(member_state: MemberState, cycle: ReportingCycle) -> list[Cell]:
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution__session=cycle.opening),
        MemberState.objects.filter(pk=member_state.pk),
        cycles={cycle.opening.pk: cycle},  # the only cycle these paragraphs belong to
    )
    return follow_up.outstanding_for_state(member_state.pk)


# --- Sending ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendOutcome:
    reminder_id: int
    status: str  # sent, cancelled, or skipped (another task has it, or it is not due)
    detail: str = ""


def send_reminder(*, reminder_id: int) -> SendOutcome:
    """Claim the row, re-check what is missing, send one email, mark it sent.

    Raises the mail backend's error after marking the row failed: the task retries it.
    """
    if not _claim(reminder_id):
        # Sent, being sent by another worker, cancelled, missed, paused, or deleted.
        return SendOutcome(reminder_id, "skipped", "not claimable")

    reminder = Reminder.objects.select_related("member_state", "cycle").get(pk=reminder_id)
    email = _render_claimed(reminder)
    if not email.has_content:
        return _cancel(reminder_id, _("Nothing is missing any more: reported or became a party."))
    if not email.has_recipient:
        return _cancel(reminder_id, _("No active main focal point to write to."))

    Reminder.objects.filter(pk=reminder_id).update(
        recipients=email.to,
        cc=email.cc,
        subject=email.subject,
        paragraphs=[p.pk for p in email.paragraphs],
    )
    if OutboundEmail.objects.filter(reminder_id=reminder_id, status="sent").exists():
        # A worker lost after the mail server took the message, before it marked this row
        # sent: the outbox knows, so the state is not written to twice.
        return _mark_sent(reminder_id, email)
    row = _enqueue(reminder, email)
    if row is None:  # no address left after all
        return _cancel(reminder_id, _("No active main focal point to write to."))
    try:
        outbox.deliver_email(email_id=row.pk, raise_errors=True)
    except Exception as exc:
        _mark_failed(reminder_id, exc)
        raise
    # RESIDUAL DUPLICATE RISK: if the process dies inside deliver_email — the SMTP server
    # has accepted the message, the outbox row still says "sending" — requeue_stale sends
    # it once more after REMINDER_STALE_AFTER_SECONDS. Nothing on our side can close that
    # window (SMTP has no two-phase commit); it is one round trip wide. Dying after the
    # outbox row is marked sent is covered by the check above.
    return _mark_sent(reminder_id, email)


def _claim(reminder_id: int) -> bool:
    """Move the row to "sending" in one conditional update: only one worker can win it."""
    now = timezone.now()
    claimed = (
        Reminder.objects.filter(pk=reminder_id, status__in=CLAIMABLE)
        # A row moved into the future by a session that moved waits for its new day;
        # "send now" rows go at once.
        .filter(Q(due_on__lte=timezone.localdate()) | Q(requested_by__isnull=False))
        .exclude(
            Exists(
                ReminderPause.objects.filter(
                    member_state_id=OuterRef("member_state_id"), cycle_id=OuterRef("cycle_id")
                )
            )
        )
        .update(
            status=Reminder.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    return claimed == 1


def _render_claimed(reminder: Reminder) -> RenderedReminder:
    """The email for a claimed row, from what the state owes now; a failure marks it failed."""
    try:
        cycle = ReportingCycle.starting_at(reminder.cycle)
        state = reminder.member_state
        return render_reminder(
            member_state=state,
            cycle=cycle,
            step=reminder.step,
            cells=outstanding_for(state, cycle),
            focal_points=focal_points_by_state([state.pk])[state.pk],
            late=reminder.late,
        )
    except Exception as exc:
        _mark_failed(reminder.pk, exc)
        raise


def _enqueue(reminder: Reminder, email: RenderedReminder) -> OutboundEmail | None:
    # Through the outbox like every email, one row per attempt delivered here and now: the
    # ledger owns the retries (each one re-checks what the state still owes).
    return outbox.enqueue_email(
        kind=OutboundEmail.Kind.REMINDER,
        to=email.to,
        cc=email.cc,
        subject=email.subject,
        text=email.text,
        html=email.html,
        reply_to=[settings.SECRETARIAT_INBOX],
        headers={
            # The same id on every attempt: a duplicate (see requeue_stale) can be folded.
            "Message-ID": f"<aalco-reminder-{reminder.pk}@{outbox.mail_domain()}>",
            "X-AALCO-Reminder": str(reminder.pk),
        },
        reminder=reminder,
        max_attempts=1,
        dispatch=False,
    )


def _mark_sent(reminder_id: int, email: RenderedReminder) -> SendOutcome:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.SENDING).update(
        status=Reminder.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
    )
    return SendOutcome(reminder_id, "sent", ", ".join(email.to + email.cc))


def _cancel(reminder_id: int, note: str) -> SendOutcome:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.SENDING).update(
        status=Reminder.Status.CANCELLED, note=note[:255], updated_at=timezone.now()
    )
    return SendOutcome(reminder_id, "cancelled", note)


def _mark_failed(reminder_id: int, exc: BaseException) -> None:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.SENDING).update(
        status=Reminder.Status.FAILED,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        updated_at=timezone.now(),
    )


def give_up_reminder(*, reminder_id: int, error: str) -> Reminder | None:
    """Retries are exhausted: the row stays failed and the secretariat is told."""
    updated = Reminder.objects.filter(
        pk=reminder_id,
        status__in=[Reminder.Status.SENDING, Reminder.Status.FAILED, Reminder.Status.SCHEDULED],
    ).update(status=Reminder.Status.FAILED, last_error=error[:2000], updated_at=timezone.now())
    if not updated:
        return None
    reminder = Reminder.objects.select_related("member_state", "cycle").get(pk=reminder_id)
    subject = _("Reminder to %(state)s could not be sent") % {"state": reminder.member_state}
    body = _(
        "The %(step)s-day reminder to %(state)s failed after %(attempts)s attempts: %(error)s"
    ) % {
        "step": reminder.step,
        "state": reminder.member_state,
        "attempts": reminder.attempts,
        "error": error,
    }
    try:
        notify_secretariat(
            subject=subject,
            body=body,
            link=f"{reverse('reminders:log')}?status=failed",
            email_template="reminder-failed",
            email_context={"reminder": reminder},
        )
    except Exception:
        # The log page shows failed rows too: a notice that cannot go out is not fatal.
        logger.exception("Could not tell the secretariat about reminder %s", reminder_id)
    return reminder
