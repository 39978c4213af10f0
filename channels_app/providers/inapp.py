"""In-app channel: the message row is the inbox; this provider pushes it to the contact's open sockets.

Nobody may be connected: the message then waits in the inbox (GET
/api/v1/contacts/{userId}/inapp, or the socket's first frame on connect). Pushing
twice is harmless (browsers key messages by id), so a retry is always safe.
"""
from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from channels_app.inapp import group_name
from channels_app.providers.base import OutboundMessage, Provider, SendResult
from channels_app.templating.links import safe_link
from core import clock

log = logging.getLogger(__name__)
EVENT_TYPE = "inapp.message"  # handled by InAppConsumer.inapp_message


class InAppProvider(Provider):
    name = "inapp"

    def send(self, message: OutboundMessage) -> SendResult:
        content = message.content or {}
        if not (content.get("title") or content.get("body")):
            return SendResult(status="failed", error_code="empty_content", detail="the in-app message rendered empty")
        detail = "in the inbox"
        layer = get_channel_layer()
        if layer is not None and message.user_id:
            payload = {"id": message.message_id, "title": content.get("title", ""), "body": content.get("body", ""),
                       "link": safe_link(content.get("link", "")), "created_at": clock.now().isoformat(), "read": False}
            try:
                async_to_sync(layer.group_send)(group_name(message.user_id), {"type": EVENT_TYPE, "message": payload})
            except Exception as exc:  # noqa: BLE001 — the inbox is the database; the live push is a courtesy
                log.warning("in-app push for message %s failed: %s", message.message_id, exc)
                detail = f"in the inbox; live push failed ({type(exc).__name__}), shown on the next connect"
        return SendResult(provider_id=f"inapp-{message.message_id}", status="sent", detail=detail)

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        return SendResult(status="failed", retryable=True, error_code="in_doubt",
                          detail="pushing an in-app message again is harmless")
