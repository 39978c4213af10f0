"""The benchmark's data: its templates, journeys and contacts, namespaced by a run id, and their removal."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import connection, transaction

from channels_app.models import MessageTemplate
from journeys.models import Journey
from journeys.services import journeys as journey_services


@dataclass
class World:
    run_id: str
    journey: Journey  # trigger → split → send → wait 1 s → send → exit
    latency_journey: Journey  # trigger → send → exit, for event → message latency

    @property
    def prefix(self) -> str:
        return f"bench-{self.run_id}-"

    @property
    def trigger_event(self) -> str:
        return f"bench_start_{self.run_id}"

    @property
    def latency_event(self) -> str:
        return f"bench_ping_{self.run_id}"


def _graph(nodes, edges) -> dict:
    return {"schema": 1, "settings": {"reentry": "never", "exempt_from_caps": True},
            "nodes": [{"id": i, "type": t, "config": c, "position": {"x": 0, "y": n * 100}} for n, (i, t, c) in enumerate(nodes)],
            "edges": [{"source": s, "target": t, "port": p} for s, p, t in edges]}


def journey_graph(trigger_event: str) -> dict:
    """The `run` section's journey: trigger → split → send → wait 1 s → send → exit (the `engine` section runs
    the same one in memory)."""
    return _graph(
        [("t", "trigger", {"event": trigger_event}),
         ("ab", "split", {"variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]}),
         ("sms", "send", {"channel": "sms", "template": "bench-sms", "on_capped": "skip"}),
         ("pause", "wait", {"seconds": 1}),
         ("email", "send", {"channel": "email", "template": "bench-email", "on_capped": "skip"}),
         ("x", "exit", {})],
        [("t", "next", "ab"), ("ab", "a", "sms"), ("ab", "b", "sms"), ("sms", "next", "pause"),
         ("pause", "next", "email"), ("email", "next", "x")])


def create_world() -> World:
    run_id = uuid.uuid4().hex[:8]
    MessageTemplate.objects.get_or_create(slug="bench-sms", defaults={"channel": "sms", "body": "Hi {{ first_name }}"})
    MessageTemplate.objects.get_or_create(slug="bench-email", defaults={
        "channel": "email", "subject": "Hello", "body": "Hello {{ first_name }}"})
    journey = journey_services.journey_create(name=f"Benchmark {run_id}", graph=journey_services.parse_graph(
        journey_graph(f"bench_start_{run_id}")))
    latency = journey_services.journey_create(name=f"Benchmark latency {run_id}", graph=journey_services.parse_graph(_graph(
        [("t", "trigger", {"event": f"bench_ping_{run_id}"}),
         ("sms", "send", {"channel": "sms", "template": "bench-sms", "on_capped": "skip"}),
         ("x", "exit", {})],
        [("t", "next", "sms"), ("sms", "next", "x")])))
    return World(run_id=run_id, journey=journey, latency_journey=latency)


def remove_world(world: World) -> None:
    """Set-based deletes: the ORM's cascade would load every row of a 100k-contact run into memory."""
    journeys = [world.journey.pk, world.latency_journey.pk]
    statements = [
        ("DELETE FROM channels_app_sandboxdelivery WHERE message_id IN "
         "(SELECT id FROM channels_app_message WHERE journey_id IN (%s, %s))", journeys),
        ("DELETE FROM channels_app_deliveryevent WHERE message_id IN "
         "(SELECT id FROM channels_app_message WHERE journey_id IN (%s, %s))", journeys),
        ("DELETE FROM channels_app_message WHERE journey_id IN (%s, %s)", journeys),
        ("DELETE FROM journeys_conversion WHERE journey_id IN (%s, %s)", journeys),
        ("DELETE FROM journeys_enrollment WHERE journey_id IN (%s, %s)", journeys),
        ("DELETE FROM journeys_nodetally WHERE version_id IN "
         "(SELECT id FROM journeys_journeyversion WHERE journey_id IN (%s, %s))", journeys),
        ("DELETE FROM journeys_segmentmembership WHERE journey_id IN (%s, %s)", journeys),
        ("DELETE FROM journeys_event WHERE contact_id IN (SELECT id FROM journeys_contact WHERE user_id LIKE %s)",
         [world.prefix + "%"]),
        ("DELETE FROM channels_app_message WHERE contact_id IN (SELECT id FROM journeys_contact WHERE user_id LIKE %s)",
         [world.prefix + "%"]),
        # Ingest computes traits and refreshes saved segments for every contact it touches.
        *((f"DELETE FROM {table} WHERE contact_id IN (SELECT id FROM journeys_contact WHERE user_id LIKE %s)",
           [world.prefix + "%"]) for table in ("audiences_computedvalue", "audiences_segmentmembership")),
        ("DELETE FROM journeys_contact WHERE user_id LIKE %s", [world.prefix + "%"]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    Journey.objects.filter(pk__in=journeys).delete()
