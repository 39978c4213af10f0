"""The crash test with channel fallback in the path: kill -9 a worker and the scheduler mid-run while sends fall
back (a failing provider, then missing addresses): nothing lost, no provider called twice for one message, and
each step ends with exactly one message sent, on the channel that could take it.

Real processes on the real services, like tests/integration/runtime/test_crash_recovery.py (skipped locally
without PostgreSQL and a real broker).
"""
import time

import pytest
from django.db.models import Count

from channels_app.models import Message, MessageTemplate, SandboxDelivery
from journeys.models import Contact, Enrollment
from journeys.services.enrollments import enrollment_enter
from tests.integration import real_services
from tests.integration.real_services import real_services_or_skip
from tests.integration.runtime import test_crash_recovery as crash
from tests.integration.runtime.conftest import chain, live_journey

CONTACTS = 600


@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_and_the_scheduler_while_sends_fall_back_sends_nothing_twice(tmp_path, templates):
    real_services_or_skip()
    from tests.integration.channels.conftest import FakeHTTPServer, Scripted

    real_services.purge_broker()
    # given a webhook receiver that refuses every post (a permanent failure: fall back to SMS, then email)
    receiver = FakeHTTPServer().start()
    receiver.default = Scripted(status=400, body=b'{"error": "no"}', headers={"Content-Type": "application/json"})
    MessageTemplate.objects.create(slug="hook", channel="webhook", url=f"{receiver.url}/hook", body="{}")
    MessageTemplate.objects.create(slug="hi-wechat", channel="wechat", template_id="TPL", url="https://example.com")
    journey = live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("first", "send", {"channels": ["webhook", "sms", "email"],
                           "templates": {"webhook": "hook", "sms": "hello-sms", "email": "hello-email"}}),
        ("pause", "wait", {"seconds": 2}),
        ("second", "send", {"channels": ["wechat", "email"],  # nobody has an openid: email
                            "templates": {"wechat": "hi-wechat", "email": "hello-email"}}),
        ("x", "exit", {}),
    ))
    # half the contacts have a phone (step 1 ends on SMS), the others not (step 1 ends on email)
    contacts = Contact.objects.bulk_create([
        Contact(user_id=f"fb-{i}", phone=f"+1555{i:06d}" if i % 2 == 0 else "", email=f"fb{i}@example.com")
        for i in range(CONTACTS)])
    processes = crash.Processes(tmp_path)
    processes.env.update(WEBHOOK_DELIVERY="1")
    try:
        processes.start("worker-a", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("worker-b", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
        ids = [c.pk for c in contacts]
        for start in range(0, CONTACTS, 300):
            enrollment_enter(journey.versions.get(), ids[start:start + 300])
        # when, mid-run, a worker and the scheduler die without warning
        crash.wait_until(lambda: Message.objects.filter(channel="webhook").exclude(status="queued").count()
                         >= CONTACTS // 3, 120, "the fallbacks to get going", tmp_path)
        processes.kill9("worker-a")
        processes.kill9("scheduler")
        time.sleep(1)
        processes.start("worker-a", "rundramatiq", "--processes", "1", "--threads", "4")
        processes.start("scheduler", "journeys_scheduler", "--interval", "0.2")
        # then every enrollment completes and every step settles
        crash.wait_until(lambda: Enrollment.objects.filter(state="completed").count() == CONTACTS
                         and not Message.objects.filter(status__in=("queued", "sending")).exists(),
                         300, "every enrollment to complete", tmp_path)
    finally:
        processes.stop_all()
        receiver.stop()
    user_of = dict(Contact.objects.values_list("id", "user_id"))
    steps: dict[tuple, list] = {}
    for enrollment_id, contact_id, node, attempt, channel, status in Message.objects.values_list(
            "enrollment_id", "contact_id", "node", "step_attempt", "channel", "status"):
        steps.setdefault((enrollment_id, node), []).append((attempt, channel, status, int(user_of[contact_id][3:])))
    assert len(steps) == 2 * CONTACTS
    for (_, node), rows in steps.items():
        rows.sort()
        n = rows[0][3]
        if node == "first":
            expected = [(0, "webhook", "failed"), (1, "sms", "sent")] if n % 2 == 0 else [
                (0, "webhook", "failed"), (1, "sms", "suppressed"), (2, "email", "sent")]
        else:
            expected = [(0, "wechat", "suppressed"), (1, "email", "sent")]
        assert [row[:3] for row in rows] == expected, rows
    # the sandbox saw exactly one call per sent message; the receiver one post per webhook message, a repeat
    # only with the same Idempotency-Key (the post in flight when its worker was killed)
    calls = SandboxDelivery.objects.values("message").annotate(n=Count("id"))
    assert len(calls) == 2 * CONTACTS and {row["n"] for row in calls} == {1}
    keys = [request.headers.get("Idempotency-Key") for request in receiver.requests]
    assert len(set(keys)) == CONTACTS and len(keys) <= CONTACTS + 8
