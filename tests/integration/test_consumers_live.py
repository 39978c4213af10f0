"""The live-counts websocket: per journey group, counts pushed on a tick, never per event."""
import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import SESSION_KEY  # noqa: F401  (documents what the cookie carries)
from django.test import Client

from core import live
from journeys.consumers import admission
from journeys.consumers import live as consumers
from journeys.models import Journey, JourneyVersion, NodeTally
from journeys.services.advancing import notify_journey_activity
from tests.factories import JourneyFactory, UserFactory, with_roles

pytestmark = pytest.mark.django_db(transaction=True)

GRAPH = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "e"}, "position": {"x": 0, "y": 0}},
    {"id": "w", "type": "wait", "config": {"seconds": 60}, "position": {"x": 0, "y": 100}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 200}},
], "edges": [{"source": "t", "target": "w", "port": "next"}, {"source": "w", "target": "x", "port": "next"}], "settings": {}}


@pytest.fixture
def fast_tick(monkeypatch):
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(consumers, "REFRESH_EVERY_TICKS", 1000)  # only notices trigger recounts here


@pytest.fixture
def live_journey():
    journey = JourneyFactory()
    JourneyVersion.objects.filter(journey=journey).update(graph=GRAPH, status="live")
    Journey.objects.filter(pk=journey.pk).update(status="live")
    return journey


def session_cookie() -> bytes:
    client = Client()
    client.force_login(with_roles(UserFactory(), "viewer"))  # every role reads; a user in no role is refused
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def communicator(journey_id: int, cookie: bytes | None) -> WebsocketCommunicator:
    from journeys.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/journeys/{journey_id}/live/", headers=headers)


def test_anonymous_viewers_are_refused(live_journey):
    async def scenario():
        ws = communicator(live_journey.pk, None)
        connected, code = await ws.connect()
        await ws.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, admission.CLOSE_UNAUTHENTICATED)


def test_an_unknown_journey_is_refused():
    cookie = session_cookie()

    async def scenario():
        ws = communicator(987654, cookie)
        connected, code = await ws.connect()
        await ws.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, consumers.CLOSE_NOT_FOUND)


def test_counts_arrive_on_connect_and_after_activity_once_per_tick(live_journey, fast_tick):
    cookie = session_cookie()
    version = live_journey.versions.get()

    async def scenario():
        ws = communicator(live_journey.pk, cookie)
        connected, _ = await ws.connect()
        assert connected
        # given the first message: zeros for every node of the live version
        first = await ws.receive_json_from(timeout=2)

        # when contacts move and the runtime sends many notices within one tick
        from channels.db import database_sync_to_async

        await database_sync_to_async(NodeTally.objects.create)(version=version, node="t", entered=3, exited=0)
        await database_sync_to_async(NodeTally.objects.create)(version=version, node="x", entered=2, exited=2)
        layer = get_channel_layer()
        for _ in range(50):
            await layer.group_send(consumers.journey_group(live_journey.pk), {"type": "journey.activity"})

        # then one message carries the new counts, and no burst follows
        second = await ws.receive_json_from(timeout=2)
        await asyncio.sleep(0.3)
        quiet = await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()
        return first, second, quiet

    first, second, quiet = async_to_sync(scenario)()
    assert first["type"] == "counts" and first["version"] == 1
    assert first["counts"] == {n: {"entered": 0, "waiting": 0, "exited": 0, "sent": 0} for n in ("t", "w", "x")}
    assert second["counts"]["t"]["entered"] == 3
    assert second["counts"]["x"] == {"entered": 2, "waiting": 0, "exited": 2, "sent": 0}
    assert quiet is True


def test_viewers_recount_without_notices_too(live_journey, monkeypatch):
    # A notice can be lost (another process, a restart): the periodic recount catches up.
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(consumers, "REFRESH_EVERY_TICKS", 2)
    cookie = session_cookie()
    version = live_journey.versions.get()

    async def scenario():
        ws = communicator(live_journey.pk, cookie)
        await ws.connect()
        await ws.receive_json_from(timeout=2)
        from channels.db import database_sync_to_async

        await database_sync_to_async(NodeTally.objects.create)(version=version, node="w", entered=1, exited=0)
        message = await ws.receive_json_from(timeout=2)
        await ws.disconnect()
        return message

    assert async_to_sync(scenario)()["counts"]["w"]["entered"] == 1


def test_notify_journey_activity_sends_only_after_commit(live_journey, monkeypatch):
    sent = []

    class Layer:
        async def group_send(self, group, message):
            sent.append((group, message))

    monkeypatch.setattr(live, "get_channel_layer", lambda: Layer())
    from django.db import transaction

    with transaction.atomic():
        notify_journey_activity(live_journey.pk)
        assert sent == []
    assert sent == [(f"journey-{live_journey.pk}", {"type": "journey.activity"})]
