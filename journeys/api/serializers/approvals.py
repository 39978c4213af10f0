"""The approval workflow: transitions, history, diff, comments, the approvals inbox, notifications."""
from rest_framework import serializers

from core.validation_drf import id_field
from journeys.api.serializers.fields import BlankAsNullField
from journeys.api.serializers.journeys import JourneyDetailOutput


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PublishInput(TransitionInput):
    migrate_waiting = serializers.BooleanField(required=False, default=False)


class CommentInput(serializers.Serializer):
    body = serializers.CharField(max_length=5000, allow_blank=True)
    node = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    version = id_field(required=False)


class JourneyTransitionOutput(JourneyDetailOutput):
    """The journey after the transition, and the version it moved."""

    version = serializers.IntegerField()
    version_status = serializers.CharField()


class AuditEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(source="created_at")
    actor = serializers.CharField(source="actor_name")
    action = serializers.CharField()
    comment = serializers.CharField()
    from_status = BlankAsNullField()
    to_status = BlankAsNullField()
    version = serializers.IntegerField(source="version_number")
    content_hash = serializers.CharField()
    details = serializers.JSONField()


class AuditLogOutput(serializers.Serializer):
    results = AuditEntryOutput(many=True)
    next = serializers.CharField(allow_null=True)


class VersionDiffOutput(serializers.Serializer):
    journey = serializers.IntegerField()
    version = serializers.IntegerField()
    version_status = serializers.CharField()
    base_version = serializers.IntegerField(allow_null=True, help_text="the live version compared against")
    nodes = serializers.JSONField(help_text='{"added": [...], "removed": [...], "changed": [...]}')
    edges = serializers.JSONField(help_text='{"added": [...], "removed": [...]}')
    settings_changed = serializers.BooleanField()
    templates = serializers.JSONField(help_text='template content the version would send against what live sends: '
                                                '{"added": [{"slug", "channel", "content"}], "removed": [{"slug", '
                                                '"channel"}], "changed": [{"slug", "channel", "fields", "before", '
                                                '"after"}]}')


class ReviewCommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version.number")
    author = serializers.CharField(source="author_name")
    node = BlankAsNullField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReviewCommentListOutput(serializers.Serializer):
    results = ReviewCommentOutput(many=True)
    next = serializers.CharField(allow_null=True)


class ApprovalInboxItemOutput(serializers.Serializer):
    journey = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    author = serializers.CharField(allow_null=True)
    can_approve = serializers.BooleanField()
    url = serializers.CharField()


class ApprovalInboxOutput(serializers.Serializer):
    results = ApprovalInboxItemOutput(many=True)
    next = serializers.CharField(allow_null=True)


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    journey = serializers.IntegerField(source="journey_id")
    version = serializers.IntegerField(source="version_number")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_read(self, notification) -> bool:
        return notification.read_at is not None

    def get_url(self, notification) -> str:
        return f"/journeys/{notification.journey_id}/"


class NotificationListOutput(serializers.Serializer):
    results = NotificationOutput(many=True)
    unread = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)


class NotificationsMarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField()
