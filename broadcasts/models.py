"""A broadcast (design section 10): one template sent once to a segment, approved like a journey.

The runtime is the journeys': a broadcast owns a one-step journey (trigger → send → exit) that its
publish launches on the segment, so caps, blacklists, quiet hours, delivery logs and stats are the
journeys' own. The broadcast row keeps what the marketer chose and where it stands.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models


class BroadcastStatus(models.TextChoices):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"  # published, send_at still ahead
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    FAILED = "failed"  # could not start (e.g. its segment was deleted); `error` says why


class Broadcast(models.Model):
    name = models.CharField(max_length=200)
    segment = models.CharField(max_length=100)  # a saved segment's key
    channel = models.CharField(max_length=16)
    template = models.CharField(max_length=100)  # a template's slug, of `channel`
    send_at = models.DateTimeField(null=True, blank=True)  # None: when published
    send_over_minutes = models.PositiveIntegerField(default=0)  # 0: all at once
    status = models.CharField(max_length=16, choices=BroadcastStatus.choices, default=BroadcastStatus.DRAFT)
    # The one-step journey that carries it through approval and the runtime.
    journey = models.OneToOneField("journeys.Journey", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="broadcast")
    audience_size = models.PositiveIntegerField(null=True, blank=True)  # counted at publish
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, default="", db_default="")  # why it failed to start

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "send_at"], name="broadcast_status_send_at")]

    def __str__(self) -> str:
        return self.name
