"""Per-message channel costs (design section 11): one row for the workspace."""
from __future__ import annotations

from django.db import models


class ChannelCosts(models.Model):
    currency = models.CharField(max_length=3, default="CNY")
    costs = models.JSONField(default=dict, blank=True)  # channel -> cost of one message
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls) -> "ChannelCosts":
        return cls.objects.order_by("id").first() or cls.objects.create()
