"""A workspace with something on the calendar: broadcasts, a launched journey, waits coming due."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from broadcasts.models import Broadcast
from journeys.models import Enrollment, Journey, JourneyVersion, Launch
from tests.factories import ContactFactory, MessageFactory

# trigger → wait → send sms → wait_event (timeout → email, event → exit); a branch to sms or webhook.
GRAPH = {"schema": 1, "settings": {}, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}},
    {"id": "w1", "type": "wait", "config": {"seconds": 3600}},
    {"id": "s1", "type": "send", "config": {"channel": "sms", "template": "hello-sms"}},
    {"id": "we", "type": "wait_event", "config": {"event": "order_completed", "timeout_seconds": 86400}},
    {"id": "s2", "type": "send", "config": {"channel": "email", "template": "hello-email"}},
    {"id": "w2", "type": "wait", "config": {"seconds": 60}},
    {"id": "b", "type": "branch", "config": {"condition": {"attr": "vip", "op": "exists"}}},
    {"id": "s3", "type": "send", "config": {"channel": "webhook", "template": "crm-hook"}},
    {"id": "x", "type": "exit", "config": {}},
], "edges": [
    {"source": "t", "target": "w1", "port": "next"}, {"source": "w1", "target": "s1", "port": "next"},
    {"source": "s1", "target": "we", "port": "next"}, {"source": "we", "target": "s2", "port": "timeout"},
    {"source": "we", "target": "x", "port": "event"}, {"source": "s2", "target": "w2", "port": "next"},
    {"source": "w2", "target": "b", "port": "next"}, {"source": "b", "target": "s1", "port": "yes"},
    {"source": "b", "target": "s3", "port": "no"}, {"source": "s3", "target": "x", "port": "next"},
]}


def utc(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=timezone.utc)


def live_journey(name: str, graph: dict = GRAPH, status: str = "live") -> tuple[Journey, JourneyVersion]:
    journey = Journey.objects.create(name=name, status=status)
    version = JourneyVersion.objects.create(journey=journey, number=1, status=status, graph=graph)
    return journey, version


def waiting(version: JourneyVersion, node: str, port: str, wake_at: datetime, n: int = 1, **extra) -> None:
    for _ in range(n):
        Enrollment.objects.create(journey=version.journey, version=version, contact=ContactFactory(), state="waiting",
                                  current_node=node, resume_port=port, wake_at=wake_at, entered_at=utc(1), **extra)


@pytest.fixture
def calendar_world(db):
    """June 2026 (UTC days): what each kind of entry should show, and the rows that must stay off it."""
    # broadcasts: one by send_at late on the 10th, one sent at publish on the 11th (3 messages so far)
    planned = Broadcast.objects.create(name="Summer sale", segment="vip", channel="sms", template="sale-sms",
                                       status="scheduled", send_at=utc(10, 23, 30), audience_size=120)
    journey_of_sent, version_of_sent = live_journey("broadcast carrier", status="live")
    sent_now = Broadcast.objects.create(name="Flash news", segment="all", channel="email", template="news",
                                        status="sending", published_at=utc(11, 1), journey=journey_of_sent)
    for _ in range(3):
        MessageFactory(journey=journey_of_sent)
    Broadcast.objects.create(name="Called off", segment="vip", channel="sms", template="sale-sms",
                             status="cancelled", send_at=utc(10))
    waiting(version_of_sent, "w1", "next", utc(15))  # a broadcast's own journey: shown as the broadcast only

    # a journey published on the 12th and launched on the same day to 40 contacts
    welcome, version = live_journey("Welcome")
    JourneyVersion.objects.filter(pk=version.pk).update(published_at=utc(12, 9))
    launch = Launch.objects.create(journey=welcome, version=version, enrolled=40, total=500)
    Launch.objects.filter(pk=launch.pk).update(created_at=utc(12, 10))

    # waits: 3 due on the 15th heading to sms, 2 timeouts heading to email the same day, 1 after the branch
    waiting(version, "w1", "next", utc(15, 8), n=3)
    waiting(version, "we", "timeout", utc(15, 23, 59), n=2)
    waiting(version, "w2", "next", utc(16, 0, 0))
    waiting(version, "w1", "next", utc(15), is_test=True)  # a test send: not on the calendar
    paused, paused_version = live_journey("Paused one", status="paused")
    waiting(paused_version, "w1", "next", utc(15))  # a paused journey's waits do not come due
    waiting(version, "w1", "next", utc(30, 23, 59))  # outside a range ending on the 20th
    return {"planned": planned, "sent_now": sent_now, "welcome": welcome}
