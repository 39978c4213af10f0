"""A frequency cap rule in words, in the reader's language: "at most 2 SMS per contact per 24 h".

Kept apart from the page so the wording can be tested without a database. The window is shown in the largest
unit that divides it exactly (days from two days up, so that one day reads "24 h", as operators say it).
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE, HOUR, DAY = 60, 3600, 86400
# The units a window is typed in on the page, largest first.
WINDOW_UNITS = (("days", DAY), ("hours", HOUR), ("minutes", MINUTE), ("seconds", 1))


def window_in_words(seconds: int) -> str:
    if seconds % DAY == 0 and seconds >= 2 * DAY:
        return _("%(count)s days") % {"count": seconds // DAY}
    if seconds % HOUR == 0:
        return _("%(count)s h") % {"count": seconds // HOUR}
    if seconds % MINUTE == 0:
        return _("%(count)s min") % {"count": seconds // MINUTE}
    return _("%(count)s s") % {"count": seconds}


def window_split(seconds: int) -> tuple[int, str]:
    """The window as (amount, unit) for the edit form: 86400 → (1, "days")."""
    for unit, size in WINDOW_UNITS:
        if seconds % size == 0:
            return seconds // size, unit
    return seconds, "seconds"


def messages_in_words(channel: str, limit: int) -> str:
    """`limit` messages of a channel, with the measure word Chinese needs (2 条短信, 2 封邮件)."""
    if channel == "sms":
        return ngettext("%(count)s SMS", "%(count)s SMS", limit) % {"count": limit}
    if channel == "email":
        return ngettext("%(count)s email", "%(count)s emails", limit) % {"count": limit}
    if channel == "wechat":
        return ngettext("%(count)s WeChat message", "%(count)s WeChat messages", limit) % {"count": limit}
    if channel == "inapp":
        return ngettext("%(count)s in-app message", "%(count)s in-app messages", limit) % {"count": limit}
    if channel == "webhook":
        return ngettext("%(count)s webhook call", "%(count)s webhook calls", limit) % {"count": limit}
    return ngettext("%(count)s message on any channel", "%(count)s messages on any channel", limit) % {
        "count": limit}


def rule_in_words(channel: str, limit: int, window_seconds: int, journey_name: str | None = None) -> str:
    sentence = _("At most %(messages)s per contact per %(window)s") % {
        "messages": messages_in_words(channel, limit), "window": window_in_words(window_seconds)}
    if journey_name is None:
        return _("%(rule)s, across all journeys.") % {"rule": sentence}
    return _("%(rule)s, within the journey “%(journey)s”.") % {"rule": sentence, "journey": journey_name}
