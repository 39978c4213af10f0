"""The scheduler: due waits fire exactly once, even with several schedulers; orphaned work is swept up."""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings

from channels_app.services.delivery import reconcile_in_doubt
from channels_app.models import Message, SandboxDelivery
from journeys.models import Contact, Enrollment
from journeys.runtime.scheduler import claim_due_waits, dispatch_queued_messages, rescue_stale_active
from tests.integration.runtime.conftest import T0, chain, live_journey


def make_waiting(count: int, wake_at, journey=None):
    journey = journey or live_journey(chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}),
                                            ("x", "exit", {})))
    version = journey.versions.get()
    contacts = Contact.objects.bulk_create([Contact(user_id=f"c{i}") for i in range(count)])
    Enrollment.objects.bulk_create([
        Enrollment(journey=journey, version=version, contact=c, state="waiting", current_node="w", resume_port="next",
                   wake_at=wake_at, entered_at=T0, visits={"t": 1, "w": 1}, path=[["t", T0.isoformat()]])
        for c in contacts
    ], batch_size=2000)
    return journey


@pytest.mark.django_db
def test_only_due_waits_are_claimed_and_each_only_once(clock):
    make_waiting(5, T0 + timedelta(seconds=60))
    assert claim_due_waits(T0 + timedelta(seconds=59)) == []
    claimed = claim_due_waits(T0 + timedelta(seconds=60))
    assert len(claimed) == 5
    assert claim_due_waits(T0 + timedelta(seconds=61)) == []
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"active"}


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_on_10000_due_waits_fire_each_exactly_once(clock, monkeypatch):
    from journeys.runtime import dispatch

    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED concurrency needs PostgreSQL (CI runs it)")
    make_waiting(10_000, T0)
    sent: list[list[int]] = []
    lock = threading.Lock()

    def collect(name, ids, size, delay_ms=None):
        with lock:
            sent.append(list(ids))

    monkeypatch.setattr(dispatch, "_send", collect)
    claims: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def scheduler(name):
        barrier.wait()
        try:
            while True:
                ids = claim_due_waits(T0 + timedelta(seconds=1), limit=250)
                if not ids:
                    return
                claims[name].extend(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = claims["a"] + claims["b"]
    assert len(everything) == 10_000 and len(set(everything)) == 10_000
    assert claims["a"] and claims["b"], "both schedulers should have done part of the work"
    enqueued = [i for chunk in sent for i in chunk]
    assert sorted(enqueued) == sorted(everything)  # each wait's advance enqueued exactly once


@pytest.mark.django_db
@override_settings(JOURNEYS_ACTIVE_LEASE_SECONDS=60, JOURNEYS_QUEUED_LEASE_SECONDS=60)
def test_stale_active_rows_and_queued_messages_are_re_enqueued(runner, templates):
    journey = make_waiting(1, T0)
    enrollment = Enrollment.objects.get()
    Enrollment.objects.filter(pk=enrollment.pk).update(state="active", claimed_at=T0)
    assert runner.call(rescue_stale_active, T0 + timedelta(seconds=30)) == []
    assert runner.call(rescue_stale_active, T0 + timedelta(seconds=61)) == [enrollment.pk]
    assert Enrollment.objects.get().state == "completed"
    # a queued message whose hand-over to the deliver actor was lost is handed over again after the lease
    message = Message.objects.create(journey=journey, contact=enrollment.contact, channel="inapp",
                                     template="hello-inapp", address="c0", status="queued", dispatched_at=T0)
    assert dispatch_queued_messages(T0 + timedelta(seconds=30)) == []
    assert runner.call(dispatch_queued_messages, T0 + timedelta(seconds=61)) == [message.pk]
    assert Message.objects.get(pk=message.pk).status == "sent"


@pytest.mark.django_db
def test_an_interrupted_sandbox_delivery_is_resolved_without_a_second_send(clock, templates):
    contact = Contact.objects.create(user_id="ada")
    # SMS without Twilio credentials goes through the sandbox, which knows what it recorded
    recorded = Message.objects.create(contact=contact, channel="sms", template="hello-sms", address="+1",
                                      status="sending")
    SandboxDelivery.objects.create(message=recorded, channel="sms", request={})
    lost = Message.objects.create(contact=contact, channel="sms", template="hello-sms", address="+1",
                                  status="sending")
    Message.objects.filter(pk__in=[recorded.pk, lost.pk]).update(updated_at=T0)
    requeued = reconcile_in_doubt(T0 + timedelta(minutes=5), T0 + timedelta(minutes=5))
    assert requeued == [lost.pk]
    assert Message.objects.get(pk=recorded.pk).status == "sent"
    assert Message.objects.get(pk=lost.pk).status == "queued"
    assert SandboxDelivery.objects.filter(message=recorded).count() == 1
