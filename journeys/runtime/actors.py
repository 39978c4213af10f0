"""Dramatiq actors: thin. Each takes ids, calls one service, and schedules follow-up work.

Every actor is safe to run twice with the same arguments (at-least-once delivery):
the services only act on rows still in the state that asked for the work. The
services enqueue by actor name (journeys/runtime/dispatch.py); each actor here is
named after its function and sits on the queue `ACTOR_QUEUES` gives that name.
"""
import dramatiq

from channels_app.services.delivery import deliver_messages
from journeys.runtime.dispatch import ACTOR_QUEUES
from journeys.services import advancing, events, launches

# Retries are for crashes and lost connections; the scheduler's sweeps are the durable backstop.
RETRY = {"max_retries": 5, "min_backoff": 500, "max_backoff": 30_000}


@dramatiq.actor(queue_name=ACTOR_QUEUES["advance"], **RETRY)
def advance(enrollment_ids: list[int]) -> None:
    advancing.enrollment_advance(enrollment_ids)


# Events handed over but not yet handled that one run also takes: messages queued behind it then find theirs done.
CATCH_UP_EVENTS = 200


@dramatiq.actor(queue_name=ACTOR_QUEUES["handle_events"], **RETRY)
def handle_events(event_ids: list[int]) -> None:
    events.handle_events(event_ids, also_pending=CATCH_UP_EVENTS)


@dramatiq.actor(queue_name=ACTOR_QUEUES["handle_identifies"], **RETRY)
def handle_identifies(contact_ids: list[int]) -> None:
    events.handle_identifies(contact_ids)


@dramatiq.actor(queue_name=ACTOR_QUEUES["launch_step"], **RETRY)
def launch_step(launch_ids: list[int]) -> None:
    for launch_id in launch_ids:
        launches.launch_step(launch_id)


# Behind the journeys' actors in each worker (Dramatiq runs lower numbers first among the messages it holds):
# a backlog of deliveries does not hold up the event → message path or the advances writing the messages.
DELIVER_PRIORITY = 10


@dramatiq.actor(queue_name=ACTOR_QUEUES["deliver"], priority=DELIVER_PRIORITY, **RETRY)
def deliver(message_ids: list[int]) -> None:
    report = deliver_messages(message_ids)
    # Transient provider failures went back to "queued" with not_before (the durable record);
    # this delayed retry is the fast path, the scheduler's sweep the backstop.
    for message_id, delay in report.retry.items():
        deliver.send_with_options(args=([message_id],), delay=int(delay * 1000))
