"""Send-rate budgets: at most `per_second` sends a second on a channel, across every worker and process.

Each budget is a token bucket whose burst is one second's budget, kept as GCRA (the "generic cell
rate algorithm", a token bucket written as one number): `tat`, the theoretical arrival time of the
next send. Every send takes the slot `max(tat, now)` and pushes `tat` on by `1 / per_second`; a slot
more than one second's burst ahead of now means the send waits until its slot comes. A send that
must wait keeps its slot (it is reserved, not retried), so waiting sends go out in the order they
asked, none is dropped, and however many workers ask, the slots never crowd closer than the budget.

The bucket lives in Redis when the product has one (a Lua script: one atomic step per batch), else
in the database (one `UPDATE … SET tat_us = GREATEST(tat_us, now) + n·T`, which row-locks the
budget until its transaction commits; on SQLite the write lock does the same), so embedded mode
holds it too.

Written here rather than with `dramatiq.rate_limits`: those limiters answer "over the limit" by
raising or returning False (the caller must drop or retry the work, and retries race each other,
so order is lost), and they count sends per window rather than refilling a bucket; we need each
waiting send to know exactly when its turn comes, and to keep it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import BigIntegerField, F, Value
from django.db.models.functions import Greatest

from channels_app.models import ChannelLimit

MICROS = 1_000_000

# KEYS[1]: the bucket; ARGV: now and interval (microseconds), sends. Returns the first send's slot.
# Integers as "%.0f": Lua numbers are doubles, and tostring would print large ones in exponent form.
_GCRA_LUA = """
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
if tat < now then tat = now end
local after = tat + tonumber(ARGV[2]) * tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.floor((after - now) / 1000) + 60000)
return string.format('%.0f', tat)
"""


@dataclass(frozen=True)
class Budget:
    per_second: int

    @property
    def interval_us(self) -> int:
        """Microseconds between two sends; rounded up, so rounding never lets more through than the budget."""
        return math.ceil(MICROS / self.per_second)

    @property
    def tolerance_us(self) -> int:
        """How far ahead of now a slot may be and still go at once: the burst, one second's budget."""
        return self.interval_us * (self.per_second - 1)

    def waits(self, first_slot_us: int, count: int, now_us: int) -> list[float]:
        """Seconds each of `count` sends, holding consecutive slots from `first_slot_us`, waits (0: goes now)."""
        return [max(0, first_slot_us + i * self.interval_us - self.tolerance_us - now_us) / MICROS
                for i in range(count)]


def _micros(now: datetime) -> int:
    return int(now.timestamp() * MICROS)


class DatabaseBuckets:
    """The bucket in the ChannelLimit row: one conditional UPDATE, atomic on PostgreSQL and SQLite alike."""

    name = "database"

    def take(self, channel: str, budget: Budget, count: int, now: datetime) -> list[float]:
        now_us = _micros(now)
        with transaction.atomic():
            moved = ChannelLimit.objects.filter(channel=channel).update(
                tat_us=Greatest(F("tat_us"), Value(now_us, output_field=BigIntegerField()))
                + Value(budget.interval_us * count, output_field=BigIntegerField()))
            if not moved:  # the limit was removed meanwhile: nothing to wait for
                return [0.0] * count
            after = ChannelLimit.objects.filter(channel=channel).values_list("tat_us", flat=True).get()
        return budget.waits(after - budget.interval_us * count, count, now_us)


class RedisBuckets:
    """The bucket in one Redis key per channel: a Lua script, atomic on the server."""

    name = "redis"

    def __init__(self, url: str, prefix: str = "journeys:budget:"):
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.script = self.client.register_script(_GCRA_LUA)

    def take(self, channel: str, budget: Budget, count: int, now: datetime) -> list[float]:
        now_us = _micros(now)
        first = int(self.script(keys=[self.prefix + channel], args=[now_us, budget.interval_us, count]))
        return budget.waits(first, count, now_us)


_redis: dict[str, RedisBuckets] = {}
_override = None


def buckets():
    """Redis when the product shares a Redis cache (CACHE_URL, or the broker's / channel layer's), else the database."""
    if _override is not None:
        return _override
    url = getattr(settings, "CACHE_URL", "")
    if url.startswith(("redis://", "rediss://")):
        if url not in _redis:
            _redis[url] = RedisBuckets(url)
        return _redis[url]
    return DatabaseBuckets()


def use_buckets(store) -> None:
    """Tests and the benchmark pick a store (None: back to the configured one)."""
    global _override
    _override = store


def limits() -> dict[str, Budget]:
    """Every channel's budget, read once per delivery batch (a handful of rows)."""
    return {channel: Budget(rate) for channel, rate in ChannelLimit.objects.values_list("channel", "per_second")}


def take(channel: str, budget: Budget, count: int, now: datetime) -> list[float]:
    """Reserve `count` consecutive sends on `channel`: the seconds each waits for its slot (0: send now)."""
    if count <= 0:
        return []
    return buckets().take(channel, budget, count, now)
