"""`/ws/journeys/<id>/analytics/`: the stats payload, pushed on a tick, at most one frame per tick."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from journeys.consumers import admission
from journeys.consumers import live as consumers
from journeys.services.advancing import notify_journey_activity

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fast_tick(monkeypatch):
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.2)
    monkeypatch.setattr(consumers, "REFRESH_EVERY_TICKS", 1000)  # only notices trigger recounts here


def cookie_for_user():
    from tests.factories import UserFactory, with_roles

    client = Client()
    client.force_login(with_roles(UserFactory(), "viewer"))  # every role reads; a user in no role is refused
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def communicator(journey_id, cookie):
    from journeys.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/journeys/{journey_id}/analytics/", headers=headers)


def add_sends(history, n):
    from channels_app.models import Message

    Message.objects.bulk_create([Message(journey=history.journey, version=history.version, node="ma",
                                         contact=history.contacts[i], channel="sms", template="hello-sms",
                                         status="delivered") for i in range(n)])


def test_a_burst_of_activity_is_one_frame_on_the_next_tick(known_history, fast_tick):
    cookie = cookie_for_user()

    async def scenario():
        ws = communicator(known_history.journey.pk, cookie)
        connected, _ = await ws.connect()
        assert connected
        first = await ws.receive_json_from(timeout=5)
        assert first["type"] == "stats" and first["sends"]["total"] == 200

        # when 20 batches commit within one tick, each notifying
        await sync_to_async(add_sends)(known_history, 20)
        for _ in range(20):
            await sync_to_async(notify_journey_activity)(known_history.journey.pk)

        # then one frame arrives with the new totals, and nothing more
        frame = await ws.receive_json_from(timeout=3)
        assert frame["sends"]["total"] == 220
        assert frame["rates"]["delivered"] == 170
        assert await ws.receive_nothing(timeout=0.6)
        await ws.disconnect()

    async_to_sync(scenario)()


def test_without_a_notice_the_periodic_refresh_catches_changes(known_history, monkeypatch):
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.1)
    monkeypatch.setattr(consumers, "REFRESH_EVERY_TICKS", 3)
    cookie = cookie_for_user()

    async def scenario():
        ws = communicator(known_history.journey.pk, cookie)
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        await sync_to_async(add_sends)(known_history, 3)  # e.g. a delivery callback in another process
        frame = await ws.receive_json_from(timeout=3)
        assert frame["sends"]["total"] == 203
        await ws.disconnect()

    async_to_sync(scenario)()


def test_anonymous_viewers_are_refused(known_history):
    async def scenario():
        ws = communicator(known_history.journey.pk, None)
        connected, code = await ws.connect()
        return connected, code

    assert async_to_sync(scenario)() == (False, admission.CLOSE_UNAUTHENTICATED)
