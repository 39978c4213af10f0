"""Journeys: CRUD, the draft, validation."""
from django.utils.translation import gettext
from rest_framework import serializers

from journeys.api.serializers.fields import GraphField


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
    draft_status = serializers.CharField(allow_null=True)
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class JourneyDetailOutput(JourneyOutput):
    draft = GraphField()


class JourneyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    draft = GraphField(required=False)
    template = serializers.CharField(max_length=100, required=False,
                                     help_text="a key of GET /api/v1/journey-templates: the draft starts from it")

    def validate(self, attrs):
        if "draft" in attrs and "template" in attrs:
            raise serializers.ValidationError({"template": gettext("give draft or template, not both")})
        return attrs


class JourneyUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class DraftSaveOutput(ValidationOutput):
    version = serializers.IntegerField()
    draft = GraphField()
