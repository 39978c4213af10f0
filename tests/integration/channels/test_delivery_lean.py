"""The sandbox delivery path: a fixed number of statements per batch on PostgreSQL, and the claim keeps step order."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.models import Message, SandboxDelivery
from channels_app.services.delivery import deliver_messages
from journeys.models import Enrollment
from tests.factories import ContactFactory, JourneyVersionFactory, MessageFactory
from tests.integration.runtime.conftest import T0

pytestmark = pytest.mark.django_db


def _statements_to_deliver(count: int) -> tuple[int, list[int]]:
    ids = [MessageFactory().pk for _ in range(count)]
    with CaptureQueriesContext(connection) as queries:
        report = deliver_messages(ids, now=T0)
    assert report.sent == ids
    return len(queries.captured_queries), ids


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based path is PostgreSQL's")
def test_a_sandbox_batch_takes_the_same_statements_however_many_messages_it_holds():
    _statements_to_deliver(2)  # first-use lookups out of the way
    few, _ = _statements_to_deliver(5)
    many, ids = _statements_to_deliver(50)
    assert many == few
    # and every message names the sandbox record of its own request
    records = dict(SandboxDelivery.objects.filter(message_id__in=ids).values_list("message_id", "id"))
    assert dict(Message.objects.filter(pk__in=ids).values_list("id", "provider_id")) == \
        {pk: f"sandbox-{records[pk]}" for pk in ids}


def _enrollment():
    version = JourneyVersionFactory()
    contact = ContactFactory(phone="+15550009999")
    return Enrollment.objects.create(journey=version.journey, version=version, contact=contact, current_node="b",
                                     state="active", entered_at=T0)


def _step(enrollment, node, **fields):
    return MessageFactory(enrollment=enrollment, journey=enrollment.journey, node=node, contact=enrollment.contact,
                          **fields)


def test_a_batch_holding_two_steps_of_one_enrollment_sends_the_earlier_and_releases_the_later():
    enrollment = _enrollment()
    first, second = _step(enrollment, "a"), _step(enrollment, "b")
    other = MessageFactory()
    report = deliver_messages([second.pk, other.pk, first.pk], now=T0)
    assert report.sent == [first.pk, other.pk] and report.held == [second.pk]
    second.refresh_from_db()
    # parked by the claim, then released by its earlier step going out: the outbox hands it over next tick
    assert second.status == "queued" and second.dispatched_at is None and second.attempts == 0
    assert not SandboxDelivery.objects.filter(message_id=second.pk).exists()


@pytest.mark.parametrize("status, reason, held", [
    ("queued", "", True),
    ("sending", "", True),
    ("deferred", "rate limit: sms at 1/s; sending at 10:00:01.000 UTC", True),
    ("deferred", "circuit open: twilio is failing; trying again at 10:00:30.000 UTC", True),
    ("deferred", "channel paused: red alert", True),
    ("deferred", "quiet hours until 08:00", False),
    ("sent", "", False),
    ("failed", "", False),
])
def test_a_step_waits_only_behind_an_earlier_one_still_on_its_way(status, reason, held):
    enrollment = _enrollment()
    _step(enrollment, "a", status=status, reason=reason, not_before=T0 + timedelta(hours=1))
    later = _step(enrollment, "b")
    report = deliver_messages([later.pk], now=T0)
    later.refresh_from_db()
    if held:
        assert report.held == [later.pk] and report.sent == []
        assert later.status == "queued" and later.dispatched_at is not None  # parked in the outbox
    else:
        assert report.held == [] and report.sent == [later.pk] and later.status == "sent"


def test_a_message_not_yet_due_or_no_longer_queued_is_not_claimed():
    not_due = MessageFactory(not_before=T0 + timedelta(seconds=1))
    sent = MessageFactory(status="sent")
    report = deliver_messages([not_due.pk, sent.pk], now=T0)
    assert report.sent == report.held == []
    assert Message.objects.get(pk=not_due.pk).status == "queued" and Message.objects.get(pk=sent.pk).status == "sent"
    assert not SandboxDelivery.objects.exists()
