"""`{{ rule.metric|metric_label }}` and friends: alert codes as the reader's language names them (health/labels.py)."""
from django import template

from health import labels

register = template.Library()


@register.filter
def metric_label(code) -> str:
    return labels.label(labels.METRIC_LABELS, code)


@register.filter
def level_label(code) -> str:
    return labels.label(labels.LEVEL_LABELS, code)


@register.filter
def comparison_label(code) -> str:
    return labels.label(labels.COMPARISON_LABELS, code)


@register.filter
def on_red_label(code) -> str:
    return labels.label(labels.ON_RED_LABELS, code)


@register.filter
def scope_label(scope) -> str:
    return labels.scope_label(scope)


@register.filter
def rule_name_label(name) -> str:
    """A seeded default rule's name as the reader's language says it; any other name as it is."""
    return labels.label(labels.SEEDED_RULE_NAMES, name)


@register.filter
def notify_label(targets) -> str:
    return labels.notify_label(targets)


@register.filter
def channel_list_label(channels) -> str:
    """Channel codes joined in the reader's words (短信, 邮件, …)."""
    from journeys.templatetags.journey_labels import channel_label

    return ", ".join(str(channel_label(channel)) for channel in channels or [])
