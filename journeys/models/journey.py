from django.conf import settings
from django.db import models


class JourneyStatus(models.TextChoices):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    LIVE = "live"
    PAUSED = "paused"
    FINISHING = "finishing"
    ARCHIVED = "archived"


# A journey has at most one editable version at a time: the one in these states.
EDITABLE_STATUSES = (JourneyStatus.DRAFT, JourneyStatus.IN_REVIEW, JourneyStatus.APPROVED)


class JourneyKind(models.TextChoices):
    JOURNEY = "journey"
    BROADCAST = "broadcast"  # the one-step journey a broadcast runs on (broadcasts app): hidden from journey lists


class Journey(models.Model):
    name = models.CharField(max_length=200)
    # Denormalised from the versions by the services, so lists filter cheaply.
    status = models.CharField(max_length=16, choices=JourneyStatus.choices, default=JourneyStatus.DRAFT)
    kind = models.CharField(max_length=16, choices=JourneyKind.choices, default=JourneyKind.JOURNEY,
                            db_default=JourneyKind.JOURNEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class JourneyVersion(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=JourneyStatus.choices, default=JourneyStatus.DRAFT)
    graph = models.JSONField()
    # Bumped on every save of the draft; the API's ETag, so concurrent editors collide loudly.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # slug -> the template's content (channel and every content field) as approved: what this version
    # sends, whatever the template says later. Null until approval (and for versions approved before pinning).
    templates = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["journey_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "number"], name="journey_version_number_unique"),
            models.UniqueConstraint(
                fields=["journey"],
                condition=models.Q(status__in=["draft", "in_review", "approved"]),
                name="journey_one_editable_version",
            ),
            models.UniqueConstraint(
                fields=["journey"],
                condition=models.Q(status__in=["live", "paused"]),
                name="journey_one_live_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journey.name} v{self.number} ({self.status})"

    @property
    def etag(self) -> str:
        return f'"v{self.pk}-r{self.revision}"'
