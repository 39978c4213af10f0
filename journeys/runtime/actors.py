"""Dramatiq actors: thin. Each takes ids, calls one service, and schedules follow-up work.

Every actor is safe to run twice with the same arguments (at-least-once delivery):
the services only act on rows still in the state that asked for the work.
"""
import dramatiq

from channels_app.delivery import deliver_messages
from journeys.services import enrollments, events, launches

# Retries are for crashes and lost connections; the scheduler's sweeps are the durable backstop.
RETRY = {"max_retries": 5, "min_backoff": 500, "max_backoff": 30_000}


@dramatiq.actor(queue_name="journeys", **RETRY)
def advance(enrollment_ids: list[int]) -> None:
    enrollments.enrollment_advance(enrollment_ids)


@dramatiq.actor(queue_name="journeys", **RETRY)
def handle_events(event_ids: list[int]) -> None:
    events.handle_events(event_ids)


@dramatiq.actor(queue_name="journeys", **RETRY)
def handle_identifies(contact_ids: list[int]) -> None:
    events.handle_identifies(contact_ids)


@dramatiq.actor(queue_name="journeys", **RETRY)
def launch_step(launch_ids: list[int]) -> None:
    for launch_id in launch_ids:
        launches.launch_step(launch_id)


@dramatiq.actor(queue_name="deliveries", **RETRY)
def deliver(message_ids: list[int]) -> None:
    report = deliver_messages(message_ids)
    # Transient provider failures went back to "queued" with not_before (the durable record);
    # this delayed retry is the fast path, the scheduler's sweep the backstop.
    for message_id, delay in report.retry.items():
        deliver.send_with_options(args=([message_id],), delay=int(delay * 1000))
