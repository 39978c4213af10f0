"""Input (query) and output serializers of /api/v1/metrics/* (design section 11)."""
from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from health.metrics.cohorts import GRAINS

MAX_SPAN_DAYS = 731
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2200, 12, 31)


def _bounded(value: date, field: str) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise serializers.ValidationError({field: [gettext("must be between %(low)s and %(high)s")
                                                   % {"low": FIRST_DAY, "high": LAST_DAY}]})
    return value


class _DateRange(serializers.Serializer):
    """`from` and `to` (UTC days, both included); `from` is a keyword, hence the type() below."""

    def validate(self, attrs):
        today = self.context["today"]
        end = _bounded(attrs.get("to") or today, "to")
        start = _bounded(attrs.get("from") or end - timedelta(days=29), "from")
        if start > end:
            raise serializers.ValidationError({"from": [gettext("must not be after to")]})
        if (end - start).days >= MAX_SPAN_DAYS:
            raise serializers.ValidationError({"from": [gettext("the range may span at most %(days)s days")
                                                      % {"days": MAX_SPAN_DAYS}]})
        return {"start": start, "end": end}


DateRangeInput = type("DateRangeInput", (_DateRange,), {
    "from": serializers.DateField(required=False, help_text="first UTC day (default: 29 days before `to`)"),
    "to": serializers.DateField(required=False, help_text="last UTC day (default: today)"),
})


# The days the schema promises (1970–2200, no day a month may lack); `from` after `to` and spans over
# MAX_SPAN_DAYS are 400s the schema cannot state (tests/integration/schemathesis.toml says so).
_DAY = {"type": "string", "format": "date",
        "pattern": r"^(19[7-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"}
DATE_RANGE_PARAMS = [
    OpenApiParameter("from", _DAY, description="first UTC day (default: 29 days before `to`)"),
    OpenApiParameter("to", _DAY, description="last UTC day (default: today)"),
]


class CohortInput(serializers.Serializer):
    cohort = serializers.ChoiceField(choices=GRAINS, default="week", help_text="cohort grain; weeks start Monday")
    periods = serializers.IntegerField(min_value=1, max_value=52, default=8,
                                       help_text="cohorts shown, and periods per cohort (period 0 = first seen)")


class ActivityDayOutput(serializers.Serializer):
    date = serializers.DateField()
    dau = serializers.IntegerField()
    wau = serializers.IntegerField(help_text="distinct active contacts in the 7 days ending that day")
    mau = serializers.IntegerField(help_text="distinct active contacts in the 30 days ending that day")
    stickiness = serializers.FloatField(allow_null=True, help_text="dau / mau; null when mau is 0")


class RetentionCohortOutput(serializers.Serializer):
    cohort = serializers.DateField(help_text="the cohort's first day (a Monday, or the 1st of a month)")
    size = serializers.IntegerField(help_text="contacts first seen in the cohort")
    active = serializers.ListField(child=serializers.IntegerField(), help_text="active contacts per period so far")
    retention = serializers.ListField(child=serializers.FloatField(allow_null=True), help_text="active / size")


class RetentionOutput(serializers.Serializer):
    cohort = serializers.ChoiceField(choices=GRAINS)
    periods = serializers.IntegerField()
    cohorts = RetentionCohortOutput(many=True)


class LtvCohortOutput(serializers.Serializer):
    cohort = serializers.DateField()
    size = serializers.IntegerField()
    revenue = serializers.ListField(child=serializers.FloatField(), help_text="cumulative revenue per period")
    ltv = serializers.ListField(child=serializers.FloatField(allow_null=True), help_text="cumulative revenue / size")


class LtvOutput(serializers.Serializer):
    cohort = serializers.ChoiceField(choices=GRAINS)
    periods = serializers.IntegerField()
    cohorts = LtvCohortOutput(many=True)


class ChannelRowOutput(serializers.Serializer):
    channel = serializers.CharField()
    sends = serializers.IntegerField(help_text="messages handed to a provider")
    delivered = serializers.IntegerField()
    conversions = serializers.IntegerField(help_text="conversions credited to a message of this channel")
    revenue = serializers.FloatField()
    cost = serializers.FloatField()
    roi = serializers.FloatField(allow_null=True, help_text="(revenue - cost) / cost; null when cost is 0")


class ChannelsOutput(serializers.Serializer):
    currency = serializers.CharField()
    channels = ChannelRowOutput(many=True)


class LiftGroupOutput(serializers.Serializer):
    contacts = serializers.IntegerField()
    converted = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    revenue = serializers.FloatField()
    revenue_per_contact = serializers.FloatField(allow_null=True)


class LiftTestOutput(serializers.Serializer):
    z = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    diff = serializers.FloatField(allow_null=True, help_text="treated rate - control rate")
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    uplift = serializers.FloatField(allow_null=True)
    significant = serializers.BooleanField(help_text="p < 0.05")


class RevenueLiftOutput(serializers.Serializer):
    diff = serializers.FloatField(allow_null=True)
    uplift = serializers.FloatField(allow_null=True)


LiftOutput = type("LiftOutput", (serializers.Serializer,), {
    "control_percent": serializers.FloatField(), "from": serializers.DateTimeField(),
    "to": serializers.DateTimeField(), "control": LiftGroupOutput(), "treated": LiftGroupOutput(),
    "conversion": LiftTestOutput(), "revenue_per_contact": RevenueLiftOutput(),
})
