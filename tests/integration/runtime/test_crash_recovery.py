"""Kill -9 a worker and the scheduler mid-run: nothing lost, nothing sent twice.

Real processes on the real services: `manage.py rundramatiq` workers on Redis and
`manage.py journeys_scheduler`, against this test's PostgreSQL database. Skipped
locally without PostgreSQL + Redis; CI always has them (.ci/run), so it always runs there.
"""
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from channels_app.models import Message, SandboxDelivery
from journeys.models import Contact, Enrollment
from journeys.services.enrollments import enrollment_enter
from tests.conftest import REPO_ROOT
from tests.integration.runtime.conftest import chain, live_journey

CONTACTS = 2000


def real_services_or_skip():
    if connection.vendor != "postgresql" or not settings.BROKER_URL.startswith("redis"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the crash test on PostgreSQL + Redis (check .ci/run)")
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, BROKER_URL); CI runs it")


def service_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        BROKER_URL=settings.BROKER_URL, CHANNEL_LAYER_URL=settings.CHANNEL_LAYER_URL or settings.BROKER_URL,
        SECRET_KEY="crash-test", DEBUG="0", PYTHONUNBUFFERED="1",
        # Short leases so the sweeps recover the killed processes' work within the test.
        JOURNEYS_ACTIVE_LEASE_SECONDS="5", JOURNEYS_QUEUED_LEASE_SECONDS="5", JOURNEYS_SENDING_LEASE_SECONDS="10",
        JOURNEYS_SWEEP_SECONDS="1",
    )
    return env


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
    import redis

    redis.Redis.from_url(settings.BROKER_URL).flushdb()  # no leftovers from other tests
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
        in_flight = Message.objects.count()
        time.sleep(1)
        processes.start("worker-a", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
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
