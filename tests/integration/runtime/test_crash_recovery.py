"""Kill -9 a worker and the scheduler mid-run: nothing lost, nothing sent twice, each contact's sends in step
order, and the messages the worker had in hand settled within 60 s (the default sending lease plus a sweep).

Real processes on the real services: `manage.py rundramatiq` workers on the real broker (Redis in
`make test`, RabbitMQ in `make test-brokers`; .ci/run runs both) and `manage.py journeys_scheduler`,
against this test's PostgreSQL database. Skipped locally without them.
"""
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db.models import Count

from channels_app.models import Message, SandboxDelivery
from journeys.models import Contact, Enrollment
from journeys.services.enrollments import enrollment_enter
from tests.conftest import REPO_ROOT
from tests.integration import real_services
from tests.integration.real_services import real_services_or_skip
from tests.integration.runtime.conftest import chain, live_journey

CONTACTS = 2000


def service_env() -> dict:
    return real_services.service_env(
        SECRET_KEY="crash-test", DEBUG="0",
        # Short leases so the sweeps recover the killed processes' work within the test; the sending lease is
        # the default, which design §8 holds to 60 s.
        JOURNEYS_ACTIVE_LEASE_SECONDS="5", JOURNEYS_QUEUED_LEASE_SECONDS="5", JOURNEYS_SWEEP_SECONDS="1",
    )


class Processes:
    def __init__(self, tmp_path):
        self.env = service_env()
        self.tmp_path = tmp_path
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str) -> None:
        log = open(self.tmp_path / f"{name}.log", "ab")
        self.running[name] = subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=self.env,
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill9(self, name: str) -> None:
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.running.clear()


def wait_until(condition, timeout: float, what: str, logs) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs.glob("*.log"))
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_and_the_scheduler_mid_run_loses_nothing_and_sends_nothing_twice(tmp_path, templates):
    real_services_or_skip()
    real_services.purge_broker()  # no leftovers from other tests
    # given 2,000 contacts entering a journey with a wait and two sends
    journey = live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("first", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("pause", "wait", {"seconds": 2}),
        ("second", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))
    contacts = Contact.objects.bulk_create(
        [Contact(user_id=f"crash-{i}", phone=f"+1555{i:06d}", email=f"c{i}@example.com") for i in range(CONTACTS)])
    processes = Processes(tmp_path)
    try:
        processes.start("worker-a", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("worker-b", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
        version = journey.versions.get()
        ids = [c.pk for c in contacts]
        for start in range(0, CONTACTS, 500):
            enrollment_enter(version, ids[start:start + 500])
        # when, mid-run, a worker and the scheduler die without warning
        wait_until(lambda: Message.objects.count() >= CONTACTS // 2, 120, "the run to get going", tmp_path)
        processes.kill9("worker-a")
        processes.kill9("scheduler")
        killed_at = time.monotonic()
        in_flight = Message.objects.count()
        in_hand = list(Message.objects.filter(status="sending").values_list("id", flat=True))
        time.sleep(1)
        processes.start("worker-a", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
        # then what the dead worker had in hand is settled within 60 s of the kill
        wait_until(lambda: not Message.objects.filter(id__in=in_hand, status="sending").exists(),
                   60 - (time.monotonic() - killed_at), "the killed worker's messages to be settled", tmp_path)
        # then every enrollment completes
        wait_until(lambda: Enrollment.objects.filter(state="completed").count() == CONTACTS
                   and not Message.objects.exclude(status="sent").exists(), 300, "every enrollment to complete", tmp_path)
    finally:
        processes.stop_all()
    assert in_flight < 2 * CONTACTS, "the kill should land mid-run"
    assert Enrollment.objects.count() == CONTACTS
    assert not Enrollment.objects.exclude(state="completed").exists()
    # each (enrollment, node, visit) has exactly one message, and all were sent
    per_enrollment = Message.objects.values("enrollment").annotate(n=Count("id"))
    assert {row["n"] for row in per_enrollment} == {2} and len(per_enrollment) == CONTACTS
    assert Message.objects.filter(status="sent").count() == 2 * CONTACTS
    # the provider saw exactly one call per message
    calls = SandboxDelivery.objects.values("message").annotate(n=Count("id"))
    assert len(calls) == 2 * CONTACTS and {row["n"] for row in calls} == {1}
    # and each contact's SMS (step 1) reached the provider before its email (step 2)
    order: dict[int, dict[str, int]] = {}
    for enrollment_id, node, call_id in SandboxDelivery.objects.values_list("message__enrollment_id", "message__node",
                                                                           "id"):
        order.setdefault(enrollment_id, {})[node] = call_id
    assert all(steps["first"] < steps["second"] for steps in order.values()), "a step-2 email went out before its SMS"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_its_provider_calls_hang_has_its_messages_settled_within_60_seconds(tmp_path):
    real_services_or_skip()
    from channels_app.models import MessageTemplate
    from tests.integration.channels.conftest import FakeHTTPServer

    real_services.purge_broker()
    # given a webhook receiver that hangs on the first call, and 20 contacts to post about
    receiver = FakeHTTPServer().start()
    receiver.respond(200, {"ok": True}, delay=25)
    MessageTemplate.objects.create(slug="hook", channel="webhook", url=f"{receiver.url}/hook", body="{}")
    journey = live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("post", "send", {"channel": "webhook", "template": "hook", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))
    contacts = Contact.objects.bulk_create([Contact(user_id=f"hook-{i}") for i in range(20)])
    processes = Processes(tmp_path)
    processes.env.update(WEBHOOK_DELIVERY="1", PROVIDER_TIMEOUT_SECONDS="30")
    try:
        processes.start("worker", "rundramatiq", "--processes", "1", "--threads", "2")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
        enrollment_enter(journey.versions.get(), [c.pk for c in contacts])
        # when the worker dies while the receiver still holds its first call (the rest claimed, not yet posted)
        wait_until(lambda: receiver.requests and Message.objects.count() == 20
                   and not Message.objects.filter(status="queued").exists(), 60, "the first post to hang", tmp_path)
        processes.kill9("worker")
        # posts the dead worker made whose answer it never recorded (the hanging one, and maybe one the other
        # thread had answered but not yet written down): at most one per thread
        recorded = {f"msg-{pk}" for pk in Message.objects.filter(status="delivered").values_list("id", flat=True)}
        in_doubt = {r.headers.get("Idempotency-Key") for r in receiver.requests} - recorded
        killed_at = time.monotonic()
        processes.start("worker", "rundramatiq", "--processes", "1", "--threads", "2")
        # then every message is settled and sent within 60 s of the kill
        wait_until(lambda: Message.objects.filter(status="delivered").count() == 20, 60, "the messages to be sent",
                   tmp_path)
        assert time.monotonic() - killed_at < 60
    finally:
        processes.stop_all()
        receiver.stop()
    # each message reached the receiver under its own key; only those in flight at the kill were posted again,
    # with the same Idempotency-Key, so the receiver dropped the repeats
    keys = [request.headers.get("Idempotency-Key") for request in receiver.requests]
    assert 1 <= len(in_doubt) <= 2
    assert len(set(keys)) == 20 and len(keys) == 20 + len(in_doubt)
    assert {key for key in keys if keys.count(key) > 1} == in_doubt
    assert Enrollment.objects.filter(state="completed").count() == 20
