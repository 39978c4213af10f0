"""The user's language choice, kept on the user so it follows them to another browser."""
from __future__ import annotations

from django.conf import settings

from workspace.models import UserPreference

SESSION_LANGUAGE = "workspace_language"  # where the login's choice waits for each request (no query per page)


def supported_language(code: str | None) -> str:
    """The LANGUAGES code for `code` ("zh-Hans" and "zh-hans" alike), or "" when it is not one of ours."""
    wanted = (code or "").lower()
    return next((lang for lang, _ in settings.LANGUAGES if lang == wanted), "")


def user_language_set(*, user, language: str) -> str:
    """Stores the choice; an unknown code is ignored (Django's setlang ignores it too) and returns ""."""
    language = supported_language(language)
    if language and user.is_authenticated:
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    return language


def user_language(user) -> str:
    if not user.is_authenticated:
        return ""
    preference = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return supported_language(preference)


def user_languages(user_ids) -> dict[int, str]:
    """The stored choice of each of `user_ids` that made one (one query): for what is written to them later."""
    rows = UserPreference.objects.filter(user_id__in=list(user_ids)).exclude(language="")
    return {user_id: code for user_id, language in rows.values_list("user_id", "language")
            if (code := supported_language(language))}
