"""Focal-point accounts: invitation by email, acceptance, deactivation and handover.

The token is the Invitation's random UUID; it is good once, until ``expires_at``
(settings.INVITATION_MAX_AGE after it was sent), and never after a newer invitation for the
same focal point. A handover deactivates the outgoing focal point and invites the
successor; the outgoing person's reports, history and FocalPoint row stay.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aalco import emails, outbox
from aalco.models import OutboundEmail
from memberstates.models import FocalPoint, Invitation, MemberState
from memberstates.roles import FOCAL_POINT, can_read_all_states


class InvitationInvalid(Exception):
    """The link cannot be used; ``reason`` is one of expired, used, revoked, unknown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_url(invitation: Invitation) -> str:
    return emails.absolute_url(reverse("accept_invitation", args=[invitation.pk]))


@transaction.atomic
def invite_focal_point(
    *,
    member_state: MemberState,
    email: str,
    name: str,
    role: str,
    invited_by,
    position: str = "",
    organisation: str = "",
    preferred_language: str = "",
) -> Invitation:
    """Create (or re-invite) a focal point and email them a link to set a password.

    The FocalPoint row starts inactive: the person gets access when they accept. The
    invitation, and every later email, is written in ``preferred_language`` (English when
    none is given; a re-invitation without one keeps the language chosen before).
    """
    if preferred_language and preferred_language not in FocalPoint.Language.values:
        raise ValidationError({"preferred_language": _("Choose English, French or Arabic.")})
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        _check_can_be_invited(user, email=email, member_state=member_state)
    else:
        user = User.objects.create_user(email=email, password=None, name=name, is_active=False)
    if name and not user.name:
        user.name = name
        user.save(update_fields=["name"])
    if role == FocalPoint.Role.MAIN and _active_main(member_state) is not None:
        raise ValidationError(
            {
                "role": _(
                    "%(state)s already has an active main focal point. Hand over from them, "
                    "or invite this person as an alternate."
                )
                % {"state": member_state}
            }
        )
    focal_point = _pending_focal_point(user, member_state)
    if focal_point is None:
        focal_point = FocalPoint(user=user, member_state=member_state, is_active=False)
    focal_point.role = role
    focal_point.position = position
    focal_point.organisation = organisation
    if preferred_language:
        focal_point.preferred_language = preferred_language
    focal_point.save()
    return _send_invitation(focal_point=focal_point, invited_by=invited_by)


def _check_can_be_invited(user, *, email: str, member_state: MemberState) -> None:
    """An existing account can be invited unless it already serves a state or reads them all."""
    active = FocalPoint.objects.filter(user=user, is_active=True).select_related("member_state")
    other = active.exclude(member_state=member_state).first()
    if other is not None:
        raise ValidationError(
            {
                "email": _("%(email)s is already the focal point of %(state)s.")
                % {"email": email, "state": other.member_state}
            }
        )
    if active.exists():
        raise ValidationError(
            {
                "email": _("%(email)s is already an active focal point of this state.")
                % {"email": email}
            }
        )
    if can_read_all_states(user):
        raise ValidationError(
            {"email": _("This address belongs to a secretariat or observer account.")}
        )


def _pending_focal_point(user, member_state: MemberState) -> FocalPoint | None:
    """The invitation not yet accepted for this person and state, to re-invite."""
    return (
        FocalPoint.objects.filter(
            user=user,
            member_state=member_state,
            is_active=False,
            started_on__isnull=True,
            ended_on__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )


def _active_main(member_state: MemberState) -> FocalPoint | None:
    return FocalPoint.objects.filter(
        member_state=member_state, role=FocalPoint.Role.MAIN, is_active=True
    ).first()


def _send_invitation(*, focal_point: FocalPoint, invited_by) -> Invitation:
    now = timezone.now()
    # Only the newest link works: an older email lying in an inbox is no longer a key.
    Invitation.objects.filter(
        focal_point=focal_point, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        focal_point=focal_point,
        invited_by=invited_by,
        expires_at=now + settings.INVITATION_MAX_AGE,
    )
    with translation.override(focal_point.preferred_language):
        emails.send_templated_email(
            template="invitation",
            to=[focal_point.user.email],
            context={
                "focal_point": focal_point,
                "state": focal_point.member_state,
                "invited_by": invited_by,
                "url": invitation_url(invitation),
                "expires_at": invitation.expires_at,
            },
            sensitive=True,
            invitation=invitation,
        )
    return invitation


@transaction.atomic
def resend_invitation(*, focal_point: FocalPoint, invited_by) -> Invitation:
    if focal_point.is_active:
        raise ValidationError(_("This focal point has already accepted their invitation."))
    return _send_invitation(focal_point=focal_point, invited_by=invited_by)


def invitation_email(invitation: Invitation) -> OutboundEmail | None:
    """The email that carries the invitation's link (the latest one, if sent again)."""
    return OutboundEmail.objects.filter(invitation=invitation).order_by("-created_at").first()


@transaction.atomic
def send_invitation_again(*, focal_point: FocalPoint, invited_by) -> Invitation:
    """The invitation email could not be delivered (or is waiting for a retry): try now.

    The same email goes again while its link still works; once the link has expired or
    been replaced, a new invitation (a new link) is sent instead.
    """
    if focal_point.is_active or focal_point.ended_on is not None:
        raise ValidationError(_("This focal point has already accepted their invitation."))
    invitation = Invitation.objects.filter(focal_point=focal_point).order_by("-created_at").first()
    email = invitation_email(invitation) if invitation else None
    if invitation is None or email is None or not (email.is_failed or email.is_retrying):
        raise ValidationError(
            _("The invitation is being delivered or was delivered: there is nothing to send again.")
        )
    if _link_works(invitation) and outbox.send_again(email=email) is not None:
        return invitation
    return _send_invitation(focal_point=focal_point, invited_by=invited_by)


def _link_works(invitation: Invitation) -> bool:
    try:
        usable_invitation(invitation.pk)
    except InvitationInvalid:
        return False
    return True


def usable_invitation(token) -> Invitation:
    """The invitation behind a link, or InvitationInvalid saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("focal_point__user", "focal_point__member_state")
        .filter(pk=token)
        .first()
    )
    if invitation is None:
        raise InvitationInvalid("unknown")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("used")
    if invitation.revoked_at is not None:
        raise InvitationInvalid("revoked")
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid("expired")
    return invitation


@transaction.atomic
def accept_invitation(*, token, password: str, name: str = ""):
    """Set the password, activate the account and the focal point; the link is spent."""
    invitation = usable_invitation(token)
    now = timezone.now()
    # Claim the link with a conditional UPDATE: two tabs submitting at once, one wins.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if claimed != 1:
        raise InvitationInvalid("used")
    focal_point = invitation.focal_point
    if focal_point.role == FocalPoint.Role.MAIN:
        current = _active_main(focal_point.member_state)
        if current is not None and current.pk != focal_point.pk:
            raise ValidationError(
                _(
                    "%(state)s has another active main focal point. Ask the secretariat to "
                    "complete the handover."
                )
                % {"state": focal_point.member_state}
            )
    user = focal_point.user
    user.set_password(password)
    user.is_active = True
    if name:
        user.name = name
    user.save()
    user.groups.add(Group.objects.get_or_create(name=FOCAL_POINT)[0])
    focal_point.is_active = True
    focal_point.started_on = timezone.localdate()
    focal_point.ended_on = None
    focal_point.save()
    return user


@transaction.atomic
def deactivate_focal_point(*, focal_point: FocalPoint, by) -> FocalPoint:
    """End a focal point's term. Their account loses access unless it has another role."""
    today = timezone.localdate()
    focal_point.is_active = False
    if focal_point.started_on and focal_point.started_on > today:
        focal_point.started_on = today
    focal_point.ended_on = today
    focal_point._history_user = by  # type: ignore[attr-defined]  # simple_history reads the author here
    focal_point.save()
    Invitation.objects.filter(
        focal_point=focal_point, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    user = focal_point.user
    still_needed = (
        FocalPoint.objects.filter(user=user, is_active=True).exists()
        or can_read_all_states(user)
        or user.is_superuser
    )
    if not still_needed and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return focal_point


@transaction.atomic
def reactivate_focal_point(*, focal_point: FocalPoint, by) -> FocalPoint:
    """Give a former focal point their access back (deactivated by mistake, or back in post).

    Refused while someone else holds the state's main role, or while the person answers
    for another state: the secretariat hands over or deactivates that one first.
    """
    focal_point = (
        FocalPoint.objects.select_for_update().select_related("user").get(pk=focal_point.pk)
    )
    if focal_point.is_active:
        return focal_point
    if focal_point.ended_on is None:
        raise ValidationError(
            _("%(person)s has not accepted the invitation yet: send a new link instead.")
            % {"person": focal_point.user}
        )
    if (
        focal_point.role == FocalPoint.Role.MAIN
        and FocalPoint.objects.filter(
            member_state=focal_point.member_state, role=FocalPoint.Role.MAIN, is_active=True
        ).exists()
    ):
        raise ValidationError(
            _(
                "%(state)s already has an active main focal point. Deactivate or hand over "
                "that one first."
            )
            % {"state": focal_point.member_state}
        )
    if FocalPoint.objects.filter(user=focal_point.user, is_active=True).exists():
        raise ValidationError(
            _("%(person)s now answers for another state.") % {"person": focal_point.user}
        )
    focal_point.is_active = True
    focal_point.ended_on = None
    focal_point._history_user = by  # type: ignore[attr-defined]  # simple_history reads the author here
    focal_point.save()
    user = focal_point.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return focal_point


@transaction.atomic
def hand_over_focal_point(
    *,
    outgoing: FocalPoint,
    email: str,
    name: str,
    invited_by,
    position: str = "",
    organisation: str = "",
    preferred_language: str = "",
) -> Invitation:
    """Deactivate ``outgoing`` and invite the successor in the same role, in one step.

    The successor writes in ``preferred_language``, else in the outgoing person's language.
    """
    deactivate_focal_point(focal_point=outgoing, by=invited_by)
    return invite_focal_point(
        member_state=outgoing.member_state,
        email=email,
        name=name,
        role=outgoing.role,
        invited_by=invited_by,
        position=position or outgoing.position,
        organisation=organisation or outgoing.organisation,
        preferred_language=preferred_language or outgoing.preferred_language,
    )
