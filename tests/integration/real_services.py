"""Real processes on the real services: PostgreSQL plus a real broker (Redis or RabbitMQ).

CI runs these tests twice: in `make test` with BROKER_URL on Redis, then in `make test-brokers` with
BROKER_URL on RabbitMQ (.ci/run). Locally without PostgreSQL and a real broker they are skipped.
"""
from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

QUEUES = ("journeys", "deliveries")


def real_broker() -> str:
    url = settings.BROKER_URL
    return url if url.startswith(("redis://", "rediss://", "amqp://", "amqps://")) else ""


def real_services_or_skip() -> None:
    if connection.vendor != "postgresql" or not real_broker():
        if os.environ.get("CI"):
            pytest.fail("CI must run this test on PostgreSQL and a real broker (check .ci/run)")
        pytest.skip("needs PostgreSQL and Redis or RabbitMQ (DATABASE_URL, BROKER_URL); CI runs it")


def channel_layer_url() -> str:
    """Websockets need Redis; with RabbitMQ as the broker, CI names the layer's Redis itself."""
    return settings.CHANNEL_LAYER_URL or (settings.BROKER_URL if settings.BROKER_URL.startswith("redis") else "")


def purge_broker() -> None:
    """No leftover messages from earlier tests on the shared broker."""
    url = settings.BROKER_URL
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()
        return
    import pika
    from pika.exceptions import ChannelClosedByBroker

    with pika.BlockingConnection(pika.URLParameters(url)) as amqp:
        # Dramatiq's RabbitMQ broker keeps each queue's delayed (.DQ) and dead (.XQ) messages beside it.
        for name in (f"{queue}{suffix}" for queue in QUEUES for suffix in ("", ".DQ", ".XQ")):
            channel = amqp.channel()
            try:
                channel.queue_purge(name)
                channel.close()
            except ChannelClosedByBroker:
                pass  # never declared: nothing to purge


def service_env(**extra: str) -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        BROKER_URL=settings.BROKER_URL, CHANNEL_LAYER_URL=channel_layer_url(),
        PYTHONUNBUFFERED="1", **extra,
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env
