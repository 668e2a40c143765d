"""Templated emails, shared by both apps (invitations and sign-in alerts, receipts, reminders).

Emails are rendered from ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html`` and handed to the mail backend only after the surrounding transaction
commits: a rolled-back submission must not have sent a receipt.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link that works from an email client: SITE_URL + path (full URLs pass through)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


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
) -> None:
    """Render now, send once the transaction commits (at once outside a transaction)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, text, html = render_email(template=template, context=context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=list(reply_to) if reply_to else None,
    )
    message.attach_alternative(html, "text/html")

    def send() -> None:
        # The data is already committed: a mail server that is down must not turn the
        # user's successful submission into an error page. The in-app notification stays.
        try:
            message.send()
        except Exception:
            logger.exception("Could not send %r email to %s", template, recipients)

    transaction.on_commit(send)
