"""Input and output shapes of /api/v1/broadcasts (design section 10)."""
from __future__ import annotations

from rest_framework import serializers

from broadcasts.services.validation import MAX_SPREAD_MINUTES


class TextField(serializers.CharField):
    """A string and nothing else: DRF's CharField would take a JSON number as its digits."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BroadcastInput(serializers.Serializer):
    """Types only; what the values must be (a known segment, a template of the channel, a future send_at)
    is the service's check, a 400 naming the field."""

    name = TextField(max_length=200, allow_blank=True)
    segment = TextField(max_length=100, allow_blank=True)
    channel = TextField(max_length=16, allow_blank=True)
    template = TextField(max_length=100, allow_blank=True)
    send_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    send_over_minutes = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_SPREAD_MINUTES)


class BroadcastCommentInput(serializers.Serializer):
    comment = TextField(max_length=5000, required=False, allow_blank=True, default="")


class BroadcastOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    segment = serializers.CharField()
    channel = serializers.CharField()
    template = serializers.CharField()
    send_at = serializers.DateTimeField(allow_null=True)
    send_over_minutes = serializers.IntegerField()
    status = serializers.CharField()
    audience_size = serializers.IntegerField()
    journey = serializers.IntegerField(allow_null=True, help_text="the one-step journey it runs on")
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True, help_text="why it failed to start, when status is failed")


class BroadcastStatsOutput(serializers.Serializer):
    broadcast = serializers.IntegerField()
    status = serializers.CharField()
    audience_size = serializers.IntegerField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    enrolled = serializers.IntegerField()
    total = serializers.IntegerField(help_text="messages of every status")
    queued = serializers.IntegerField(help_text="on their way (queued or sending)")
    sent = serializers.IntegerField(help_text="accepted by a provider")
    delivered = serializers.IntegerField()
    opened = serializers.IntegerField()
    clicked = serializers.IntegerField()
    converted = serializers.IntegerField()
    failed = serializers.IntegerField()
    suppressed = serializers.IntegerField(help_text="blacklisted or no address: never sent")
    capped = serializers.IntegerField(help_text="held back by a frequency cap")
    deferred = serializers.IntegerField(help_text="waiting for quiet hours to end")
    by_status = serializers.DictField(child=serializers.IntegerField())
    rates = serializers.DictField(child=serializers.FloatField(allow_null=True))
