"""Delivery / conversion logs and analytics: a known history built row by row, so every figure
the API reports can be checked against numbers written down in the test.

The runtime fixtures are re-exported for the tests that drive the real engine.
"""
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# Every runtime fixture (runner, clock, templates, the stub broker they need, …) and helper.
from tests.integration.runtime.conftest import *  # noqa: F401,F403
from tests.integration.runtime.conftest import chain, live_journey  # noqa: F401

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)

AB_GRAPH = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
    {"id": "s", "type": "split", "config": {"variants": [{"key": "A", "weight": 50}, {"key": "control", "weight": 50}]},
     "position": {"x": 0, "y": 100}},
    {"id": "ma", "type": "send", "config": {"channel": "sms", "template": "hello-sms"}, "position": {"x": -100, "y": 200}},
    {"id": "mb", "type": "send", "config": {"channel": "email", "template": "hello-email"}, "position": {"x": 100, "y": 200}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 300}},
], "edges": [
    {"source": "t", "target": "s", "port": "next"}, {"source": "s", "target": "ma", "port": "A"},
    {"source": "s", "target": "mb", "port": "control"}, {"source": "ma", "target": "x", "port": "next"},
    {"source": "mb", "target": "x", "port": "next"},
], "settings": {"reentry": "never"}}


class History:
    """What was written, for the assertions."""

    def __init__(self, journey, version, contacts, messages):
        self.journey, self.version, self.contacts, self.messages = journey, version, contacts, messages


@pytest.fixture
def known_history(db):
    """200 contacts through an A/B split.

    - A (100 contacts): SMS; 80 delivered, 10 sent, 5 failed, 5 suppressed ("blacklisted");
      30 convert after 30 minutes.
    - control (100): email; 70 delivered, 20 sent, 10 capped ("cap 1/day");
      40 of the delivered are opened (10 of them twice), 12 clicked; 20 convert after 2 days.
    Node tallies: t 200, s 200, ma 100, mb 100, x 200 entered and 200 exited.
    """
    from channels_app.models import DeliveryEvent, Message
    from journeys.models import Contact, Conversion, Enrollment, Event, NodeTally
    from tests.factories import JourneyFactory

    journey = JourneyFactory(name="A/B welcome")
    version = journey.versions.get()
    version.graph = AB_GRAPH
    version.status = "live"
    version.save()
    journey.status = "live"
    journey.save()
    contacts = Contact.objects.bulk_create(
        [Contact(user_id=f"ab-{i:03d}", email=f"ab{i}@example.com", phone=f"+1555000{i:04d}",
                 traits={"email": f"ab{i}@example.com"}) for i in range(200)])
    enrollments = Enrollment.objects.bulk_create([Enrollment(
        journey=journey, version=version, contact=c, state="completed", current_node="x",
        variants={"s": "A" if i < 100 else "control"}, entered_at=T0 + timedelta(seconds=i),
        exited_at=T0 + timedelta(seconds=i, minutes=1),
        path=[["t", T0.isoformat()], ["s", T0.isoformat()], ["ma" if i < 100 else "mb", T0.isoformat()],
              ["x", T0.isoformat()]]) for i, c in enumerate(contacts)])
    statuses_a = ["delivered"] * 80 + ["sent"] * 10 + ["failed"] * 5 + ["suppressed"] * 5
    statuses_b = ["delivered"] * 70 + ["sent"] * 20 + ["capped"] * 10
    rows = []
    for i, (contact, enrollment) in enumerate(zip(contacts, enrollments)):
        a = i < 100
        status = statuses_a[i] if a else statuses_b[i - 100]
        reason = {"suppressed": "blacklisted", "capped": "cap 1/day"}.get(status, "")
        rows.append(Message(
            enrollment=enrollment, journey=journey, version=version, node="ma" if a else "mb", contact=contact,
            channel="sms" if a else "email", template="hello-sms" if a else "hello-email",
            address=contact.phone if a else contact.email, status=status, reason=reason,
            provider="sandbox" if reason == "" else "", provider_id=f"prov-{i:03d}" if not reason else "",
            created_at=T0 + timedelta(seconds=i, milliseconds=500), content={"to": contact.phone if a else contact.email}))
    messages = Message.objects.bulk_create(rows)
    events = []
    email_delivered = [m for m in messages if m.channel == "email" and m.status == "delivered"]
    for n, m in enumerate(email_delivered[:40]):
        events.append(DeliveryEvent(message=m, kind="open", occurred_at=T0 + timedelta(hours=1)))
        if n < 10:
            events.append(DeliveryEvent(message=m, kind="open", occurred_at=T0 + timedelta(hours=2)))
        if n < 12:
            events.append(DeliveryEvent(message=m, kind="click", occurred_at=T0 + timedelta(hours=3)))
    for m in messages:
        if m.status in ("sent", "delivered"):
            events.append(DeliveryEvent(message=m, kind="sent", occurred_at=m.created_at + timedelta(seconds=1)))
    DeliveryEvent.objects.bulk_create(events)
    converted = list(range(30)) + list(range(100, 120))
    for i in converted:
        seconds = 1800.0 if i < 100 else 2 * 86400.0
        event = Event.objects.create(contact=contacts[i], name="purchased", properties={"total": 10 + i},
                                     timestamp=T0 + timedelta(seconds=seconds))
        Conversion.objects.create(enrollment=enrollments[i], journey=journey, version=version, contact=contacts[i],
                                  event=event, event_name="purchased", variants=enrollments[i].variants,
                                  message=messages[i], seconds_to_convert=seconds,
                                  converted_at=T0 + timedelta(seconds=seconds))
    for node, entered, exited in (("t", 200, 0), ("s", 200, 0), ("ma", 100, 0), ("mb", 100, 0), ("x", 200, 200)):
        NodeTally.objects.create(version=version, node=node, entered=entered, exited=exited)
    return History(journey, version, contacts, messages)


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def viewer_api(db):
    from tests.factories import UserFactory

    user = UserFactory(username="viewer-1")
    user.groups.add(Group.objects.get_or_create(name="viewer")[0])
    return client_for(user)
