"""The approval workflow's records (design section 5): the audit log, review comments, notifications."""
from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create"
    SAVE = "save"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    PAUSE = "pause"
    RESUME = "resume"
    ARCHIVE = "archive"
    FINISH = "finish"  # a live version replaced by a newer one


class AuditEntry(models.Model):
    """One row per transition and per draft save. Append-only: nothing updates or deletes these."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="audit_entries")
    version = models.ForeignKey("journeys.JourneyVersion", null=True, on_delete=models.SET_NULL, related_name="+")
    version_number = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    # null: a trusted system action (the demo, the benchmark, an import script), shown as "system".
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)  # kept when the user is deleted
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    comment = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)  # sha256 of the canonical graph JSON
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["journey", "-id"])]


class ReviewComment(models.Model):
    version = models.ForeignKey("journeys.JourneyVersion", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    node = models.CharField(max_length=100, blank=True)  # a node id of the version's graph, or "" for the version
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journey_notifications")
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="+")
    version_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)  # submitted | approved | rejected | published
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
