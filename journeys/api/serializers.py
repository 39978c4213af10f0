"""Input / output serializers, one pair per view. No business logic: services own that."""
from rest_framework import serializers

from channels_app.models import Channel


class GraphField(serializers.JSONField):
    """A schema-1 journey graph (design §3); checked by journeys.graph, not here."""


class IssueOutput(serializers.Serializer):
    node = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])


class ValidationOutput(serializers.Serializer):
    valid = serializers.BooleanField()
    issues = IssueOutput(many=True)


class JourneyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    live_version = serializers.IntegerField(allow_null=True)
    draft_version = serializers.IntegerField(allow_null=True)
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class JourneyDetailOutput(JourneyOutput):
    draft = GraphField()


class JourneyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    draft = GraphField(required=False)


class JourneyUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class DraftSaveOutput(ValidationOutput):
    version = serializers.IntegerField()
    draft = GraphField()


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


class TemplateOutput(serializers.Serializer):
    slug = serializers.SlugField()
    channel = serializers.CharField()
    name = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    html = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TemplateCreateInput(serializers.Serializer):
    slug = serializers.SlugField(max_length=100)
    channel = serializers.ChoiceField(choices=Channel.values)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    html = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    link = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TemplateUpdateInput(TemplateCreateInput):
    slug = None
    channel = serializers.ChoiceField(choices=Channel.values, required=False)
