from django.conf import settings
from django.db import models


class Segment(models.Model):
    """A saved audience: dynamic (a contact condition) or static (an uploaded list of userIds)."""

    DYNAMIC, STATIC = "dynamic", "static"

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=10, choices=[(DYNAMIC, DYNAMIC), (STATIC, STATIC)], default=DYNAMIC)
    condition = models.JSONField(null=True, blank=True)  # dynamic only
    size = models.PositiveIntegerField(default=0)  # current members, kept with the membership
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "key"]

    def __str__(self) -> str:
        return self.key


class SegmentMembership(models.Model):
    """A stay of one contact in one segment: open while `exited_at` is null. Leaving closes the row;
    coming back opens a new one, so the rows are the membership's history too."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey("journeys.Contact", on_delete=models.CASCADE, related_name="segment_memberships")
    entered_at = models.DateTimeField()
    exited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "contact"],
                condition=models.Q(exited_at__isnull=True),
                name="one_open_membership_per_segment_contact",
            )
        ]
        indexes = [
            models.Index(fields=["segment", "contact"], condition=models.Q(exited_at__isnull=True), name="membership_open"),
            models.Index(fields=["contact"], name="membership_contact"),
        ]


class SegmentSizeHistory(models.Model):
    """The segment's size at the end of each UTC day (the last evaluation of that day)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="size_history")
    date = models.DateField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["segment", "date"], name="one_size_per_segment_day")]
