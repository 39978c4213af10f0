"""The signed one-click unsubscribe link of every email, and what following it does.

The token is opaque: a random per-message key (Message.unsubscribe_key), signed. It names no
address, so a link seen in a log or a forwarded mail tells nobody whom it unsubscribes;
following it looks the message up for its channel and address.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction

from channels_app.models import Channel, Message, Suppression
from channels_app.services.events import record_event
from channels_app.services.suppressions import suppress_address

UNSUBSCRIBE_SALT = "channels_app.unsubscribe"  # legacy tokens: the address itself, signed
UNSUBSCRIBE_KEY_SALT = "channels_app.unsubscribe.key"


def message_unsubscribe_key(message: Message) -> str:
    """The message's key, made on first use. Messages are inserted in bulk without one, and two workers
    may build the same message's link at once: the conditional update lets exactly one key win."""
    if message.unsubscribe_key:
        return message.unsubscribe_key
    key = secrets.token_urlsafe(24)
    if not Message.objects.filter(pk=message.pk, unsubscribe_key__isnull=True).update(unsubscribe_key=key):
        key = Message.objects.values_list("unsubscribe_key", flat=True).get(pk=message.pk)  # the other one won
    message.unsubscribe_key = key
    return key


def unsubscribe_token(message: Message) -> str:
    # No expiry: a link in a years-old email must still work (and RFC 8058 expects it to).
    return signing.Signer(salt=UNSUBSCRIBE_KEY_SALT).sign(message_unsubscribe_key(message))


def unsubscribe_url(message: Message) -> str:
    return f"{settings.PUBLIC_BASE_URL}/unsubscribe/{unsubscribe_token(message)}"


@dataclass(frozen=True)
class UnsubscribeTarget:
    message_id: int | None
    channel: str
    address: str


def read_unsubscribe_token(token: str) -> UnsubscribeTarget | None:
    """Who the link unsubscribes; None for a forged, altered or unknown token."""
    try:
        key = signing.Signer(salt=UNSUBSCRIBE_KEY_SALT).unsign(token)
    except signing.BadSignature:
        return _read_legacy_token(token)
    row = Message.objects.filter(unsubscribe_key=key).values_list("pk", "channel", "address").first()
    if row is None or not row[2] or row[1] not in Channel.values:
        return None
    return UnsubscribeTarget(message_id=row[0], channel=row[1], address=row[2])


def _read_legacy_token(token: str) -> UnsubscribeTarget | None:
    # Emails sent before opaque tokens carry the signed address itself. They stay valid (a link in a
    # mail already delivered must keep working), and only with a good signature: one cannot be forged.
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
