"""Input and output of /api/v1/alert-rules and /api/v1/alerts (design section 11)."""
from __future__ import annotations

from rest_framework import serializers

from health.metrics import METRICS
from health.services.alert_rules import COMPARISONS, MAX_WINDOW_MINUTES, ON_RED


class ThresholdsField(serializers.Serializer):
    yellow = serializers.FloatField(allow_null=True, required=False, default=None)
    orange = serializers.FloatField(allow_null=True, required=False, default=None)
    red = serializers.FloatField(allow_null=True, required=False, default=None)


class AlertRuleInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    metric = serializers.ChoiceField(choices=METRICS)
    scope = serializers.JSONField(required=False, default="workspace",
                                  help_text='"workspace", {"journey": id}, {"channel": name}, or {"segment": key} '
                                            "(active_share, churn_rate, stickiness)")
    comparison = serializers.ChoiceField(choices=COMPARISONS)
    thresholds = ThresholdsField(help_text="rates are fractions (0.05 = 5 %), change_pct is percent; a level may "
                                           "be null; above: yellow ≤ orange ≤ red, below: the reverse")
    window_minutes = serializers.IntegerField(min_value=1, max_value=MAX_WINDOW_MINUTES, required=False, default=60)
    on_red = serializers.ChoiceField(choices=ON_RED, required=False, default="notify")
    notify = serializers.ListField(child=serializers.CharField(max_length=2100), required=False, default=list,
                                   max_length=20, help_text='"inapp", "email:ADDRESS", "webhook:URL", "wecom:URL"')
    enabled = serializers.BooleanField(required=False, default=True)


class AlertRuleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    metric = serializers.CharField()
    scope = serializers.JSONField()
    comparison = serializers.CharField()
    thresholds = ThresholdsField()
    window_minutes = serializers.IntegerField()
    on_red = serializers.CharField()
    notify = serializers.ListField(child=serializers.CharField())
    enabled = serializers.BooleanField()
    last_value = serializers.FloatField(allow_null=True)
    last_evaluated_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField(help_text="why the last evaluation failed, if it did")
    last_note = serializers.CharField(help_text="how the scope was read, e.g. a missing segment's fallback")


class AlertHistoryOutput(serializers.Serializer):
    level = serializers.CharField(help_text="yellow, orange, red, resolved or acknowledged")
    value = serializers.FloatField(allow_null=True)
    at = serializers.DateTimeField()


class AlertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.IntegerField(source="rule_id")
    rule_name = serializers.CharField(source="rule.name")
    metric = serializers.CharField(source="rule.metric")
    level = serializers.CharField()
    value = serializers.FloatField()
    threshold = serializers.FloatField()
    started_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", allow_null=True, default=None)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    history = AlertHistoryOutput(many=True)
    actions = serializers.ListField(child=serializers.DictField(), help_text="what it did on red, and each "
                                    "notification's outcome")
