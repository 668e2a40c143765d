"""Which language a page is in: the one chosen on the switcher (a cookie), else the one kept on
the person's profile (a focal point's preferred language, or the user's own), else the
browser's `Accept-Language`. URLs stay the same in every language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from memberstates.models import FocalPoint

SUPPORTED = {code for code, _name in settings.LANGUAGES}
# Read at sign-in and kept in the session: pages cost no extra query for it.
SESSION_KEY = "profile_language"


def export_language(language: str | None) -> str:
    """A language the exports are written in: `language` if supported, else the default."""
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else settings.LANGUAGE_CODE


def profile_language(user) -> str:
    """The language kept for a signed-in person ("" when none was chosen)."""
    if not user.is_authenticated:
        return ""
    if user.language:
        return user.language
    focal_point = (
        FocalPoint.objects.filter(user=user, is_active=True).only("preferred_language").first()
    )
    return focal_point.preferred_language if focal_point else ""


def remember_language(user, language: str) -> None:
    """Keep the choice on the profile; a focal point's emails follow it too."""
    if not user.is_authenticated or language not in SUPPORTED:
        return
    get_user_model().objects.filter(pk=user.pk).update(language=language)
    FocalPoint.objects.filter(user=user, is_active=True).update(preferred_language=language)


@receiver(user_logged_in)
def _keep_profile_language(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = profile_language(user)


class ProfileLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware that knows the person: runs after AuthenticationMiddleware."""

    def process_request(self, request: HttpRequest) -> None:
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if cookie not in SUPPORTED and user is not None and user.is_authenticated:
            chosen = user.language or request.session.get(SESSION_KEY, "")
            if chosen in SUPPORTED:
                translation.activate(chosen)
                request.LANGUAGE_CODE = translation.get_language()
                return
        super().process_request(request)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe `next`), and the choice kept on the profile."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if language in SUPPORTED:
        remember_language(request.user, language)
        if hasattr(request, "session") and request.user.is_authenticated:
            request.session[SESSION_KEY] = language
    return response
