"""Hand-off on commit: ingest and each advance enqueue their follow-up work once their transaction commits.

The outbox scans stay as the recovery path: they take a row only when its hand-off was lost (the lease
passed), and a row brought both by the hand-off and by a scan is processed once.
"""
import threading
from datetime import timedelta

import dramatiq
import pytest
from django.db import connection, transaction
from django.test import override_settings

from channels_app.models import Message
from journeys.models import Enrollment, Event
from journeys.runtime import actors
from journeys.runtime.scheduler import dispatch_new_events, dispatch_queued_messages
from journeys.services.events import handle_events
from journeys.services.ingest import TrackCall, ingest_calls
from tests.integration.runtime.conftest import T0, chain, live_journey

pytestmark = pytest.mark.django_db

# The runtime test fixtures (clock, StubBroker drained in this thread, templates).
from tests.integration.runtime.conftest import clock, runner, stub_broker, templates  # noqa: E402,F401


def welcome_journey():
    return live_journey(chain(("t", "trigger", {"event": "signed_up"}),
                              ("s", "send", {"channel": "inapp", "template": "hello-inapp"}),
                              ("x", "exit", {})))


def track_batch(user_ids, event="signed_up"):
    return ingest_calls([TrackCall(user_id=u, anonymous_id=None, event=event, timestamp=T0) for u in user_ids])


def test_an_ingest_batch_is_handed_to_the_runtime_in_one_message_and_its_sends_straight_to_delivery(
        runner, templates):
    welcome_journey()
    with runner.capture(execute=True):
        track_batch(["ada", "bob", "cy"])
    while runner._run_queued():  # only what was enqueued on commit: no outbox scan runs
        pass
    # one handle_events message for the batch, then the deliveries its advance handed over
    assert [name for name, _ in runner.ran] == ["handle_events", "deliver"]
    assert sorted(runner.ran[0][1]) == sorted(Event.objects.values_list("id", flat=True))
    assert sorted(runner.ran[1][1]) == sorted(Message.objects.values_list("id", flat=True))
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert Event.objects.filter(handled_at__isnull=True).count() == 0


@override_settings(JOURNEYS_EVENT_LEASE_SECONDS=60)
def test_the_event_outbox_takes_an_event_only_when_its_hand_off_was_lost(runner, templates):
    welcome_journey()
    track_batch(["ada"])  # committed, but its on-commit hand-off never ran (a crash right after the commit)
    assert dispatch_new_events(T0 + timedelta(seconds=30)) == []  # within the lease: the hand-off's job
    event = Event.objects.get()
    with runner.capture(execute=True):
        assert dispatch_new_events(T0 + timedelta(seconds=61)) == [event.pk]
    runner.drain()
    assert Enrollment.objects.get().state == "completed"
    assert Message.objects.get().status == "sent"


@override_settings(JOURNEYS_QUEUED_LEASE_SECONDS=60)
def test_a_message_whose_delivery_hand_off_was_lost_is_taken_by_the_outbox_after_the_lease(runner, templates):
    welcome_journey()
    with runner.capture(execute=True):
        track_batch(["ada"])
    handle_events(list(Event.objects.values_list("id", flat=True)))  # its deliver hand-off is dropped
    message = Message.objects.get()
    assert message.status == "queued" and message.dispatched_at is not None
    assert dispatch_queued_messages(runner.clock.now + timedelta(seconds=30)) == []
    with runner.capture(execute=True):
        assert dispatch_queued_messages(runner.clock.now + timedelta(seconds=61)) == [message.pk]
    runner._run_queued()
    assert Message.objects.get().status == "sent"


def test_an_event_brought_twice_is_handled_once(runner, templates):
    welcome_journey()
    track_batch(["ada", "bob"])
    ids = list(Event.objects.values_list("id", flat=True))
    first, second = handle_events(ids), handle_events(ids)  # the hand-off and, later, the outbox
    assert (first.enrolled, second.enrolled) == (2, 0)
    assert Enrollment.objects.count() == 2 and Message.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_another_handler_holds_is_left_to_it(runner, templates):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs it); SQLite has one writer at a time")
    welcome_journey()
    track_batch(["ada"])
    ids = list(Event.objects.values_list("id", flat=True))
    locked, release, result = threading.Event(), threading.Event(), {}

    def other_handler():
        try:
            with transaction.atomic():
                list(Event.objects.select_for_update().filter(id__in=ids))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=other_handler)
    holder.start()
    try:
        assert locked.wait(10)
        result["report"] = handle_events(ids)
    finally:
        release.set()
        holder.join()
    assert result["report"].enrolled == 0 and not Enrollment.objects.exists()
    assert Event.objects.get().handled_at is None  # still the holder's (or, lost, the outbox's) to handle


def test_a_handle_events_run_takes_the_handed_over_events_queued_behind_it(runner, templates):
    welcome_journey()
    with runner.capture(execute=True):
        track_batch(["ada"])
        track_batch(["bob"])  # two requests: two messages on the queue
    first, second = (dramatiq_message(runner, "journeys") for _ in range(2))
    actors.handle_events.fn(*first.args)  # the first run also takes bob's event
    assert Event.objects.filter(handled_at__isnull=True).count() == 0 and Enrollment.objects.count() == 2
    actors.handle_events.fn(*second.args)  # and the message behind it finds nothing left to do
    assert Enrollment.objects.count() == 2 and Message.objects.count() == 2


def dramatiq_message(runner, queue):
    return dramatiq.Message.decode(runner.broker.queues[queue].get_nowait())


@override_settings(EMBEDDED=True)
def test_in_embedded_mode_a_process_without_the_runtime_leaves_its_events_to_the_outbox(runner, stub_broker):
    """A management command or a test's own process beside `journeys_run`: its in-memory broker has no
    consumer, so the events stay undispatched and the runtime's next scan takes them at once."""
    from journeys.runtime.dispatch import consumed_here

    consumed_here(False)
    track_batch(["ada", "bob"])
    assert stub_broker.queues.get("journeys") is None or stub_broker.queues["journeys"].qsize() == 0
    assert list(Event.objects.values_list("dispatched_at", flat=True)) == [None, None]
    assert len(dispatch_new_events(T0)) == 2
