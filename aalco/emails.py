"""Templated emails, shared by both apps (invitations and sign-in alerts, receipts, reminders).

Emails are rendered from ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html`` and written to the outbox (``aalco.outbox``) in the surrounding transaction:
a rolled-back submission sends no receipt, and a mail server that is down delays the email
(retried with backoff) instead of losing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from .models import OutboundEmail
from .outbox import enqueue_email

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


def render_email(*, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), plain-text body and HTML body of ``emails/<template>-*``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(  # a header must be one line
        render_to_string(f"emails/{template}-subject.txt", context).split()
    )
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
    response=None,
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
