"""In-app notifications and templated emails.

Emails are rendered from ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html`` and written to the outbox (``aalco.outbox``) in the surrounding transaction:
a rolled-back submission sends no receipt, and a mail server that is down delays the email
(retried with backoff) instead of losing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from aalco.lookups import valid_uuids
from aalco.models import OutboundEmail
from aalco.outbox import enqueue_email
from memberstates.models import FocalPoint

from ..models import Notification, Response

#: The outbox's kind for each template, where it is not a notice.
EMAIL_KINDS = {
    "invitation": OutboundEmail.Kind.INVITATION,
    "device-added": OutboundEmail.Kind.DEVICE_ADDED,
    "response-receipt": OutboundEmail.Kind.RECEIPT,
}


def absolute_url(path: str) -> str:
    """A link that works from an email client: SITE_URL + path (full URLs pass through)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def language_for(user) -> str:
    """The language a person's emails are written in: their focal point's, else English."""
    focal_point = (
        FocalPoint.objects.filter(user=user)
        .order_by("-is_active", "-created_at")
        .only("preferred_language")
        .first()
    )
    return focal_point.preferred_language if focal_point else settings.LANGUAGE_CODE


def render_email(*, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), plain-text body and HTML body of ``emails/<template>-*``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}-subject.txt", context)
    subject = " ".join(subject.split())  # a header must be one line
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    return subject, text, html


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict[str, Any],
    reply_to: Sequence[str] | None = None,
    sensitive: bool = False,
    invitation=None,
    response: Response | None = None,
) -> OutboundEmail | None:
    """Render now (in the active language) and put it in the outbox of this transaction.

    ``invitation`` / ``response`` say what caused it, for the pages that show its state;
    ``sensitive`` when the body holds a link that is a key.
    """
    if not any(to):
        return None
    subject, text, html = render_email(template=template, context=context)
    return enqueue_email(
        kind=EMAIL_KINDS.get(template, OutboundEmail.Kind.NOTICE),
        to=to,
        subject=subject,
        text=text,
        html=html,
        reply_to=reply_to or (),
        sensitive=sensitive,
        invitation=invitation,
        response=response,
    )


def notify(
    *,
    user,
    subject: str,
    body: str,
    link: str,
    response: Response | None = None,
    send_email: bool = True,
    email_template: str = "notification",
    email_context: dict[str, Any] | None = None,
) -> Notification:
    """Record an in-app notification for ``user`` and, by default, email it to them.

    ``email_template`` picks a richer email (e.g. ``"response-receipt"``); its context gets
    ``user``, ``subject``, ``body``, ``link`` (absolute), ``response`` and ``email_context``.
    """
    notification = Notification.objects.create(
        user=user, subject=subject[:255], body=body, link=link, response=response
    )
    if send_email and user.is_active and user.email:
        # In the recipient's language, not that of whoever caused the notice (the
        # secretariat reviewing a French focal point's report writes in English).
        with translation.override(language_for(user)):
            send_templated_email(
                template=email_template,
                to=[user.email],
                context={
                    "user": user,
                    "subject": subject,
                    "body": body,
                    "link": absolute_url(link),
                    "response": response,
                    **(email_context or {}),
                },
                response=response,
            )
    return notification


def notify_secretariat(
    *,
    subject: str,
    body: str,
    link: str,
    email_template: str = "secretariat-notice",
    email_context: dict[str, Any] | None = None,
    reply_to: Sequence[str] | None = None,
    response: Response | None = None,
) -> None:
    """Email the secretariat's shared inbox (settings.SECRETARIAT_INBOX)."""
    send_templated_email(
        response=response,
        template=email_template,
        to=[settings.SECRETARIAT_INBOX],
        context={
            "subject": subject,
            "body": body,
            "link": absolute_url(link),
            **(email_context or {}),
        },
        reply_to=reply_to,
    )


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at")


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, notification_ids: Sequence[str] | None = None) -> int:
    """Mark some (or all) of the user's unread notifications read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=valid_uuids(notification_ids))
    return unread.update(read_at=timezone.now())
