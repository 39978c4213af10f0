"""In-app channel: per-contact tokens, the inbox API, and the /ws/inapp/ websocket (live push, mark-as-read).

Websocket tests run the consumer with channels' WebsocketCommunicator on whatever
channel layer the settings give (in-memory locally, Redis in CI), on a
transactional database because the consumer reads from its own thread.
"""
import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from channels_app import inapp
from channels_app.services.delivery import deliver_messages
from channels_app.models import DeliveryEvent, Message
from channels_app.routing import websocket_urlpatterns
from tests.factories import ContactFactory, MessageFactory

WAIT = 5  # seconds; generous for a loaded CI machine

app = URLRouter(websocket_urlpatterns)


@pytest.fixture
def ada(db):
    return ContactFactory(user_id="ada", traits={"first_name": "Ada"})


def inapp_message(contact, **kwargs):
    return MessageFactory(contact=contact, channel="inapp", **kwargs)


# --- HTTP ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_token_is_issued_for_a_known_contact(api, ada):
    response = api.post("/api/v1/contacts/ada/inapp-token")
    assert response.status_code == 201
    body = response.json()
    assert body["userId"] == "ada" and body["websocket"] == f"/ws/inapp/?token={body['token']}"
    assert inapp.user_id_from_token(body["token"]) == "ada"
    assert api.post("/api/v1/contacts/ghost/inapp-token").status_code == 404


@pytest.mark.django_db
def test_issuing_a_token_needs_an_api_key(anonymous_api, ada):
    assert anonymous_api.post("/api/v1/contacts/ada/inapp-token").status_code in (401, 403)


@pytest.mark.django_db
def test_the_inbox_lists_unread_messages_newest_first(api, ada):
    old = inapp_message(ada, status="delivered", content={"title": "Old", "body": "b", "link": ""})
    new = inapp_message(ada, status="sent", content={"title": "New", "body": "b", "link": "https://x.example.com"})
    inapp_message(ada, status="sent", content={"title": "Read"}, read_at="2026-06-01T12:00:00Z")
    inapp_message(ada, status="queued")  # not handed over yet
    MessageFactory(contact=ada, channel="sms", status="sent")
    results = api.get("/api/v1/contacts/ada/inapp").json()["results"]
    assert [r["id"] for r in results] == [new.pk, old.pk]
    assert results[0] | {"created_at": ""} == {"id": new.pk, "title": "New", "body": "b", "link": "https://x.example.com",
                                               "created_at": "", "read": False}


@pytest.mark.django_db
def test_the_inbox_accepts_the_contacts_own_token_and_nobody_elses(anonymous_api, ada):
    ContactFactory(user_id="bob")
    inapp_message(ada, status="sent", content={"title": "Hi"})
    own = inapp.issue_token("ada").token
    assert anonymous_api.get(f"/api/v1/contacts/ada/inapp?token={own}").status_code == 200
    assert anonymous_api.get("/api/v1/contacts/ada/inapp", HTTP_X_INAPP_TOKEN=own).status_code == 200
    bobs = inapp.issue_token("bob").token
    assert anonymous_api.get(f"/api/v1/contacts/ada/inapp?token={bobs}").status_code in (401, 403)
    assert anonymous_api.get("/api/v1/contacts/ada/inapp?token=forged").status_code in (401, 403)
    assert anonymous_api.get("/api/v1/contacts/ada/inapp").status_code in (401, 403)


@pytest.mark.django_db
def test_mark_read_over_http_only_touches_the_contacts_own_messages(api, ada):
    mine = inapp_message(ada, status="sent", content={"title": "Hi"})
    theirs = inapp_message(ContactFactory(user_id="bob"), status="sent", content={"title": "Hi"})
    response = api.post("/api/v1/contacts/ada/inapp/read", {"ids": [mine.pk, theirs.pk]}, format="json")
    assert response.json() == {"ids": [mine.pk]}
    assert api.post("/api/v1/contacts/ada/inapp/read", {"ids": [mine.pk]}, format="json").json() == {"ids": []}
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.read_at is not None and mine.status == "delivered" and theirs.read_at is None
    assert DeliveryEvent.objects.filter(message=mine, kind="read").count() == 1
    bad = api.post("/api/v1/contacts/ada/inapp/read", {"ids": ["x"]}, format="json")
    assert bad.status_code == 400 and "ids" in bad.json()


# --- websocket -------------------------------------------------------------------------------------

def run(scenario):
    async_to_sync(scenario)()


def connect(token: str, application=app, headers=None):
    return WebsocketCommunicator(application, f"/ws/inapp/?token={token}", headers=headers or [])


@pytest.mark.django_db(transaction=True)
def test_a_forged_or_expired_token_is_closed_with_4401(ada, channel_layer, settings):
    async def scenario():
        for token in ("forged", ""):
            communicator = connect(token)
            connected, _ = await communicator.connect(timeout=WAIT)
            assert connected
            assert await communicator.receive_output(timeout=WAIT) == {"type": "websocket.close", "code": 4401}
            await communicator.wait()

    run(scenario)
    token = inapp.issue_token("ada").token
    settings.INAPP_TOKEN_MAX_AGE = -1

    async def expired():
        communicator = connect(token)
        await communicator.connect(timeout=WAIT)
        assert (await communicator.receive_output(timeout=WAIT))["code"] == 4401

    run(expired)


@pytest.mark.django_db(transaction=True)
def test_on_connect_the_unread_inbox_arrives_and_counts_as_delivered(ada, channel_layer):
    waiting = inapp_message(ada, status="sent", content={"title": "While you were away", "body": "b", "link": ""})

    async def scenario():
        communicator = connect(inapp.issue_token("ada").token)
        assert (await communicator.connect(timeout=WAIT))[0]
        frame = await communicator.receive_json_from(timeout=WAIT)
        assert frame["type"] == "inbox" and [m["title"] for m in frame["messages"]] == ["While you were away"]
        await communicator.disconnect()

    run(scenario)
    waiting.refresh_from_db()
    assert waiting.status == "delivered"
    assert DeliveryEvent.objects.filter(message=waiting, kind="delivered").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_message_is_pushed_live_and_read_over_the_socket(ada, channel_layer):
    message = inapp_message(ada)  # queued by the runtime; delivery renders "Hello {{ first_name }}"
    other = ContactFactory(user_id="bob")

    async def scenario():
        ada_socket = connect(inapp.issue_token("ada").token)
        bob_socket = connect(inapp.issue_token("bob").token)
        await ada_socket.connect(timeout=WAIT)
        await bob_socket.connect(timeout=WAIT)
        assert (await ada_socket.receive_json_from(timeout=WAIT))["messages"] == []
        assert (await bob_socket.receive_json_from(timeout=WAIT))["messages"] == []
        # when the deliver actor hands the message over
        report = await database_sync_to_async(deliver_messages)([message.pk])
        assert report.sent == [message.pk]
        # then Ada's page gets it, without asking
        frame = await ada_socket.receive_json_from(timeout=WAIT)
        assert frame["type"] == "message"
        assert frame["message"] | {"created_at": ""} == {
            "id": message.pk, "title": "Hello Ada", "body": "You have a new offer", "link": "https://example.com/offer",
            "created_at": "", "read": False}
        assert await bob_socket.receive_nothing(timeout=0.3)
        # and marking it read is acknowledged
        await ada_socket.send_json_to({"type": "read", "ids": [message.pk]})
        assert await ada_socket.receive_json_from(timeout=WAIT) == {"type": "read", "ids": [message.pk]}
        await ada_socket.send_json_to({"type": "ping"})
        assert await ada_socket.receive_json_from(timeout=WAIT) == {"type": "pong"}
        await ada_socket.send_json_to({"type": "read", "ids": "all"})
        assert (await ada_socket.receive_json_from(timeout=WAIT))["field"] == "ids"
        await ada_socket.disconnect()
        await bob_socket.disconnect()

    run(scenario)
    message.refresh_from_db()
    assert (message.status, message.read_at is not None) == ("delivered", True)
    assert sorted(message.events.values_list("kind", flat=True)) == ["delivered", "read", "sent"]
    assert not Message.objects.filter(contact=other).exists()


@pytest.mark.django_db(transaction=True)
def test_the_socket_is_mounted_in_the_asgi_application(ada, channel_layer):
    from journeys.asgi import application

    async def scenario():
        communicator = connect(inapp.issue_token("ada").token, application=application,
                               headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")])
        assert (await communicator.connect(timeout=WAIT))[0]
        assert (await communicator.receive_json_from(timeout=WAIT))["type"] == "inbox"
        await communicator.disconnect()

    run(scenario)


@pytest.mark.django_db(transaction=True)
def test_a_message_delivered_while_nobody_is_connected_waits_in_the_inbox(ada, channel_layer, api):
    message = inapp_message(ada)
    assert deliver_messages([message.pk]).sent == [message.pk]
    message.refresh_from_db()
    assert message.status == "sent"
    assert [m["id"] for m in api.get("/api/v1/contacts/ada/inapp").json()["results"]] == [message.pk]


@pytest.mark.django_db
def test_a_broken_channel_layer_still_leaves_the_message_in_the_inbox(ada, monkeypatch, api):
    import channels_app.providers.inapp as provider_module

    class DownLayer:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(provider_module, "get_channel_layer", lambda: DownLayer())
    message = inapp_message(ada)
    assert deliver_messages([message.pk]).sent == [message.pk]
    message.refresh_from_db()
    assert message.status == "sent" and "live push failed" in message.reason
    assert [m["id"] for m in api.get("/api/v1/contacts/ada/inapp").json()["results"]] == [message.pk]
