from django.db import models


class Contact(models.Model):
    """A person the journeys talk to: known by `user_id`, or anonymous by `anonymous_id` until identified."""

    user_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    anonymous_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    traits = models.JSONField(default=dict, blank=True)
    # Copied out of traits on identify: the channels address contacts by these.
    email = models.CharField(max_length=320, blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    timezone = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user_id__isnull=False) | models.Q(anonymous_id__isnull=False),
                name="contact_has_an_identity",
            )
        ]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["phone"])]

    def __str__(self) -> str:
        return self.user_id or f"anonymous:{self.anonymous_id}"


class Event(models.Model):
    # No index of its own: event_contact_name_time leads with the contact and serves the same lookups,
    # and every ingested event would write one more index entry.
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="events", db_index=False)
    name = models.CharField(max_length=200)
    properties = models.JSONField(default=dict, blank=True)
    timestamp = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    # Segment's messageId: the same one twice from the same contact is stored once.
    message_id = models.CharField(max_length=255, null=True, blank=True)
    # The outbox: the scheduler hands unhandled events to the runtime in batches (dispatched_at),
    # the runtime marks them handled; a dispatch never handled is dispatched again after a lease.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    # Handling raised for this event alone: it is marked handled (never retried forever) with the error.
    error = models.CharField(max_length=500, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-timestamp", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "message_id"],
                condition=models.Q(message_id__isnull=False),
                name="event_message_id_unique_per_contact",
            )
        ]
        indexes = [
            # Event-count conditions: "contact did X at least N times in the last D days".
            models.Index(fields=["contact", "name", "timestamp"], name="event_contact_name_time"),
            # Segment evaluation across contacts: "who did X in the last D days (with property P)". Covering
            # on PostgreSQL: a window's contacts and properties come from the index alone, never from heap
            # pages scattered over the table (previews over 10,000,000 events: journeys_bench --only audiences).
            models.Index(fields=["name", "timestamp"], include=["contact", "properties"],
                         name="event_name_time_covering"),
            # The outbox scan: only the (few) events not handled yet.
            models.Index(fields=["id"], condition=models.Q(handled_at__isnull=True), name="event_unhandled"),
        ]

    def __str__(self) -> str:
        return f"{self.name} by {self.contact_id} at {self.timestamp:%Y-%m-%d %H:%M}"
