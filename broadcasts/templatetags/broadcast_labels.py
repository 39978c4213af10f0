"""`{{ broadcast.status|broadcast_status_label }}`: a broadcast status as the reader's language names it.

The stored values stay English codes (the API speaks them); only the pages translate them.
"""
from django import template
from django.utils.translation import pgettext_lazy

from core.labels import label

register = template.Library()

STATUS_LABELS = {
    "draft": pgettext_lazy("broadcast status", "draft"),
    "pending_review": pgettext_lazy("broadcast status", "pending review"),
    "approved": pgettext_lazy("broadcast status", "approved"),
    "rejected": pgettext_lazy("broadcast status", "rejected"),
    "scheduled": pgettext_lazy("broadcast status", "scheduled"),
    "sending": pgettext_lazy("broadcast status", "sending"),
    "sent": pgettext_lazy("broadcast status", "sent"),
    "cancelled": pgettext_lazy("broadcast status", "cancelled"),
}


@register.filter
def broadcast_status_label(status) -> str:
    return label(STATUS_LABELS, status)
