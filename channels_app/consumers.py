"""The in-app inbox websocket: /ws/inapp/?token=<signed per-contact token>.

Frames from us: {"type": "inbox", "messages": [...]} once on connect (unread ones),
{"type": "message", "message": {...}} for each new one, {"type": "read", "ids": [...]}
acknowledging a mark-as-read. Frames from the browser: {"type": "read", "ids": [...]}
(or "id": n), {"type": "ping"}. A bad or expired token: accepted then closed with
4401, so that the browser sees why (a refused handshake only says "failed").
"""
from __future__ import annotations

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from channels_app import inapp, selectors
from channels_app.services import inapp as inbox

CLOSE_UNAUTHORIZED = 4401
CLOSE_UNKNOWN_CONTACT = 4404
MAX_READ_IDS = 500


def _open_inbox(contact_id: int) -> list[dict]:
    messages = selectors.unread_messages(contact_id)
    inbox.mark_delivered(contact_id, [m.pk for m in messages])
    return [inapp.message_payload(m) for m in messages]


class InAppConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None
    contact_id: int | None = None

    async def connect(self):
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        user_id = inapp.user_id_from_token((query.get("token") or [""])[0])
        await self.accept()
        if user_id is None:
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        self.contact_id = await database_sync_to_async(selectors.contact_id_by_user_id)(user_id)
        if self.contact_id is None:
            await self.close(code=CLOSE_UNKNOWN_CONTACT)
            return
        # Join before reading the inbox: a message sent in between arrives twice at worst
        # (the page keys by id), never not at all.
        self.group = inapp.group_name(user_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        messages = await database_sync_to_async(_open_inbox)(self.contact_id)
        await self.send_json({"type": "inbox", "messages": messages})

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if self.contact_id is None:
            return
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "read":
            ids = content.get("ids", [content.get("id")] if "id" in content else [])
            if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                await self.send_json({"type": "error", "detail": "ids must be a list of message ids", "field": "ids"})
                return
            changed = await database_sync_to_async(inbox.mark_read)(self.contact_id, ids[:MAX_READ_IDS])
            await self.send_json({"type": "read", "ids": changed})
        else:
            await self.send_json({"type": "error", "detail": "unknown frame type", "field": "type"})

    async def inapp_message(self, event):
        """A new message for this contact, from InAppProvider through the channel layer."""
        if self.contact_id is None:
            return
        await self.send_json({"type": "message", "message": event["message"]})
        await database_sync_to_async(inbox.mark_delivered)(self.contact_id, [event["message"]["id"]])
