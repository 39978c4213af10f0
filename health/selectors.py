"""Reads for the alerts API and page."""
from __future__ import annotations

from django.utils.translation import gettext

from core.errors import NotFound
from core.validation import MAX_ID
from health.models import Alert, AlertRule, ChannelPause


def alert_rule_list():
    return AlertRule.objects.order_by("id")


def _id(value) -> int | None:
    """A path's id as the database can look it up (a 40-digit one names nothing, rather than failing)."""
    text = str(value)
    return int(text) if text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID else None


def alert_rule_get(rule_id) -> AlertRule:
    rule = AlertRule.objects.filter(pk=_id(rule_id)).first() if _id(rule_id) else None
    if rule is None:
        raise NotFound(gettext("no alert rule %(id)s") % {"id": rule_id}, field="id")
    return rule


def alert_list():
    return Alert.objects.select_related("rule", "acknowledged_by").prefetch_related("history")


def alert_get(alert_id) -> Alert:
    alert = alert_list().filter(pk=_id(alert_id)).first() if _id(alert_id) else None
    if alert is None:
        raise NotFound(gettext("no alert %(id)s") % {"id": alert_id}, field="id")
    return alert


def open_alert_count() -> int:
    return Alert.objects.filter(resolved_at__isnull=True).count()


def paused_channels() -> list[ChannelPause]:
    return list(ChannelPause.objects.order_by("channel"))
