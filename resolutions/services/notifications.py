"""In-app notifications and templated emails.

Emails are rendered and sent (after the surrounding transaction commits) by
``aalco.emails``, which the account pages in ``memberstates`` use too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

from aalco.emails import absolute_url, send_templated_email
from aalco.lookups import valid_uuids
from memberstates.models import FocalPoint

from ..models import Notification, Response


def language_for(user) -> str:
    """The language a person's emails are written in: their focal point's preferred language
    (which the secretariat may set), else the one kept on their account (the switcher keeps
    it there: a secretariat officer's), else the default (English)."""
    focal_point = (
        FocalPoint.objects.filter(user=user)
        .order_by("-is_active", "-created_at")
        .only("preferred_language")
        .first()
    )
    if focal_point is not None:
        return focal_point.preferred_language
    if getattr(user, "language", "") in {code for code, _name in settings.LANGUAGES}:
        return user.language
    return settings.LANGUAGE_CODE


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
    """Email the secretariat's shared inbox (settings.SECRETARIAT_INBOX), in the
    secretariat's working language (settings.LANGUAGE_CODE) whoever caused the notice.
    `subject` and `body` should be written in it too (see responses._send_receipt)."""
    with translation.override(settings.LANGUAGE_CODE):
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
