"""The contract between the delivery service and a provider. Only provider modules touch SDKs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class OutboundMessage:
    """Everything a provider needs, no ORM objects: rendered content and where it goes."""

    message_id: int
    channel: str
    to: str  # phone number, email address, webhook URL or userId (in-app)
    content: dict  # sms: body; email: subject, text, html; webhook: url, body; inapp: title, body, link
    user_id: str = ""
    idempotency_key: str = ""  # stable per message: a retry carries the same key
    status_callback_url: str = ""
    headers: dict = field(default_factory=dict)
    webhook_secret: str = ""  # webhook: the endpoint's HMAC key
    unsubscribe_url: str = ""  # email: the signed one-click link (List-Unsubscribe)
    attempt: int = 1  # 1 on the first try
    # When the previous attempt began, if it may have reached the provider (timeout, crash):
    # `reconcile` looks for an acceptance made after it.
    previous_attempt_at: datetime | None = None


@dataclass(frozen=True)
class SendResult:
    provider_id: str = ""
    status: str = "sent"  # sent | failed
    error_code: str = ""
    retryable: bool = False  # transient: timeouts, 429, 5xx — try again later
    detail: str = ""
    retry_after: float | None = None  # seconds, when the provider said
    suppress_reason: str = ""  # permanent opt-out / invalid address: add a Suppression
    final_status: str = ""  # "delivered" when acceptance is already delivery (webhook 2xx, in-app push)
    response_code: int | None = None  # the HTTP status the provider answered with, for the log

    @property
    def accepted(self) -> bool:
        return self.status == "sent"


class Provider:
    """One per channel integration.

    `send` hands the message over and answers; the delivery service records the answer.
    Only the sandbox writes to our database in `send`: its SandboxDelivery row is the
    delivery it stands in for. The delivery service calls any other provider's `send`
    outside a transaction, so that a slow network call holds no locks.
    """

    name = "base"
    sandbox = False

    def send(self, message: OutboundMessage) -> SendResult:
        raise NotImplementedError

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        """After a crash mid-send: did the provider accept this message? None: cannot tell.

        Providers without idempotency keys cannot tell, and the message is then not
        retried (a duplicate SMS is worse than a missing one).
        """
        return None
