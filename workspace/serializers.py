"""Input / output serializers of the workspace API, one pair per view."""
from rest_framework import serializers


class WriteKeyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class WriteKeyCreatedOutput(serializers.Serializer):
    """The one answer that carries the key itself: it is never shown again."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    key = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()


class WriteKeyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="the key's first characters, to recognise it; never the whole key")
    created_at = serializers.DateTimeField()
    created_by = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    def get_created_by(self, key) -> str | None:
        return key.created_by.get_username() if key.created_by_id else None
