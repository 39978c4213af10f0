"""What a red alert does beyond telling people (`on_red`), and what acknowledging and resolving do.

- `pause_journey`: the journey in scope is paused through journeys' own workflow by the system actor,
  its audit entry's comment naming the alert. Resolving does not resume it: an approver resumes it,
  as any paused journey, once someone has looked.
- `pause_channel`: the channel's sends wait (channels_app/services/pauses.py reads ChannelPause) until
  the alert resolves, or an acknowledger lifts the pause early (`POST /api/v1/alerts/{id}/resume`).
"""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from core import clock
from core.errors import Conflict
from health.models import Alert, AlertLevelChange, ChannelPause
from health.services import alert_notify
from journeys.models import Journey
from journeys.services.approvals import version_pause


def describe(alert: Alert) -> str:
    """"alert #12 complaint_rate red": how audit entries and pause reasons name an alert."""
    return f"alert #{alert.pk} {alert.rule.metric} {alert.level}"


def on_red(alert: Alert, now: datetime) -> dict | None:
    """Inside the evaluation's transaction (a savepoint, so a refused pause leaves the alert standing)."""
    rule = alert.rule
    try:
        with transaction.atomic():
            if rule.on_red == "pause_journey":
                journey = Journey.objects.get(pk=rule.scope["journey"])
                version_pause(journey, user=None, comment=f"paused by {describe(alert)} ({alert.value:g} reached "
                                                          f"{alert.threshold:g}; rule {rule.name!r})")
                return {"action": "pause_journey", "journey": journey.pk, "ok": True}
            if rule.on_red == "pause_channel":
                channel = rule.scope["channel"]
                ChannelPause.objects.update_or_create(channel=channel, defaults={
                    "reason": f"by {describe(alert)}", "alert": alert, "paused_at": now})
                return {"action": "pause_channel", "channel": channel, "ok": True}
    except Exception as exc:  # a journey already paused or archived: the alert still stands, and says why
        return {"action": rule.on_red, "ok": False, "detail": str(exc)[:300]}
    return None  # notify: telling people is all it does


def on_resolve(alert: Alert) -> dict | None:
    """Back under yellow: a channel this alert paused sends again."""
    lifted = ChannelPause.objects.filter(alert=alert).delete()[0]
    return {"action": "resume_channel", "ok": True} if lifted else None


def paused_channels() -> dict[str, str]:
    """The source channels_app asks before each delivery batch (registered in health/apps.py)."""
    return dict(ChannelPause.objects.values_list("channel", "reason"))


def alert_acknowledge(alert: Alert, user) -> Alert:
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at = user, clock.now()
            alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
            AlertLevelChange.objects.create(alert=alert, level="acknowledged", value=alert.value,
                                            at=alert.acknowledged_at)
            alert_notify.badge_changed()
        return alert


def alert_resume_channel(alert: Alert, user) -> Alert:
    """Lift the channel pause this alert set, before it resolves (someone has dealt with the cause)."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if not ChannelPause.objects.filter(alert=alert).delete()[0]:
            raise Conflict(gettext("alert #%(id)s has no channel paused") % {"id": alert.pk}, field="alert")
        who = user.get_username() if user is not None else "system"
        alert.actions = [*alert.actions, {"action": "resume_channel", "ok": True, "by": who}]
        alert.save(update_fields=["actions"])
        return alert
