"""`{{ version.status|status_label }}`: a journey status as the reader's language names it.

The stored values stay English codes (the API speaks them); only the pages translate them. English pages
show the codes themselves, as they always have (hence the codes as message ids, in their own context).
"""
from django import template
from django.utils.translation import pgettext_lazy

from core.labels import label

register = template.Library()

STATUS_LABELS = {
    "draft": pgettext_lazy("journey status", "draft"),
    "in_review": pgettext_lazy("journey status", "in_review"),
    "approved": pgettext_lazy("journey status", "approved"),
    "live": pgettext_lazy("journey status", "live"),
    "paused": pgettext_lazy("journey status", "paused"),
    "finishing": pgettext_lazy("journey status", "finishing"),
    "archived": pgettext_lazy("journey status", "archived"),
}


@register.filter
def status_label(status) -> str:
    return label(STATUS_LABELS, status)


CHANNEL_LABELS = {
    "sms": pgettext_lazy("channel", "SMS"),
    "email": pgettext_lazy("channel", "Email"),
    "webhook": pgettext_lazy("channel", "Webhook"),
    "inapp": pgettext_lazy("channel", "In-app"),
    "wechat": pgettext_lazy("channel", "WeChat"),
}
BREAKER_STATE_LABELS = {
    "closed": pgettext_lazy("circuit breaker", "closed"),
    "open": pgettext_lazy("circuit breaker", "open"),
    "half_open": pgettext_lazy("circuit breaker", "half open"),
}


@register.filter
def channel_label(channel) -> str:
    """`{{ "sms"|channel_label }}`: a channel code as the pages name it (短信 in Chinese)."""
    return label(CHANNEL_LABELS, channel)


@register.filter
def breaker_state_label(state) -> str:
    return label(BREAKER_STATE_LABELS, state)


MESSAGE_STATUS_LABELS = {
    "queued": pgettext_lazy("message status", "queued"),
    "sending": pgettext_lazy("message status", "sending"),
    "sent": pgettext_lazy("message status", "sent"),
    "delivered": pgettext_lazy("message status", "delivered"),
    "undelivered": pgettext_lazy("message status", "undelivered"),
    "failed": pgettext_lazy("message status", "failed"),
    "bounced": pgettext_lazy("message status", "bounced"),
    "suppressed": pgettext_lazy("message status", "suppressed"),
    "capped": pgettext_lazy("message status", "capped"),
    "deferred": pgettext_lazy("message status", "deferred"),
    "superseded": pgettext_lazy("message status", "superseded"),
}


@register.filter
def message_status_label(status) -> str:
    """English pages show the codes the API and CSV use; Chinese pages the operators' words."""
    return label(MESSAGE_STATUS_LABELS, status)


TIMELINE_KIND_LABELS = {
    "event": pgettext_lazy("timeline", "event"), "enrolled": pgettext_lazy("timeline", "enrolled"),
    "step": pgettext_lazy("timeline", "step"), "exited": pgettext_lazy("timeline", "exited"),
    "message": pgettext_lazy("timeline", "message"), "delivery": pgettext_lazy("timeline", "delivery"),
    "conversion": pgettext_lazy("timeline", "conversion"),
}
ENROLLMENT_STATE_LABELS = {
    "active": pgettext_lazy("enrollment state", "active"), "waiting": pgettext_lazy("enrollment state", "waiting"),
    "completed": pgettext_lazy("enrollment state", "completed"), "exited": pgettext_lazy("enrollment state", "exited"),
    "failed": pgettext_lazy("enrollment state", "failed"),
}


@register.filter
def timeline_kind_label(kind) -> str:
    return label(TIMELINE_KIND_LABELS, kind)


@register.filter
def enrollment_state_label(state) -> str:
    return label(ENROLLMENT_STATE_LABELS, state)


AUDIT_ACTION_LABELS = {
    "create": pgettext_lazy("journey action", "create"), "save": pgettext_lazy("journey action", "save"),
    "submit": pgettext_lazy("journey action", "submit"), "withdraw": pgettext_lazy("journey action", "withdraw"),
    "approve": pgettext_lazy("journey action", "approve"), "reject": pgettext_lazy("journey action", "reject"),
    "publish": pgettext_lazy("journey action", "publish"), "pause": pgettext_lazy("journey action", "pause"),
    "resume": pgettext_lazy("journey action", "resume"), "archive": pgettext_lazy("journey action", "archive"),
    "finish": pgettext_lazy("journey action", "finish"),
}


@register.filter
def audit_action_label(action) -> str:
    return label(AUDIT_ACTION_LABELS, action)
