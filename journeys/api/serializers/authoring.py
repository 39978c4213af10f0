"""Journey authoring: templates gallery, next-occurrence preview, test sends."""
from rest_framework import serializers

from journeys.api.serializers.fields import GraphField


class JourneyTemplateOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    graph = GraphField()


class NextOccurrencesInput(serializers.Serializer):
    trigger = serializers.DictField(help_text="a trigger node's config (date_trait or schedule)")
    now = serializers.DateTimeField(required=False, help_text="count from here (ISO); default the server clock")
    n = serializers.IntegerField(required=False, default=5, min_value=1, max_value=20)
    timezone = serializers.CharField(required=False, default="UTC", max_length=64,
                                     help_text='stands in for "contact" in a date trigger')
    sample_date = serializers.DateField(required=False, help_text="a date trait value: when such a contact enters")


class NextOccurrencesOutput(serializers.Serializer):
    occurrences = serializers.ListField(child=serializers.DateTimeField())


class TestRunInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255)
    to = serializers.CharField(max_length=320, required=False, allow_blank=True,
                               help_text="a test address; must be in JOURNEYS_TEST_RECIPIENTS when that is set")


class TestRunCreatedOutput(serializers.Serializer):
    run_id = serializers.IntegerField()
    enrollment = serializers.IntegerField()
    status_url = serializers.CharField()


class TestRunMessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    node = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    address = serializers.CharField()
    created_at = serializers.DateTimeField()


class TestRunOutput(serializers.Serializer):
    run_id = serializers.IntegerField()
    state = serializers.CharField()
    current_node = serializers.CharField()
    path = serializers.ListField(child=serializers.ListField(), help_text="[[node id, ISO time], …]")
    wake_at = serializers.DateTimeField(allow_null=True)
    exit_reason = serializers.CharField(allow_blank=True)
    messages = TestRunMessageOutput(many=True)
