"""In-app messages: the Message rows of channel "inapp" are the inbox; a websocket pushes new ones.

A browser authenticates with a signed per-contact token (no Django session: the
contact is an end user of our customer's product, not a user of this app). Here:
the token, the socket group and a message's payload. The inbox is read through
channels_app/selectors.py and marked delivered / read by channels_app/services/inapp.py.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing

from channels_app.models import Message, MessageStatus
from channels_app.templating.links import safe_link
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
        "link": safe_link(content.get("link", "")),  # also for messages rendered before links were checked
        "created_at": message.created_at.isoformat() if message.created_at else None,
        "read": message.read_at is not None,
    }
