"""What the logs, the analytics and a contact's timeline return: rows built by journeys.selectors."""
from rest_framework import serializers


class DeliveryEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    detail = serializers.JSONField()


class MessageRowOutput(serializers.Serializer):
    id = serializers.IntegerField()
    journey = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    node = serializers.CharField()
    userId = serializers.CharField(allow_null=True)
    channel = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    provider = serializers.CharField()
    provider_id = serializers.CharField()
    error_code = serializers.CharField()
    template = serializers.CharField()
    address = serializers.CharField(help_text="masked for users who may not see addresses")
    attempts = serializers.IntegerField()
    content = serializers.JSONField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    test = serializers.BooleanField(required=False, help_text="a test send of a draft: out of stats, caps, conversions")
    events = DeliveryEventOutput(many=True)


class ConversionRowOutput(serializers.Serializer):
    id = serializers.IntegerField()
    journey = serializers.IntegerField()
    version = serializers.IntegerField()
    userId = serializers.CharField(allow_null=True)
    event = serializers.CharField()
    variants = serializers.JSONField()
    message = serializers.IntegerField(allow_null=True, help_text="the last message before the conversion")
    seconds_to_convert = serializers.FloatField()
    converted_at = serializers.DateTimeField()
    properties = serializers.JSONField()


class ContactTimelineOutput(serializers.Serializer):
    userId = serializers.CharField(allow_null=True)
    anonymousId = serializers.CharField(allow_null=True)
    traits = serializers.JSONField()
    computed = serializers.DictField(child=serializers.JSONField(allow_null=True),
                                     help_text="computed traits, RFM and lifecycle stage: key -> value")
    email = serializers.CharField()
    phone = serializers.CharField()
    timezone = serializers.CharField()
    created_at = serializers.DateTimeField()
    events = serializers.ListField(child=serializers.JSONField())
    enrollments = serializers.ListField(child=serializers.JSONField())
    messages = MessageRowOutput(many=True)
    conversions = ConversionRowOutput(many=True)
    timeline = serializers.ListField(child=serializers.JSONField(), help_text="all of the above on one axis, oldest first")


class JourneyStatsOutput(serializers.Serializer):
    journey = serializers.IntegerField()
    version = serializers.IntegerField()
    version_status = serializers.CharField()
    nodes = serializers.JSONField(help_text="node id -> entered, waiting, exited, sent")
    enrollments = serializers.DictField(child=serializers.IntegerField(), help_text="state -> enrollments")
    funnel = serializers.ListField(child=serializers.JSONField())
    sends = serializers.JSONField()
    rates = serializers.JSONField()
    variants = serializers.ListField(child=serializers.JSONField(),
                                     help_text="per split: variants with conversions, significance, revenue, cost, roi")
    conversions = serializers.JSONField()
    revenue = serializers.FloatField(required=False, help_text="summed over the version's conversions")
    cost = serializers.FloatField(required=False, help_text="messages handed to a provider × the channel's cost")
    roi = serializers.FloatField(required=False, allow_null=True,
                                 help_text="(revenue - cost) / cost; null when cost is 0")
    currency = serializers.CharField(required=False)


class OverviewOutput(serializers.Serializer):
    days = serializers.ListField(child=serializers.CharField())
    messages_per_day = serializers.JSONField(help_text="day -> channel -> messages")
    suppressed = serializers.IntegerField()
    capped = serializers.IntegerField()
    deferred = serializers.IntegerField()
    top_journeys = serializers.ListField(child=serializers.JSONField())
    upcoming = serializers.ListField(child=serializers.JSONField())
