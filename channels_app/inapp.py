"""In-app messages: the Message rows of channel "inapp" are the inbox; a websocket pushes new ones.

A browser authenticates with a signed per-contact token (no Django session: the
contact is an end user of our customer's product, not a user of this app).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction

from channels_app.models import Channel, DeliveryEvent, Message, MessageStatus
from core import clock

TOKEN_SALT = "channels_app.inapp.token"
# What the inbox shows: handed over, not yet read.
INBOX_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED)


def token_max_age() -> int:
    from channels_app import conf

    return conf.inapp_token_max_age()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def issue_token(user_id: str) -> IssuedToken:
    token = signing.dumps({"u": user_id}, salt=TOKEN_SALT, compress=True)
    return IssuedToken(token=token, expires_at=clock.now() + timedelta(seconds=token_max_age()))


def user_id_from_token(token: str) -> str | None:
    """The contact's userId, or None for a forged, foreign or expired token."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=token_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, str) and user_id else None


def group_name(user_id: str) -> str:
    # Channel layer group names allow only ASCII letters, digits, "-_." and < 100 characters.
    return "inapp." + hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:48]


def message_payload(message: Message) -> dict:
    content = message.content or {}
    return {
        "id": message.pk,
        "title": content.get("title", ""),
        "body": content.get("body", ""),
        "link": content.get("link", ""),
        "created_at": message.created_at.isoformat() if message.created_at else None,
        "read": message.read_at is not None,
    }


def unread_messages(contact_id: int, limit: int = 100) -> list[Message]:
    return list(Message.objects.filter(contact_id=contact_id, channel=Channel.INAPP, status__in=INBOX_STATUSES,
                                       read_at__isnull=True).order_by("-id")[:limit])


def _record_once(message_id: int, kind: str, detail: dict, now: datetime) -> bool:
    """One event per (message, kind): a second tab, a reconnect or a replay adds nothing."""
    try:
        with transaction.atomic():
            DeliveryEvent.objects.create(message_id=message_id, kind=kind, detail=detail, occurred_at=now,
                                         provider_event_id=f"inapp:{message_id}:{kind}")
        return True
    except IntegrityError:
        return False


def mark_delivered(contact_id: int, message_ids: list[int]) -> list[int]:
    """A connected browser received these: sent → delivered (a status already further along stays)."""
    now = clock.now()
    ids = list(Message.objects.filter(pk__in=message_ids, contact_id=contact_id, channel=Channel.INAPP,
                                      status__in=(MessageStatus.SENDING, MessageStatus.SENT))
               .values_list("pk", flat=True))
    changed = []
    for message_id in ids:
        with transaction.atomic():
            if _record_once(message_id, "delivered", {"via": "websocket"}, now):
                Message.objects.filter(pk=message_id, status__in=(MessageStatus.SENDING, MessageStatus.SENT)).update(
                    status=MessageStatus.DELIVERED, updated_at=now)
                changed.append(message_id)
    return changed


def mark_read(contact_id: int, message_ids: list[int]) -> list[int]:
    """The contact read these. Only their own in-app messages; reading twice changes nothing."""
    now = clock.now()
    with transaction.atomic():
        ids = list(Message.objects.select_for_update()
                   .filter(pk__in=message_ids, contact_id=contact_id, channel=Channel.INAPP, read_at__isnull=True)
                   .values_list("pk", flat=True))
        if ids:
            Message.objects.filter(pk__in=ids).update(read_at=now, updated_at=now)
            # A read message was certainly delivered, even if the push was never acknowledged.
            Message.objects.filter(pk__in=ids, status__in=(MessageStatus.SENDING, MessageStatus.SENT)).update(
                status=MessageStatus.DELIVERED)
            DeliveryEvent.objects.bulk_create(
                [DeliveryEvent(message_id=pk, kind="read", occurred_at=now, provider_event_id=f"inapp:{pk}:read")
                 for pk in ids], ignore_conflicts=True)
    return ids
