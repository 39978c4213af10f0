"""The sandbox provider: used for any channel without credentials. Records the request it would make."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone

from channels_app.providers.base import OutboundMessage, Provider, SendResult
from core.bulk import insert_rows


def _request(message: OutboundMessage) -> dict:
    return {"to": message.to, "content": message.content, "idempotency_key": message.idempotency_key}


def record_requests(messages: list[OutboundMessage]) -> list[str]:
    """Record many requests in one INSERT; returns their provider ids, in order (the delivery batch path)."""
    from channels_app.models import SandboxDelivery

    if connection.vendor == "postgresql":  # one JSON document: no model instance, no parameter per value
        return _record_requests_postgres(SandboxDelivery._meta.db_table, messages)
    records = SandboxDelivery.objects.bulk_create([
        SandboxDelivery(message_id=m.message_id, channel=m.channel, request=_request(m)) for m in messages])
    return [f"sandbox-{record.pk}" for record in records]


def _record_requests_postgres(table: str, messages: list[OutboundMessage]) -> list[str]:
    columns = {"message_id": "bigint", "channel": "text", "request": "jsonb", "created_at": "timestamptz"}
    created_at = timezone.now()  # as auto_now_add would stamp it
    returned = insert_rows(table, columns, [{"message_id": m.message_id, "channel": m.channel, "request": _request(m),
                                             "created_at": created_at} for m in messages], returning="id, message_id")
    # RETURNING promises no order: matched back by message (one record per message in a batch).
    by_message = {message_id: pk for pk, message_id in returned}
    return [f"sandbox-{by_message[m.message_id]}" for m in messages]


class SandboxProvider(Provider):
    name = "sandbox"
    sandbox = True

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message: OutboundMessage) -> SendResult:
        from channels_app.models import SandboxDelivery

        record = SandboxDelivery.objects.create(message_id=message.message_id, channel=self.channel,
                                                request=_request(message))
        return SendResult(provider_id=f"sandbox-{record.pk}", status="sent", detail="recorded by the sandbox")

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        from channels_app.models import SandboxDelivery

        record = SandboxDelivery.objects.filter(message_id=message.message_id).order_by("id").first()
        if record is None:
            return SendResult(status="failed", retryable=True, detail="never recorded; safe to send")
        return SendResult(provider_id=f"sandbox-{record.pk}", status="sent", detail="recorded before the interruption")
