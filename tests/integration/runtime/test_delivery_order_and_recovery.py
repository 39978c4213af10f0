"""One enrollment's sends go out in step order, and a lost worker's messages are settled within 60 s
(the sending lease plus a sweep) without a second provider call, however often a message kills its worker."""
from datetime import timedelta

import pytest
from django.conf import settings

from channels_app.models import Message, SandboxDelivery
from channels_app.providers.base import Provider, SendResult
from channels_app.providers.registry import override_provider
from channels_app.services.delivery import MAX_ATTEMPTS, deliver_messages, reconcile_in_doubt
from journeys.models import Contact, Enrollment
from journeys.runtime.scheduler import dispatch_queued_messages
from journeys.services.enrollments import enrollment_enter
from tests.integration.runtime.conftest import T0, chain, live_journey

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for kill -9: nothing in the process gets to handle it."""


class ScriptedSms(Provider):
    """Answers from a script; remembers what it accepted, as a provider's own log would."""

    name = "scripted"

    def __init__(self, *script):
        self.script = list(script)
        self.calls: list[int] = []
        self.accepted: set[int] = set()

    def send(self, message):
        self.calls.append(message.message_id)
        step = self.script.pop(0) if self.script else "accept"
        if step == "accept-then-die":
            self.accepted.add(message.message_id)
            raise WorkerKilled()
        if step == "die":
            raise WorkerKilled()
        if step == "busy":
            return SendResult(status="failed", retryable=True, error_code="503", detail="busy")
        self.accepted.add(message.message_id)
        return SendResult(provider_id=f"p{message.message_id}")

    def reconcile(self, message):
        if message.message_id in self.accepted:
            return SendResult(provider_id=f"p{message.message_id}", detail="found in the provider's log")
        return SendResult(status="failed", retryable=True, error_code="not_found", detail="not in the log")


@pytest.fixture
def sms_provider():
    installed = []

    def install(*script):
        provider = ScriptedSms(*script)
        override_provider("sms", provider)
        installed.append(provider)
        return provider

    yield install
    override_provider("sms", None)


def two_step_journey():
    """An SMS, then at once an email: two messages of one enrollment written in the same run."""
    return live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("first", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("second", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))


def enter(runner, count=1):
    version = two_step_journey().versions.get()
    people = [Contact.objects.create(user_id=f"c{i}", phone=f"+1555000{i:04d}", email=f"c{i}@example.com")
              for i in range(count)]
    runner.call(enrollment_enter, version, [c.pk for c in people])
    return people


def test_a_later_step_waits_while_the_earlier_one_is_being_retried(runner, templates, sms_provider):
    # Given the SMS provider is busy on the first try
    provider = sms_provider("busy", "accept")
    enter(runner)
    sms, email = Message.objects.order_by("id")
    # Then the email is held while its SMS waits for its retry: not handed to the provider
    sms.refresh_from_db(), email.refresh_from_db()
    assert (sms.status, email.status) == ("queued", "queued")
    assert not SandboxDelivery.objects.exists()
    # When the retry comes round and the SMS goes out
    runner.wait(seconds=3)
    # Then the email follows it
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert provider.calls == [sms.pk, sms.pk] and SandboxDelivery.objects.get().message_id == email.pk


def test_the_outbox_hands_a_message_over_only_after_the_earlier_ones_of_its_enrollment(runner, templates, sms_provider):
    # Given an SMS waiting for its retry and the email after it, both queued
    sms_provider("busy", "accept")
    enter(runner)
    sms, email = Message.objects.order_by("id")
    # When the outbox runs before the retry is due, it hands over neither
    assert dispatch_queued_messages(runner.clock.advance(seconds=1)) == []
    # and once the SMS is due, only the SMS; the email on the tick after the SMS went out
    with runner.capture(execute=True):
        assert dispatch_queued_messages(runner.clock.advance(seconds=2)) == [sms.pk]
    runner._run_queued()
    assert Message.objects.get(pk=sms.pk).status == "sent"
    assert dispatch_queued_messages(runner.clock.now) == [email.pk]


def test_a_message_handed_over_while_an_earlier_one_is_queued_is_parked_until_that_one_goes(
        runner, templates, sms_provider):
    sms_provider("busy", "accept")
    enter(runner)
    sms, email = Message.objects.order_by("id")
    # When a worker is handed the email alone while the SMS is queued for its retry
    report = deliver_messages([email.pk], now=T0 + timedelta(seconds=1))
    # Then it is held: still queued, not handed to the provider, parked in the outbox
    email.refresh_from_db()
    assert report.held == [email.pk] and report.sent == [] and email.status == "queued"
    assert not SandboxDelivery.objects.exists()
    assert dispatch_queued_messages(T0 + timedelta(seconds=1)) == []
    # and once the SMS has gone out, it is released: the outbox hands it over on its next tick
    deliver_messages([sms.pk], now=T0 + timedelta(seconds=3))
    assert Message.objects.get(pk=email.pk).dispatched_at is None
    assert dispatch_queued_messages(T0 + timedelta(seconds=3)) == [email.pk]


def test_the_sending_lease_is_at_most_60_seconds():
    assert settings.JOURNEYS_SENDING_LEASE_SECONDS + settings.JOURNEYS_SWEEP_SECONDS <= 60


@pytest.mark.parametrize("script, provider_calls", [
    (["die"], 2),  # died before the provider took it: sent again, once
    (["accept-then-die"], 1),  # the provider took it: recorded from its log, never sent again
])
def test_a_worker_killed_mid_send_is_settled_within_60_seconds_without_a_duplicate(
        runner, templates, sms_provider, script, provider_calls):
    # Given a worker that dies while handing an SMS to the provider
    provider = sms_provider(*script)
    with pytest.raises(WorkerKilled):
        enter(runner)
    sms = Message.objects.get(channel="sms")
    assert sms.status == "sending"
    # When the scheduler sweeps before the lease is up, nothing happens to it
    runner.wait(seconds=settings.JOURNEYS_SENDING_LEASE_SECONDS - 5)
    assert Message.objects.get(pk=sms.pk).status == "sending"
    # and once it is up (still within 60 s of the crash), the SMS is settled and the email follows
    runner.wait(seconds=60 - (settings.JOURNEYS_SENDING_LEASE_SECONDS - 5))
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert len(provider.calls) == provider_calls and provider.accepted == {sms.pk}
    assert Enrollment.objects.get().state == "completed"


def test_a_claimed_message_never_handed_over_is_requeued_without_asking_the_provider(clock, templates):
    # Given an SMS a worker claimed and died before handing over (its outbox stamp still set)
    contact = Contact.objects.create(user_id="ada", phone="+15550001111")
    message = Message.objects.create(contact=contact, channel="sms", template="hello-sms", address="+15550001111",
                                     status="sending", dispatched_at=T0)
    Message.objects.filter(pk=message.pk).update(updated_at=T0)

    class MustNotBeAsked(Provider):
        name = "strict"

        def reconcile(self, outbound):
            raise AssertionError("a message that never reached the provider needs no lookup")

    override_provider("sms", MustNotBeAsked())
    try:
        requeued = reconcile_in_doubt(T0 + timedelta(seconds=1), T0 + timedelta(seconds=50))
    finally:
        override_provider("sms", None)
    message.refresh_from_db()
    assert requeued == [message.pk] and (message.status, message.error_code) == ("queued", "interrupted")


def test_a_provider_that_raises_while_reconciling_fails_only_that_message_in_doubt(clock, templates):
    contact = Contact.objects.create(user_id="ada", phone="+15550001111", email="ada@example.com")
    sms = Message.objects.create(contact=contact, channel="sms", template="hello-sms", address="+1", status="sending")
    email = Message.objects.create(contact=contact, channel="email", template="hello-email", address="a@x",
                                   status="sending")
    Message.objects.update(updated_at=T0)

    class Broken(Provider):
        name = "broken"

        def reconcile(self, outbound):
            raise RuntimeError("lookup API changed")

    override_provider("sms", Broken())
    try:
        requeued = reconcile_in_doubt(T0 + timedelta(seconds=1), T0 + timedelta(seconds=50))
    finally:
        override_provider("sms", None)
    sms.refresh_from_db(), email.refresh_from_db()
    assert (sms.status, sms.error_code) == ("failed", "in_doubt") and "RuntimeError: lookup API changed" in sms.reason
    assert requeued == [email.pk] and email.status == "queued"  # the sandbox knew it never recorded it


def test_a_message_that_kills_its_worker_fails_after_bounded_tries_and_the_others_go_out_once(
        runner, templates, monkeypatch):
    # Given three SMS through the sandbox, the first of which takes its worker down whenever it is recorded
    from channels_app.providers import sandbox

    people = [Contact.objects.create(user_id=f"c{i}", phone=f"+1555000{i:04d}") for i in range(3)]
    messages = [Message.objects.create(contact=c, channel="sms", template="hello-sms", address=c.phone, created_at=T0)
                for c in people]
    poison = messages[0].pk
    real_batch, real_send = sandbox.record_requests, sandbox.SandboxProvider.send

    def record_requests(outbounds):
        if any(o.message_id == poison for o in outbounds):
            raise WorkerKilled()
        return real_batch(outbounds)

    def send(self, outbound):
        if outbound.message_id == poison:
            raise WorkerKilled()
        return real_send(self, outbound)

    monkeypatch.setattr(sandbox, "record_requests", record_requests)
    monkeypatch.setattr(sandbox.SandboxProvider, "send", send)
    # When delivery is tried, and the sweeps take the messages back after each crash
    rounds = 0
    while Message.objects.filter(status__in=["queued", "sending"]).exists():
        rounds += 1
        assert rounds <= MAX_ATTEMPTS + 3, "a poison message must not loop forever"
        try:
            runner.wait(seconds=50)
        except WorkerKilled:
            continue
    # Then the poison message failed after MAX_ATTEMPTS, and each other message was sent exactly once
    failed = Message.objects.get(pk=poison)
    assert failed.status == "failed" and failed.reason == f"gave up after {MAX_ATTEMPTS} attempts; the last was interrupted"
    assert set(Message.objects.exclude(pk=poison).values_list("status", flat=True)) == {"sent"}
    assert sorted(SandboxDelivery.objects.values_list("message_id", flat=True)) == [m.pk for m in messages[1:]]
