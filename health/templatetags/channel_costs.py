"""`{% channel_costs as costs %}`: the per-message costs for the /settings/channels page's costs section
(templates/health/_channel_costs.html). A template tag because channels_app's page may not import health."""
from django import template

from channels_app.models import Channel
from core.permissions import is_allowed
from health.services.costs import costs_current

register = template.Library()


@register.simple_tag(takes_context=True)
def channel_costs(context) -> dict:
    user = getattr(context.get("request"), "user", None) or context.get("user")
    current = costs_current()
    return {"currency": current["currency"],
            "rows": [{"name": name, "label": label, "cost": current["costs"].get(name)}
                     for name, label in Channel.choices],
            "may_edit": bool(user and user.is_authenticated and is_allowed(user, "channel_costs", "POST"))}
