"""A member state's report on an operative paragraph: draft, submit, review, confirm.

No lost update: every write is an UPDATE conditional on the version the editor loaded
(``filter(pk=..., version=expected).update(..., version=F("version") + 1)``). A row count of
0 means someone else saved first: ``StaleResponse`` carries their version so the page can
show it, and nothing is overwritten. simple-history keeps every version (the history row is
written explicitly, since a queryset ``update()`` sends no signal).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from memberstates.models import FocalPoint, MemberState, Treaty, TreatyStatus
from memberstates.selectors import treaty_status_of
from memberstates.services.parties import update_treaty_status

from ..models import Paragraph, Resolution, Response, ReviewMessage
from ..models.treaty_answers import treaty_answers
from . import notifications

Status = Response.Status
TreatyAction = Response.TreatyAction

#: Reported treaty actions that name an act with a date and an instrument.
DATED_ACTIONS = (TreatyAction.SIGNED, TreatyAction.RATIFIED)


class StaleResponse(Exception):
    """Someone saved the response after this editor loaded it."""

    def __init__(self, current: Response) -> None:
        super().__init__(f"Response {current.pk} is now at version {current.version}")
        self.current = current

    @property
    def current_version(self) -> int:
        return self.current.version


@dataclass(frozen=True)
class ResponseContent:
    """What the focal point writes; the rest of a response is workflow."""

    narrative: str = ""
    measure_date: datetime.date | None = None
    treaty_action: str = ""
    instrument: str = ""
    #: The action on each treaty after the first that the paragraph names, by short name.
    treaty_actions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, response: Response) -> ResponseContent:
        return cls(**{f.name: getattr(response, f.name) for f in fields(cls)})

    def as_fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def validate_content(*, paragraph: Paragraph, content: ResponseContent, submitting: bool) -> None:
    """The domain's rules on a report's content; forms show the same messages."""
    errors = _treaty_answer_errors(paragraph=paragraph, content=content)
    if content.measure_date and content.measure_date > timezone.localdate():
        errors["measure_date"] = _("The date of the measure cannot be in the future.")
    if submitting:
        errors.update(_missing_answer_errors(paragraph=paragraph, content=content))
    if errors:
        raise ValidationError(errors)


def _treaty_answer_errors(*, paragraph: Paragraph, content: ResponseContent) -> dict[str, str]:
    """What is wrong in the answers about treaties, draft or not."""
    errors: dict[str, str] = {}
    if content.treaty_action and paragraph.treaty is None:
        errors["treaty_action"] = _("This paragraph is not about a treaty.")
    if content.treaty_action in DATED_ACTIONS:
        if content.measure_date is None:
            errors["measure_date"] = _("Give the date of signature, ratification or accession.")
        if not content.instrument.strip():
            errors["instrument"] = _("Name the instrument (e.g. the instrument of accession).")
    others = {t.short_name for t in paragraph.named_treaties[1:]}
    for short_name, action in (content.treaty_actions or {}).items():
        if short_name not in others or action not in Response.TreatyAction.values:
            errors["treaty_actions"] = _("Answer only about the treaties this paragraph names.")
    return errors


def _missing_answer_errors(*, paragraph: Paragraph, content: ResponseContent) -> dict[str, str]:
    """What a report must say before it is sent: each treaty's answer, else a narrative."""
    errors: dict[str, str] = {}
    treaty = paragraph.treaty
    if treaty is not None and not content.treaty_action:
        errors["treaty_action"] = _("Say where your state stands on the %(treaty)s.") % {
            "treaty": treaty.short_name
        }
    for other in paragraph.named_treaties[1:]:
        if not (content.treaty_actions or {}).get(other.short_name):
            errors[f"treaty_action_{other.pk}"] = _(
                "Say where your state stands on the %(treaty)s."
            ) % {"treaty": other.short_name}
    if treaty is None and not content.narrative.strip():
        errors["narrative"] = _("Describe what your state did before you submit.")
    return errors


def is_addressed(*, paragraph: Paragraph, member_state: MemberState) -> bool:
    """True when the paragraph asks this state to report (non-parties only for treaties)."""
    from ..followup import build_follow_up, reporting_paragraphs

    follow_up = build_follow_up(
        reporting_paragraphs().filter(pk=paragraph.pk),
        MemberState.objects.filter(pk=member_state.pk),
    )
    return bool(follow_up.paragraphs) and member_state.pk in follow_up.paragraphs[0].cells


def _conditional_update(
    *,
    response: Response,
    expected_version: int,
    allowed: tuple[str, ...],
    user,
    reason: str,
    **values,
) -> Response:
    """Apply ``values`` if the row is still at ``expected_version``; write a history row."""
    now = timezone.now()
    updated = Response.objects.filter(
        pk=response.pk, version=expected_version, status__in=allowed
    ).update(**values, version=F("version") + 1, updated_by=user, updated_at=now)
    current = Response.objects.select_related("member_state", "paragraph", "cycle").get(
        pk=response.pk
    )
    if updated != 1:
        if current.version != expected_version:
            raise StaleResponse(current)
        raise ValidationError(
            _("This report is now “%(status)s” and cannot be changed that way.")
            % {"status": current.get_status_display()}
        )
    record_history(response=current, user=user, reason=reason)
    return current


def record_history(*, response: Response, user, reason: str) -> None:
    """The history row of a version written by a queryset ``update()`` (no signal fires)."""
    Response.history.bulk_history_create(
        [response], update=True, default_user=user, default_change_reason=reason
    )


@transaction.atomic
def save_draft(
    *,
    member_state: MemberState,
    paragraph: Paragraph,
    content: ResponseContent,
    user,
    expected_version: int | None,
) -> Response:
    """Create the state's response on the paragraph, or update it if still at the version.

    ``expected_version=None`` means the editor started from an empty form: if a response
    appeared meanwhile (the alternate focal point created it), that is a conflict too.
    A submitted report saved again stays submitted (it is a new version, sent again).
    """
    validate_content(paragraph=paragraph, content=content, submitting=False)
    if expected_version is None:
        return _create(member_state=member_state, paragraph=paragraph, content=content, user=user)
    response = _get(member_state=member_state, paragraph=paragraph)
    if response is None:
        raise ValidationError(_("This report no longer exists."))
    return _conditional_update(
        response=response,
        expected_version=expected_version,
        allowed=Response.EDITABLE_STATUSES,
        user=user,
        reason="edited",
        **content.as_fields(),
    )


def _get(*, member_state: MemberState, paragraph: Paragraph) -> Response | None:
    return Response.objects.filter(
        member_state=member_state, paragraph=paragraph, cycle_id=paragraph.resolution.session_id
    ).first()


def _create(
    *, member_state: MemberState, paragraph: Paragraph, content: ResponseContent, user
) -> Response:
    if not is_addressed(paragraph=paragraph, member_state=member_state):
        raise ValidationError(_("This paragraph does not ask your state to report."))
    response = Response(
        member_state=member_state,
        paragraph=paragraph,
        cycle_id=paragraph.resolution.session_id,
        created_by=user,
        updated_by=user,
        **content.as_fields(),
    )
    response._history_user = user  # type: ignore[attr-defined]  # simple_history reads the author here
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may refuse it
            response.save()
    except IntegrityError:
        current = _get(member_state=member_state, paragraph=paragraph)
        if current is None:
            raise
        raise StaleResponse(current) from None
    return response


@transaction.atomic
def submit_response(
    *,
    member_state: MemberState,
    paragraph: Paragraph,
    content: ResponseContent,
    user,
    expected_version: int | None,
    reply: str = "",
) -> Response:
    """Save ``content`` and send the report to the secretariat; receipt and notices follow.

    Each submission is a new version people see (the first is version 1). ``reply``
    answers the secretariat's question: it joins the conversation beside the question.
    """
    validate_content(paragraph=paragraph, content=content, submitting=True)
    reply = reply.strip()
    if expected_version is None:
        response = _create(
            member_state=member_state, paragraph=paragraph, content=content, user=user
        )
        expected_version = response.version
    else:
        found = _get(member_state=member_state, paragraph=paragraph)
        if found is None:
            raise ValidationError(_("This report no longer exists."))
        response = found
    resubmitted = response.status != Status.DRAFT
    response = _conditional_update(
        response=response,
        expected_version=expected_version,
        allowed=Response.EDITABLE_STATUSES,
        user=user,
        reason="resubmitted" if resubmitted else "submitted",
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
        submission=F("submission") + 1,
        **content.as_fields(),
    )
    if reply:
        ReviewMessage.objects.create(
            response=response,
            side=ReviewMessage.Side.STATE,
            author=user,
            text=reply,
            submission=response.submission,
        )
    _send_receipt(response=response, user=user, resubmitted=resubmitted, reply=reply)
    return response


def _send_receipt(*, response: Response, user, resubmitted: bool, reply: str = "") -> None:
    context = {
        "response": response,
        "paragraph": response.paragraph,
        "resubmitted": resubmitted,
        "reply": reply,
    }
    state = response.member_state
    subject = _("Receipt: %(state)s's report on %(paragraph)s") % {
        "state": state,
        "paragraph": response.paragraph.label,
    }
    notifications.notify(
        user=user,
        subject=subject,
        body=_("The secretariat has received your report (version %(v)d).")
        % {"v": response.submission},
        link=reverse("portal:receipt", args=[response.pk]),
        response=response,
        email_template="response-receipt",
        email_context=context,
    )
    # The secretariat's inbox reads its own language, not the focal point's.
    with translation.override(settings.LANGUAGE_CODE):
        secretariat_subject = (
            _("Report resubmitted by %(state)s on %(paragraph)s")
            if resubmitted
            else _("New report from %(state)s on %(paragraph)s")
        ) % {"state": state, "paragraph": response.paragraph.label}
    notifications.notify_secretariat(
        subject=secretariat_subject,
        body=response.narrative,
        link=reverse("responses:detail", args=[response.pk]),
        email_template="response-submitted",
        email_context={**context, "submitted_by": user},
        reply_to=[user.email] if user.email else None,
        response=response,
    )


class Decision:
    ACCEPT = "accept"
    CLARIFY = "clarification"
    CHOICES = (ACCEPT, CLARIFY)


@transaction.atomic
def review_response(
    *, response: Response, decision: str, comment: str, user, expected_version: int
) -> Response:
    """The secretariat accepts a submitted report or asks the state to clarify it."""
    if decision not in Decision.CHOICES:
        raise ValidationError(_("Choose to accept the report or to ask for clarification."))
    if decision == Decision.CLARIFY and not comment.strip():
        raise ValidationError(
            {"comment": _("Say what the state should clarify: they will read this.")}
        )
    now = timezone.now()
    response = _conditional_update(
        response=response,
        expected_version=expected_version,
        allowed=Response.REVIEWABLE_STATUSES,
        user=user,
        reason="accepted" if decision == Decision.ACCEPT else "clarification requested",
        status=Status.ACCEPTED if decision == Decision.ACCEPT else Status.CLARIFICATION_REQUESTED,
        review_comment=comment.strip(),
        reviewed_at=now,
        reviewed_by=user,
    )
    if comment.strip():
        ReviewMessage.objects.create(
            response=response,
            side=ReviewMessage.Side.SECRETARIAT,
            author=user,
            text=comment.strip(),
            submission=response.submission,
        )
    _notify_state(response=response, decision=decision)
    return response


def _review_subject(decision: str, label: str) -> str:
    if decision == Decision.ACCEPT:
        return _("Your report on %(paragraph)s was accepted") % {"paragraph": label}
    return _("The secretariat asks you to clarify your report on %(paragraph)s") % {
        "paragraph": label
    }


def _notify_state(*, response: Response, decision: str) -> None:
    label = response.paragraph.label
    link = reverse("portal:response", args=[response.pk])
    for focal_point in FocalPoint.objects.filter(
        member_state=response.member_state, is_active=True, user__is_active=True
    ).select_related("user"):
        # Each focal point reads the notice, in the portal as in the inbox, in their own
        # language, not in the reviewing officer's.
        with translation.override(notifications.language_for(focal_point.user)):
            subject = _review_subject(decision, label)
        notifications.notify(
            user=focal_point.user,
            subject=subject,
            body=response.review_comment,
            link=link,
            response=response,
            email_template="response-reviewed",
            email_context={"decision": decision, "paragraph": response.paragraph},
        )


@transaction.atomic
def confirm_ratification(
    *,
    response: Response,
    user,
    consent_type: str,
    consent_date: datetime.date,
    source: str,
    expected_version: int,
) -> TreatyStatus:
    """One step: record the reported ratification/accession in TreatyStatus and accept.

    The state then counts as a party from ``consent_date``: follow-up treats it as having
    done what the paragraph asked, and later treaty paragraphs no longer address it.
    """
    if not response.can_confirm_ratification:
        raise ValidationError(_("This report does not report a ratification to confirm."))
    if consent_type not in TreatyStatus.PARTY_CONSENTS:
        raise ValidationError({"consent_type": _("Choose ratification, accession or succession.")})
    treaty = response.paragraph.treaty
    assert treaty is not None  # can_confirm_ratification checked it
    previous = treaty_status_of(state=response.member_state, treaty=treaty)
    signature_date = previous.signature_date if previous else None
    status = update_treaty_status(
        member_state=response.member_state,
        treaty=treaty,
        signature_date=signature_date,
        consent_date=consent_date,
        consent_type=consent_type,
        source=source,
        changed_by=user,
        reason=f"Confirmed from response {response.pk}",
    )
    _conditional_update(
        response=response,
        expected_version=expected_version,
        allowed=Response.CONFIRMABLE_STATUSES,
        user=user,
        reason="ratification confirmed",
        status=Status.ACCEPTED,
        treaty_status_confirmed_at=timezone.now(),
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )
    response.refresh_from_db()
    _notify_state(response=response, decision=Decision.ACCEPT)
    return status


def default_ratification_source(response: Response) -> str:
    parts = [
        _("Reported by the focal point of %(state)s") % {"state": response.member_state},
        response.instrument,
        response.measure_date.isoformat() if response.measure_date else "",
    ]
    return "; ".join(p for p in parts if p)


def can_confirm_treaty_ratification(response: Response, treaty: Treaty) -> bool:
    """``can_confirm_ratification`` for any treaty the paragraph names, not only the first."""
    answer = next((a for a in treaty_answers(response) if a.treaty.pk == treaty.pk), None)
    return (
        answer is not None
        and answer.awaits_confirmation
        and response.status in Response.CONFIRMABLE_STATUSES
    )


def treaties_to_confirm(response: Response) -> list[Treaty]:
    """The treaties this report says the state ratified or acceded to, not yet confirmed."""
    if response.status not in Response.CONFIRMABLE_STATUSES:
        return []
    return [a.treaty for a in treaty_answers(response) if a.awaits_confirmation]


@transaction.atomic
def confirm_treaty_ratification(
    *,
    response: Response,
    treaty: Treaty,
    user,
    consent_type: str,
    consent_date: datetime.date,
    source: str,
    expected_version: int,
) -> TreatyStatus:
    """``confirm_ratification`` for any treaty the paragraph names, in one transaction.

    The first treaty goes through ``confirm_ratification`` itself; another one updates
    that treaty's status for the state (its history says which report) and records the
    confirmation by short name in ``treaty_confirmations``, then accepts the report.
    """
    answers = treaty_answers(response)
    if answers and answers[0].treaty.pk == treaty.pk:
        return confirm_ratification(
            response=response,
            user=user,
            consent_type=consent_type,
            consent_date=consent_date,
            source=source,
            expected_version=expected_version,
        )
    signature_date = _signature_before_consent(
        response=response, treaty=treaty, consent_type=consent_type, consent_date=consent_date
    )
    status = update_treaty_status(
        member_state=response.member_state,
        treaty=treaty,
        signature_date=signature_date,
        consent_date=consent_date,
        consent_type=consent_type,
        source=source,
        changed_by=user,
        reason=f"Confirmed from response {response.pk}",
    )
    now = timezone.now()
    _conditional_update(
        response=response,
        expected_version=expected_version,
        allowed=Response.CONFIRMABLE_STATUSES,
        user=user,
        reason=f"ratification of the {treaty.short_name} confirmed",
        status=Status.ACCEPTED,
        treaty_confirmations={
            **(response.treaty_confirmations or {}),
            treaty.short_name: now.isoformat(),
        },
        reviewed_at=now,
        reviewed_by=user,
    )
    response.refresh_from_db()
    _notify_state(response=response, decision=Decision.ACCEPT)
    return status


def _signature_before_consent(
    *, response: Response, treaty: Treaty, consent_type: str, consent_date: datetime.date
) -> datetime.date | None:
    """The recorded signature date, once the confirmation of another treaty is checked."""
    if not can_confirm_treaty_ratification(response, treaty):
        raise ValidationError(
            _("This report does not report a ratification of the %(treaty)s to confirm.")
            % {"treaty": treaty.short_name}
        )
    if consent_type not in TreatyStatus.PARTY_CONSENTS:
        raise ValidationError({"consent_type": _("Choose ratification, accession or succession.")})
    previous = treaty_status_of(state=response.member_state, treaty=treaty)
    signature_date = previous.signature_date if previous else None
    if signature_date and consent_date < signature_date:
        raise ValidationError(
            {
                "consent_date": _("The UNTC records a signature on %(date)s, after this date.")
                % {"date": signature_date.isoformat()}
            }
        )
    return signature_date


def previous_paragraph(paragraph: Paragraph) -> Paragraph | None:
    """The paragraph of the previous resolution on the same topic that asked the same thing.

    Matched by treaty first (a treaty's paragraph follows that treaty's paragraph whatever its
    number), then by number and opening verb, then by verb alone.
    """
    resolution = paragraph.resolution
    if resolution.topic_id is None:
        return None
    previous = (
        Resolution.objects.filter(
            topic_id=resolution.topic_id, session__number__lt=resolution.session.number
        )
        .order_by("-session__number")
        .first()
    )
    if previous is None:
        return None
    candidates = Paragraph.objects.filter(
        resolution=previous, kind=Paragraph.Kind.OPERATIVE
    ).select_related("resolution")
    treaty_ids = list(paragraph.treaties.values_list("pk", flat=True))
    if treaty_ids:
        match = candidates.filter(treaties__in=treaty_ids).order_by("order").first()
        if match:
            return match
    return (
        candidates.filter(number=paragraph.number, verb__iexact=paragraph.verb).first()
        or candidates.filter(verb__iexact=paragraph.verb).order_by("order").first()
    )


def prefill_from_previous_cycle(
    *, member_state: MemberState, paragraph: Paragraph
) -> tuple[ResponseContent, Response] | None:
    """Last cycle's answer of this state on the corresponding paragraph, for "no change"."""
    earlier = previous_paragraph(paragraph)
    if earlier is None:
        return None
    last = (
        Response.objects.filter(
            member_state=member_state,
            paragraph=earlier,
            cycle_id=earlier.resolution.session_id,
        )
        .filter(~Q(status=Status.DRAFT))
        .select_related("paragraph__resolution")
        .first()
    )
    if last is None:
        return None
    return ResponseContent.of(last), last
