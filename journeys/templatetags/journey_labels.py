"""`{{ version.status|status_label }}`: a journey status as the reader's language names it.

The stored values stay English codes (the API speaks them); only the pages translate them. English pages
show the codes themselves, as they always have (hence the codes as message ids, in their own context).
"""
from django import template
from django.utils.translation import pgettext_lazy

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
    return STATUS_LABELS.get(str(status or ""), status or "")
