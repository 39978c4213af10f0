"""What the approval workflow tells someone it refuses (journeys/services/approvals.py), in their language.

Actions and statuses stay the API's codes in English; Chinese names them the way operators say them.
"""
from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy

from core.permissions import ROLE_NAMES

ACTIONS = {
    "submit": pgettext_lazy("journey action", "submit"), "withdraw": pgettext_lazy("journey action", "withdraw"),
    "approve": pgettext_lazy("journey action", "approve"), "reject": pgettext_lazy("journey action", "reject"),
    "publish": pgettext_lazy("journey action", "publish"), "pause": pgettext_lazy("journey action", "pause"),
    "resume": pgettext_lazy("journey action", "resume"), "archive": pgettext_lazy("journey action", "archive"),
}
DONE = {
    "submit": pgettext_lazy("journey action done", "submitted"),
    "withdraw": pgettext_lazy("journey action done", "withdrawn"),
    "approve": pgettext_lazy("journey action done", "approved"),
    "reject": pgettext_lazy("journey action done", "rejected"),
    "publish": pgettext_lazy("journey action done", "published"),
    "pause": pgettext_lazy("journey action done", "paused"),
    "resume": pgettext_lazy("journey action done", "resumed"),
    "archive": pgettext_lazy("journey action done", "archived"),
}
STATUSES = {
    "draft": pgettext_lazy("journey status", "draft"), "in_review": pgettext_lazy("journey status", "in_review"),
    "approved": pgettext_lazy("journey status", "approved"), "live": pgettext_lazy("journey status", "live"),
    "paused": pgettext_lazy("journey status", "paused"), "finishing": pgettext_lazy("journey status", "finishing"),
    "archived": pgettext_lazy("journey status", "archived"),
}


def _named(names: dict, code) -> str:
    return str(names.get(str(code), code))


def _either(names: dict, codes) -> str:
    return str(pgettext_lazy("between statuses", " or ")).join(_named(names, code) for code in codes)


def role_refusal(role: str, action: str) -> str:
    return gettext("only a user with the %(role)s role may %(action)s") % {
        "role": _named(ROLE_NAMES, role), "action": _named(ACTIONS, action)}


def no_archivable_version() -> str:
    return gettext("cannot archive: the journey has no live, paused or finishing version")


def no_version(action: str, allowed) -> str:
    return gettext("cannot %(action)s: the journey has no version that is %(allowed)s") % {
        "action": _named(ACTIONS, action), "allowed": _either(STATUSES, allowed)}


def not_yet_approved(number: int, status: str) -> str:
    message = gettext("cannot publish version %(number)s: it is %(status)s; it must be submitted and approved first")
    return message % {"number": number, "status": _named(STATUSES, status)}


def wrong_status(action: str, number: int, status: str, allowed) -> str:
    message = gettext(
        "cannot %(action)s version %(number)s: it is %(status)s, and only a %(allowed)s version can be %(done)s")
    return message % {"action": _named(ACTIONS, action), "number": number, "status": _named(STATUSES, status),
                      "allowed": _either(STATUSES, allowed), "done": _named(DONE, action)}


EDITING = {
    "create journeys": pgettext_lazy("journey editing", "create journeys"),
    "rename journeys": pgettext_lazy("journey editing", "rename journeys"),
    "delete journeys": pgettext_lazy("journey editing", "delete journeys"),
    "edit drafts": pgettext_lazy("journey editing", "edit drafts"),
}


def marketer_refusal(doing: str) -> str:
    """Editing is the marketer's job: who may not, is told so in their language."""
    return gettext("only a user with the %(role)s role may %(action)s") % {
        "role": _named(ROLE_NAMES, "marketer"), "action": _named(EDITING, doing)}
