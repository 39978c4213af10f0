from django.db import models


class RfmConfig(models.Model):
    """The workspace's RFM model (one row): which event is a purchase, which property its amount."""

    event = models.CharField(max_length=200, default="order_completed")
    amount_property = models.CharField(max_length=200, default="amount")
    within_days = models.PositiveIntegerField(default=365)
    # {"r": [4 cut points], "f": [...], "m": [...]} or null: quintiles of the current data.
    thresholds = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls) -> "RfmConfig":
        return cls.objects.order_by("id").first() or cls.objects.create()


def _default_active_events() -> list[str]:
    return ["app_opened", "page_viewed", "order_completed"]


class LifecycleConfig(models.Model):
    """The workspace's lifecycle stages (one row): which events make a contact active, and the day lines."""

    active_events = models.JSONField(default=_default_active_events)
    new_days = models.PositiveIntegerField(default=7)
    active_days = models.PositiveIntegerField(default=30)
    churn_days = models.PositiveIntegerField(default=90)
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls) -> "LifecycleConfig":
        return cls.objects.order_by("id").first() or cls.objects.create()
