"""Enqueue background work only once the transaction that made it necessary has committed.

A rolled-back transaction therefore never advances or sends anything, and a worker
never looks for rows that are not visible yet.

Messages go to the broker by actor name: this module imports no actor (the actors,
journeys/runtime/actors.py, import the services that call it). `ACTOR_QUEUES` is the
one list of actor names and their queues; the actors are declared with it.
"""
from __future__ import annotations

import dramatiq
from django.conf import settings
from django.db import transaction

JOURNEYS_QUEUE = "journeys"
DELIVERIES_QUEUE = "deliveries"
ACTOR_QUEUES = {
    "advance": JOURNEYS_QUEUE,
    "handle_events": JOURNEYS_QUEUE,
    "handle_identifies": JOURNEYS_QUEUE,
    "launch_step": JOURNEYS_QUEUE,
    "deliver": DELIVERIES_QUEUE,
}

ADVANCE_CHUNK = 500
DELIVER_CHUNK = 100
EVENT_CHUNK = 1000


# Embedded mode's broker lives in memory: only the process running the embedded runtime (journeys_run)
# consumes it. Anywhere else in embedded mode (a management command, a test's own process) work is not
# handed off but left to the database outboxes, which that runtime's scheduler scans on every tick.
_consumed_here = False


def consumed_here(value: bool = True) -> None:
    """Say whether this process's broker has a consumer (the embedded runtime sets it when it starts)."""
    global _consumed_here
    _consumed_here = value


def hands_off() -> bool:
    """Whether work enqueued on commit reaches a worker; if not, rows stay for the outbox scans."""
    return _consumed_here or not settings.EMBEDDED


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def enqueue_advance(enrollment_ids: list[int]) -> None:
    if enrollment_ids:
        ids = list(enrollment_ids)
        transaction.on_commit(lambda: _send("advance", ids, ADVANCE_CHUNK))


def enqueue_delivery(message_ids: list[int], delay_ms: int | None = None) -> None:
    if message_ids:
        ids = list(message_ids)
        transaction.on_commit(lambda: _send("deliver", ids, DELIVER_CHUNK, delay_ms))


def enqueue_events(event_ids: list[int]) -> None:
    if event_ids:
        ids = list(event_ids)
        transaction.on_commit(lambda: _send("handle_events", ids, EVENT_CHUNK))


def enqueue_identifies(contact_ids: list[int]) -> None:
    if contact_ids:
        ids = list(contact_ids)
        transaction.on_commit(lambda: _send("handle_identifies", ids, EVENT_CHUNK))


def enqueue_launch(launch_id: int) -> None:
    transaction.on_commit(lambda: _send("launch_step", [launch_id], 1))


def _send(name: str, ids: list[int], size: int, delay_ms: int | None = None) -> None:
    """One message per chunk of `ids` to the actor `name`, on the current broker (what `actor.send` does)."""
    broker = dramatiq.get_broker()
    queue = ACTOR_QUEUES[name]
    broker.declare_queue(queue)  # no-op once declared; a process that never loaded the actors declares it here
    for chunk in _chunks(ids, size):
        message = dramatiq.Message(queue_name=queue, actor_name=name, args=(chunk,), kwargs={}, options={})
        broker.enqueue(message, delay=delay_ms or None)
