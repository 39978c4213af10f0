"""The language switch (design §10): Django's LocaleMiddleware picks the browser's Accept-Language or the
`django_language` cookie that `/i18n/setlang/` sets; a signed-in user's stored choice wins over both.

The choice is read from the database once, at login, and kept in the session, so a page costs no query.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from workspace.services.preferences import SESSION_LANGUAGE, user_language, user_language_set


@receiver(user_logged_in, dispatch_uid="workspace-language-on-login")
def _language_on_login(sender, request, user, **kwargs) -> None:
    language = user_language(user)
    if language and request is not None and hasattr(request, "session"):
        request.session[SESSION_LANGUAGE] = language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's own setlang (cookie, safe `next` redirect), plus the choice stored on the user and session:
    Django's view alone would forget it at the next login from another browser."""
    response = django_set_language(request)
    language = user_language_set(user=request.user, language=request.POST.get("language", ""))
    if language and hasattr(request, "session"):
        request.session[SESSION_LANGUAGE] = language
    return response


class UserLanguageMiddleware:
    """After AuthenticationMiddleware: a signed-in user's stored language overrides the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        language = session.get(SESSION_LANGUAGE) if session is not None else None
        if language and getattr(request, "user", None) is not None and request.user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            # Keeps the login page and signed-out pages in the same language after logout.
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.LANGUAGE_COOKIE_SECURE)
        return response
