"""Segment-compatible ingest: identify, track, batch."""
from rest_framework import serializers


class IngestOutput(serializers.Serializer):
    success = serializers.BooleanField()
    identified = serializers.IntegerField()
    tracked = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    ignored = serializers.IntegerField()


class IdentifyInput(serializers.Serializer):
    """For the schema only: the ingest views parse with journeys.api.ingest_payloads."""

    userId = serializers.CharField(required=False)
    anonymousId = serializers.CharField(required=False)
    traits = serializers.DictField(required=False)
    timestamp = serializers.DateTimeField(required=False)
    messageId = serializers.CharField(required=False)


class TrackInput(IdentifyInput):
    traits = None
    event = serializers.CharField()
    properties = serializers.DictField(required=False)


class BatchInput(serializers.Serializer):
    batch = serializers.ListField(child=serializers.DictField(), max_length=1000)
