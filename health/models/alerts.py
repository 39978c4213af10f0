"""Alert rules (design section 11), the alerts they fire, and what a red rule paused."""
from __future__ import annotations

from django.conf import settings
from django.db import models

LEVELS = ("yellow", "orange", "red")  # in rising order


def workspace_scope() -> str:
    return "workspace"


class AlertRule(models.Model):
    name = models.CharField(max_length=200)
    metric = models.CharField(max_length=40)
    # "workspace", {"journey": id}, {"channel": name} or {"segment": key} (churn and active share only)
    scope = models.JSONField(default=workspace_scope)
    comparison = models.CharField(max_length=12)  # above | below | change_pct
    thresholds = models.JSONField()  # {"yellow": x, "orange": y, "red": z}
    window_minutes = models.PositiveIntegerField(default=60)
    on_red = models.CharField(max_length=16, default="notify")  # notify | pause_journey | pause_channel
    notify = models.JSONField(default=list, blank=True)  # ["inapp", "email:…", "webhook:…", "wecom:…"]
    enabled = models.BooleanField(default=True)
    # The last evaluation's outcome, shown on the rules list: its value, and its error when it failed.
    last_value = models.FloatField(null=True, blank=True)
    last_evaluated_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    last_note = models.CharField(max_length=500, blank=True, default="")  # e.g. a missing segment's fallback
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"alert rule {self.pk} {self.name}"


class AlertEvaluation(models.Model):
    """The claim on one rule's evaluation of one minute: the unique pair makes it exactly once
    however many schedulers run the job."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="evaluations")
    minute = models.DateTimeField()
    value = models.FloatField(null=True, blank=True)
    level = models.CharField(max_length=8, blank=True, default="")  # "" when under yellow
    error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "minute"], name="alert_evaluation_once_per_minute")]


class Alert(models.Model):
    """A rule's fired alert: open (resolved_at null) while the metric stays at yellow or worse."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(max_length=8)  # the highest reached so far
    value = models.FloatField()
    threshold = models.FloatField()
    started_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # What it did on red ("paused journey 4"), and the outcome of each notification sent.
    actions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule"], condition=models.Q(resolved_at__isnull=True),
                                               name="one_open_alert_per_rule")]

    def __str__(self) -> str:
        return f"alert #{self.pk} {self.rule.metric} {self.level}"


class AlertLevelChange(models.Model):
    """An alert's history: raised, escalated, resolved, acknowledged."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="history")
    level = models.CharField(max_length=12)  # yellow, orange, red, then "resolved" or "acknowledged"
    value = models.FloatField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class ChannelPause(models.Model):
    """A channel whose sends wait (deferred, `channel paused`) until resumed; channels_app asks through
    the hook health registers (channels_app/services/pauses.py)."""

    channel = models.CharField(max_length=16, unique=True)
    reason = models.CharField(max_length=300)
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    paused_at = models.DateTimeField()
