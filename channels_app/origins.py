"""Which web origins may use the in-app channel: INAPP_ALLOWED_ORIGINS (comma list, `*` for any).

The contact's signed token is the credential, so the in-app channel is open beyond our
own pages: to the customers' sites listed here (websocket and CORS), and to native apps,
which send no Origin at all (the consumer then accepts only a valid token). A page on
any other origin cannot open the socket, even holding a token it got hold of.
The staff sockets keep Channels' AllowedHostsOriginValidator (journeys/asgi.py).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host

ANY = "*"
DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


def _normal(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def cross_origin_allowed(origin: str) -> bool:
    """A customer's origin listed in INAPP_ALLOWED_ORIGINS (or any, with `*`)."""
    allowed = {_normal(o) for o in getattr(settings, "INAPP_ALLOWED_ORIGINS", [])}
    return ANY in allowed or _normal(origin) in allowed


def is_own_origin(origin: str) -> bool:
    """One of our own pages (the in-app demo page): the origin's host is one of ALLOWED_HOSTS."""
    try:
        host = urlsplit(origin.strip()).hostname
    except ValueError:
        return False
    if not host:
        return False
    if ":" in host:
        host = f"[{host}]"  # IPv6, as ALLOWED_HOSTS spells it
    allowed = settings.ALLOWED_HOSTS or (DEBUG_HOSTS if settings.DEBUG else [])
    return validate_host(host, allowed)


def websocket_origin_allowed(origin: str | None) -> bool:
    if origin is None:
        return True  # a native app: the token decides
    return is_own_origin(origin) or cross_origin_allowed(origin)


def origin_header(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            return value.decode("latin-1")
    return None


class InAppOriginValidator:
    """ASGI middleware around the in-app consumer: refuses the handshake from an origin not allowed."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not websocket_origin_allowed(origin_header(scope)):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
