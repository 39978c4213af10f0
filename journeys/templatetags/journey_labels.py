"""`{{ version.status|status_label }}`: a journey status as the reader's language names it.

The stored values stay English codes (the API speaks them); only the pages translate them.
"""
from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATUS_LABELS = {
    "draft": _("draft"),
    "in_review": _("in review"),
    "approved": _("approved"),
    "live": _("live"),
    "paused": _("paused"),
    "finishing": _("finishing"),
    "archived": _("archived"),
}


@register.filter
def status_label(status) -> str:
    return STATUS_LABELS.get(str(status or ""), status or "")
