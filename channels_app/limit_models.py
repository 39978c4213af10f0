"""Send-rate budgets and provider circuit breakers: the rows every worker process shares.

Kept out of channels_app/models.py (which imports them, so Django finds them) to keep that module small.
"""
from django.db import models


class ChannelLimit(models.Model):
    """At most `per_second` sends a second on a channel, across every worker (a token bucket, burst = one second).

    `tat_us` is the bucket's state when the database holds it (no Redis): the "theoretical arrival
    time" of the next send in microseconds since the epoch (channels_app/services/rate_budget.py).
    """

    channel = models.CharField(max_length=16, unique=True)
    per_second = models.PositiveIntegerField()
    tat_us = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["channel"]

    def __str__(self) -> str:
        return f"{self.channel}: {self.per_second}/s"


class BreakerState(models.Model):
    """One provider's circuit breaker (channels_app/services/breakers.py), shared by every worker."""

    class State(models.TextChoices):
        CLOSED = "closed"  # sends go
        OPEN = "open"  # sends wait until `retry_at`
        HALF_OPEN = "half_open"  # one probe is out; the rest wait for its answer

    provider = models.CharField(max_length=32, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.CLOSED)
    consecutive_failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_attempts = models.PositiveIntegerField(default=0)
    window_failures = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)  # open: when a probe may go
    probe_started_at = models.DateTimeField(null=True, blank=True)  # half-open: when the probe went
    reason = models.CharField(max_length=300, blank=True, default="")  # why it last opened
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider"]

    def __str__(self) -> str:
        return f"{self.provider}: {self.state}"
