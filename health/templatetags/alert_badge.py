"""`{% open_alert_badge %}`: the header's count of open alerts, kept live by static/js/alert_badge.js."""
from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.permissions import is_allowed
from health.selectors import open_alert_count

register = template.Library()


@register.simple_tag(takes_context=True)
def open_alert_badge(context) -> str:
    user = getattr(context.get("request"), "user", None) or context.get("user")
    if user is None or not user.is_authenticated or not is_allowed(user, "alerts", "GET"):
        return ""
    count = open_alert_count()
    return format_html(
        '<a href="/alerts/" class="alert-badge{}" data-testid="alert-badge" title="{}">{} '
        '<span data-testid="alert-count">{}</span></a><script src="{}" defer></script>',
        " has-open" if count else "", _("Open alerts"), _("Alerts"), count, static("js/alert_badge.js"))
