"""Delivery events: a message's timeline, one row per provider event.

Providers retry and duplicate their callbacks: the unique provider event id makes a
repeat change nothing. Callbacks, the unsubscribe link and the in-app inbox all record here.
"""
from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from channels_app.models import DeliveryEvent
from core import clock


def record_event(message_id: int, kind: str, detail: dict, *, provider_event_id: str | None,
                 occurred_at: datetime | None = None) -> bool:
    """Store one delivery event; False when this provider event was already stored (a replay)."""
    try:
        with transaction.atomic():
            DeliveryEvent.objects.create(message_id=message_id, kind=kind, detail=detail,
                                         provider_event_id=provider_event_id, occurred_at=occurred_at or clock.now())
        return True
    except IntegrityError:
        return False
