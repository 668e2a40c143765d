"""API tokens: create, revoke, authenticate, throttle.

A key is `aalco_` + 43 random URL-safe characters; the database keeps its SHA-256 digest and
its first characters (to tell tokens apart on the profile page), never the key.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from .models import ApiToken, User

KEY_PREFIX = "aalco_"
MAX_ACTIVE_TOKENS = 20
# Writing `last_used_at` on every request would turn each read into a write: once a minute.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(
    *, user: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token and its key (the only time the key is known)."""
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Say what the token is for, e.g. “Ministry reporting tool”.")}
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationError({"expires_in_days": _("A token lasts from 1 to 3650 days.")})
    if ApiToken.objects.filter(user=user).usable().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(n)d active tokens: revoke one you no longer use first.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    expires_at = (
        timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    )
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[: len(KEY_PREFIX) + 4],
        digest=_digest(key),
        expires_at=expires_at,
    )
    return token, key


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (a token of someone else is not found)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise ApiToken.DoesNotExist
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_key(key: str) -> tuple[User, ApiToken] | None:
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(digest=_digest(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`; a wrong, expired or revoked key is a 401."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Token <key>”.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        found = user_for_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid, has expired or was revoked.")
            )
        return found

    def authenticate_header(self, request) -> str:
        return self.keyword


class UserThrottle(throttling.UserRateThrottle):
    """Per person, whatever the credentials (session or any of their tokens)."""

    scope = "user"

    def get_rate(self):
        return settings.API_THROTTLE_RATES["user"]


class TokenThrottle(throttling.SimpleRateThrottle):
    """Per token, so one runaway script does not use up its owner's whole allowance."""

    scope = "token"

    def get_rate(self):
        return settings.API_THROTTLE_RATES["token"]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes token authentication."""

    target_class = "aalco.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: create a key on your API tokens page.",
        }
