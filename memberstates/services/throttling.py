"""Counting requests in the cache: the password-reset form's limits.

Fixed windows of PASSWORD_RESET_THROTTLE_MINUTES, counted per normalised address and per
client address. With several workers the cache must be shared (REDIS_URL); the in-process
cache of a development run counts per process.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from aalco.models import normalize_login

logger = logging.getLogger(__name__)


def _hit(key: str, *, limit: int, window: int) -> bool:
    """Count one request under ``key``; True while the count is within ``limit``."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"throttle:password-reset:{kind}:{digest}"


def password_reset_allowed(*, email: str, client: str) -> bool:
    """May this request send a reset email? Both the client's and the address's budget count."""
    window = settings.PASSWORD_RESET_THROTTLE_MINUTES * 60
    client_ok = _hit(
        _key("client", client), limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT, window=window
    )
    if not client_ok:
        logger.warning("Password reset refused: too many requests from one client")
        return False
    address_ok = _hit(
        _key("address", normalize_login(email)),
        limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        window=window,
    )
    if not address_ok:
        logger.warning("Password reset refused: too many requests for one address")
    return address_ok
