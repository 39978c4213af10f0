"""The signed one-click unsubscribe link of every email, and what following it does."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction

from channels_app.models import Channel, Message, Suppression
from channels_app.services.events import record_event
from channels_app.services.suppressions import suppress_address

UNSUBSCRIBE_SALT = "channels_app.unsubscribe"


def unsubscribe_token(message: Message) -> str:
    # No expiry: a link in a years-old email must still work (and RFC 8058 expects it to).
    return signing.dumps({"m": message.pk, "c": message.channel, "a": message.address},
                         salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(message: Message) -> str:
    return f"{settings.PUBLIC_BASE_URL}/unsubscribe/{unsubscribe_token(message)}"


@dataclass(frozen=True)
class UnsubscribeTarget:
    message_id: int | None
    channel: str
    address: str


def read_unsubscribe_token(token: str) -> UnsubscribeTarget | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not data.get("a") or data.get("c") not in Channel.values:
        return None
    return UnsubscribeTarget(message_id=data.get("m"), channel=data["c"], address=data["a"])


def unsubscribe(target: UnsubscribeTarget) -> tuple[Suppression, bool]:
    with transaction.atomic():
        suppression, created = suppress_address(target.channel, target.address,
                                                f"unsubscribed via link (message {target.message_id})")
        if created and target.message_id:
            record_event(target.message_id, "unsubscribe", {"via": "link"},
                         provider_event_id=f"link:{target.message_id}:unsubscribe")
    return suppression, created
