"""The real Dramatiq actors on a StubBroker with a Worker (threads): ingest → trigger → advance → deliver.

The `stub_broker` fixture comes from this folder's conftest."""
import json

import dramatiq
import pytest

from channels_app.models import Message, SandboxDelivery
from journeys.models import Enrollment
from journeys.runtime import actors
from core import clock as runtime_clock
from journeys.runtime.scheduler import Scheduler
from tests.integration.runtime.conftest import chain, live_journey


@pytest.fixture
def stub_worker(stub_broker):
    worker = dramatiq.Worker(stub_broker, worker_timeout=50, worker_threads=2)
    worker.start()
    yield worker
    worker.stop()


def settle(broker, worker):
    """Run until nothing is left: the outbox scans find no new events or queued messages, queues are empty."""
    from journeys.runtime.scheduler import dispatch_new_events, dispatch_queued_messages

    quiet_rounds = 0
    for _ in range(20):
        handed = dispatch_new_events(runtime_clock.now()) + dispatch_queued_messages(runtime_clock.now())
        for queue in ("journeys", "deliveries"):
            broker.join(queue, fail_fast=True)
        worker.join()
        # Work done in this round may have stored events or messages only the next scan finds.
        quiet_rounds = quiet_rounds + 1 if not handed else 0
        if quiet_rounds == 2:
            return
    raise AssertionError("the runtime did not settle")


@pytest.mark.django_db(transaction=True)
def test_actors_carry_a_contact_through_a_journey_on_the_stub_broker(stub_broker, stub_worker, clock, api, templates):
    # given a live journey: trigger → sms → wait 1 h → email → exit
    live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("sms", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("w", "wait", {"seconds": 3600}),
        ("mail", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))
    # when events arrive over the API
    api.post("/api/v1/identify", json.dumps({"userId": "ada", "traits": {"phone": "+15555550100", "email": "a@x.io",
                                                                         "first_name": "Ada"}}),
             content_type="application/json")
    api.post("/api/v1/track", json.dumps({"userId": "ada", "event": "signed_up"}), content_type="application/json")
    settle(stub_broker, stub_worker)
    # then the first send went out and the contact waits
    assert Enrollment.objects.get().state == "waiting"
    assert list(Message.objects.values_list("node", "status")) == [("sms", "sent")]
    # when the hour passes and the scheduler ticks
    clock.advance(seconds=3600)
    Scheduler(segment_every=10**9).tick()
    settle(stub_broker, stub_worker)
    # then
    assert Enrollment.objects.get().state == "completed"
    assert sorted(Message.objects.values_list("node", "status")) == [("mail", "sent"), ("sms", "sent")]
    assert SandboxDelivery.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_advance_message_changes_nothing(stub_broker, stub_worker, clock, templates):
    from journeys.models import Contact
    from journeys.services.enrollments import enrollment_enter

    journey = live_journey(chain(("t", "trigger", {"event": "go"}),
                                 ("sms", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
                                 ("x", "exit", {})))
    contact = Contact.objects.create(user_id="ada", phone="+1")
    result = enrollment_enter(journey.versions.get(), [contact.pk])
    settle(stub_broker, stub_worker)
    for _ in range(3):  # at-least-once: the same message again
        actors.advance.send(result.enrolled)
    settle(stub_broker, stub_worker)
    assert Message.objects.count() == 1 and SandboxDelivery.objects.count() == 1
