"""Worker tuning for the hand-off's latency and the hot path's throughput.

The Redis broker, polling promptly when idle: the hand-off on commit is only as quick as the worker's next poll.

Dramatiq's Redis consumer fetches, and when its queue was empty sleeps with an exponential backoff up to the
worker's idle timeout (1 s by default) before it fetches again: a message arriving then waits up to that long,
which alone is ten times the event → message budget of design §13. Capping the backoff at
JOURNEYS_BROKER_IDLE_POLL_MS keeps that wait short for the price of a few cheap Redis calls a second per idle
queue. RabbitMQ pushes its messages and needs nothing of the kind.
"""
from __future__ import annotations

import gc

from django.conf import settings
from dramatiq import Middleware
from dramatiq.brokers.redis import RedisBroker


class PromptRedisBroker(RedisBroker):
    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000):
        poll = int(getattr(settings, "JOURNEYS_BROKER_IDLE_POLL_MS", 20))
        return super().consume(queue_name, prefetch, min(timeout, poll))


class FrozenStartupHeap(Middleware):
    """Worker processes: the objects of the boot (Django, the apps, the actors) moved out of the collector's reach,
    and collections made rarer. An advance or delivery batch allocates tens of thousands of short-lived objects;
    with the default thresholds the collector ran often and walked the whole boot heap each full pass."""

    def after_process_boot(self, broker) -> None:
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 50, 100)
