"""Every websocket route × every kind of caller (design section 8): journeys' consumers check the roles
table of core.permissions at connect; the in-app socket takes the contact's own token, never a session."""
from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client

from tests.factories import UserFactory, with_roles
from tests.integration.approvals.conftest import journey_in
from tests.integration.test_permission_matrix_full import (ADMIN, ANON, APPROVER, EVERY_ROLE, MARKETER, NOBODY, VIEWER,
                                                           _route)

WEBSOCKETS = {  # route -> callers that connect (the others: anonymous 4401, the rest 4403)
    "ws/journeys/<journey_id>/live/": EVERY_ROLE,
    "ws/journeys/<journey_id>/analytics/": EVERY_ROLE,
    "ws/approvals/": EVERY_ROLE,
    "ws/alerts/": EVERY_ROLE,
}
CONTACT_TOKEN_SOCKETS = {"ws/inapp/"}  # a user's session is no credential there: the contact's token is


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a user per caller


def test_every_websocket_route_has_a_row():
    from channels_app.routing import websocket_urlpatterns as inapp_routes
    from journeys.routing import websocket_urlpatterns as journey_routes

    routes = {_route(str(entry.pattern)) for entry in [*journey_routes, *inapp_routes]}
    assert routes == set(WEBSOCKETS) | CONTACT_TOKEN_SOCKETS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKETS))
def test_websocket_by_caller(route):
    from journeys.asgi import application
    from journeys.consumers.admission import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED

    journey = journey_in("live")
    path = "/" + route.replace("<journey_id>", str(journey.pk))

    def cookie(caller) -> list:
        if caller == ANON:
            return []
        user = UserFactory(username=f"ws-{caller}")
        if caller != NOBODY:
            with_roles(user, caller)
        client = Client()
        client.force_login(user)
        return [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]

    async def connect(headers):
        ws = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://testserver"),
                                                               (b"host", b"testserver"), *headers])
        connected, code = await ws.connect()
        await ws.disconnect()
        return connected, code

    for caller in (ANON, NOBODY, VIEWER, MARKETER, APPROVER, ADMIN):
        connected, code = async_to_sync(connect)(cookie(caller))
        if caller in WEBSOCKETS[route]:
            assert connected, (caller, route, code)
        else:
            assert (connected, code) == (False, CLOSE_UNAUTHENTICATED if caller == ANON else CLOSE_FORBIDDEN), caller


@pytest.mark.django_db(transaction=True)
def test_the_inapp_socket_takes_a_contact_token_not_a_session():
    from channels_app import inapp
    from channels_app.consumers import CLOSE_UNAUTHORIZED
    from journeys.asgi import application
    from tests.factories import ContactFactory

    ContactFactory(user_id="ws-ada")
    client = Client()
    client.force_login(with_roles(UserFactory(username="ws-admin"), ADMIN))
    session = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())

    async def first_frame(path, headers):
        ws = WebsocketCommunicator(application, path, headers=[(b"host", b"testserver"), *headers])
        connected, _ = await ws.connect()
        output = await ws.receive_output(timeout=5)
        await ws.disconnect()
        return connected, output

    # given an admin's session but no token: accepted, then closed as unauthorised
    _, refused = async_to_sync(first_frame)("/ws/inapp/", [session])
    assert refused == {"type": "websocket.close", "code": CLOSE_UNAUTHORIZED}
    # and the contact's token alone: the inbox arrives
    token = inapp.issue_token("ws-ada").token
    connected, inbox = async_to_sync(first_frame)(f"/ws/inapp/?token={token}", [])
    assert connected and '"inbox"' in inbox.get("text", "")
