"""Input and output shapes of /api/v1/segments (design section 9)."""
from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from audiences.models import Segment

KINDS = (Segment.DYNAMIC, Segment.STATIC)
RESERVED_KEYS = ("preview",)  # /segments/preview is the preview endpoint


class SegmentOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()
    condition = serializers.JSONField(allow_null=True)
    size = serializers.SerializerMethodField()
    evaluated_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_size(self, segment) -> int:
        """Members now (open memberships), not only at the last full evaluation."""
        return getattr(segment, "live_size", segment.size)


class SegmentInput(serializers.Serializer):
    key = serializers.SlugField(max_length=100)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=KINDS, required=False, default=Segment.DYNAMIC, error_messages={
        "invalid_choice": f'"{{input}}" is not a kind; expected one of {", ".join(KINDS)}'})
    condition = serializers.JSONField(required=False, allow_null=True, default=None)

    def validate_key(self, key):
        if key in RESERVED_KEYS:
            raise serializers.ValidationError(gettext("%(key)s is reserved; choose another key") % {"key": repr(key)})
        return key


class SegmentPreviewInput(serializers.Serializer):
    condition = serializers.JSONField()


class SegmentPreviewOutput(serializers.Serializer):
    size = serializers.IntegerField()
    sample = serializers.ListField(child=serializers.CharField(), help_text="up to 20 userIds")


class MemberOutput(serializers.Serializer):
    userId = serializers.CharField(allow_null=True)  # noqa: N815 (the API's spelling)
    anonymousId = serializers.CharField(allow_null=True)  # noqa: N815
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    entered_at = serializers.DateTimeField()


class MembersInput(serializers.Serializer):
    userIds = serializers.ListField(child=serializers.CharField(max_length=255), allow_empty=False)  # noqa: N815


class MembersAddedOutput(serializers.Serializer):
    added = serializers.IntegerField()
    unknown = serializers.ListField(child=serializers.CharField(), help_text="userIds with no contact")
    size = serializers.IntegerField()


class MembersRemovedOutput(serializers.Serializer):
    removed = serializers.IntegerField()
    unknown = serializers.ListField(child=serializers.CharField(), help_text="userIds with no contact")
    size = serializers.IntegerField()


class SizeHistoryOutput(serializers.Serializer):
    date = serializers.DateField()
    size = serializers.IntegerField()
