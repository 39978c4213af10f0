"""Enqueue background work only once the transaction that made it necessary has committed.

A rolled-back transaction therefore never advances or sends anything, and a worker
never looks for rows that are not visible yet.
"""
from __future__ import annotations

from django.db import transaction

ADVANCE_CHUNK = 500
DELIVER_CHUNK = 100
EVENT_CHUNK = 1000


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


def _actor(name: str):
    from journeys.runtime import actors

    return getattr(actors, name)


def _send(name: str, ids: list[int], size: int, delay_ms: int | None = None) -> None:
    actor = _actor(name)
    for chunk in _chunks(ids, size):
        if delay_ms:
            actor.send_with_options(args=(chunk,), delay=delay_ms)
        else:
            actor.send(chunk)
