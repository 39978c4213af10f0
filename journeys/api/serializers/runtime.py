"""Running journeys: enroll, launch, simulate, enrollments."""
from django.utils.translation import gettext
from rest_framework import serializers

from core.validation import TEN_YEARS_SECONDS, check_number, child_path
from core.validation_drf import CheckedListField, TraitsField
from journeys.api.serializers.fields import BlankAsNullField, ConditionField

MAX_SIMULATED_EVENTS = 1000


class EnrollInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255)


class LaunchInput(serializers.Serializer):
    condition = ConditionField(required=False, allow_null=True)
    segment = serializers.SlugField(max_length=100, required=False,
                                    help_text="a saved segment's key, instead of a condition")

    def validate(self, attrs):
        if attrs.get("segment") and attrs.get("condition") is not None:
            raise serializers.ValidationError({"segment": gettext("give a segment or a condition, not both")})
        return attrs


class SimulateInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255, required=False)
    traits = TraitsField(required=False)
    events = CheckedListField(child=serializers.DictField(), required=False, max_length=MAX_SIMULATED_EVENTS)
    version = serializers.ChoiceField(choices=["draft", "live"], required=False, default="draft")
    now = serializers.DateTimeField(required=False, help_text="the simulated start (ISO); default the server clock")

    def validate_events(self, events):
        """Simulated time stays within datetime's range: each event at most 10 years after the start."""
        for index, event in enumerate(events):
            if "after_seconds" in event:
                check_number(event["after_seconds"], child_path(child_path("events", index), "after_seconds"),
                             minimum=0, maximum=TEN_YEARS_SECONDS)
        return events

    def validate(self, attrs):
        if not attrs.get("userId") and "traits" not in attrs:
            raise serializers.ValidationError({"userId": gettext("give userId or traits")})
        return attrs


class EnrollmentOutput(serializers.Serializer):
    """An Enrollment, with its contact and version selected."""

    id = serializers.IntegerField()
    journey = serializers.IntegerField(source="journey_id")
    version = serializers.IntegerField(source="version.number")
    userId = serializers.CharField(source="contact.user_id", allow_null=True)
    state = serializers.CharField()
    current_node = serializers.CharField()
    wake_at = serializers.DateTimeField(allow_null=True)
    waiting_for = BlankAsNullField()
    variants = serializers.JSONField()
    path = serializers.JSONField(help_text="[[node id, ISO datetime entered], ...]")
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField(allow_null=True)
    converted_at = serializers.DateTimeField(allow_null=True)
    exit_reason = BlankAsNullField()


class LaunchOutput(serializers.Serializer):
    """A Launch and its progress."""

    id = serializers.IntegerField()
    journey = serializers.IntegerField(source="journey_id")
    state = serializers.CharField()
    condition = serializers.JSONField(allow_null=True)
    examined = serializers.IntegerField()
    matched = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    total = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LaunchCreatedOutput(LaunchOutput):
    """A new Launch and where to follow its progress (needs the request in the context)."""

    progress_url = serializers.SerializerMethodField()

    def get_progress_url(self, launch) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/journeys/{launch.journey_id}/launches/{launch.pk}")


class SimulateOutput(serializers.Serializer):
    version = serializers.IntegerField()
    path = serializers.ListField(child=serializers.JSONField(), help_text="the steps, in simulated time")
    edges = serializers.ListField(child=serializers.JSONField(), required=False,
                                  help_text="taken edges in order: {source, port, target, at}")
    outcome = serializers.CharField()
    variants = serializers.JSONField()
    converted = serializers.JSONField(allow_null=True)
    traits = serializers.JSONField()
    ended_at = serializers.CharField(help_text="ISO datetime, simulated")
