"""The sandbox provider: used for any channel without credentials. Records the request it would make."""
from __future__ import annotations

from channels_app.providers.base import OutboundMessage, Provider, SendResult


class SandboxProvider(Provider):
    name = "sandbox"
    sandbox = True

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message: OutboundMessage) -> SendResult:
        from channels_app.models import SandboxDelivery

        request = {"to": message.to, "content": message.content, "idempotency_key": message.idempotency_key}
        record = SandboxDelivery.objects.create(message_id=message.message_id, channel=self.channel, request=request)
        return SendResult(provider_id=f"sandbox-{record.pk}", status="sent", detail="recorded by the sandbox")

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        from channels_app.models import SandboxDelivery

        record = SandboxDelivery.objects.filter(message_id=message.message_id).order_by("id").first()
        if record is None:
            return SendResult(status="failed", retryable=True, detail="never recorded; safe to send")
        return SendResult(provider_id=f"sandbox-{record.pk}", status="sent", detail="recorded before the interruption")
