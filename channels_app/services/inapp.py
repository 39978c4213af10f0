"""The in-app inbox's writes: a connected browser received messages, the contact read them."""
from __future__ import annotations

from django.db import transaction

from channels_app.models import Channel, DeliveryEvent, Message, MessageStatus
from channels_app.services.events import record_event
from core import clock


def mark_delivered(contact_id: int, message_ids: list[int]) -> list[int]:
    """A connected browser received these: sent → delivered (a status already further along stays)."""
    now = clock.now()
    ids = list(Message.objects.filter(pk__in=message_ids, contact_id=contact_id, channel=Channel.INAPP,
                                      status__in=(MessageStatus.SENDING, MessageStatus.SENT))
               .values_list("pk", flat=True))
    changed = []
    for message_id in ids:
        with transaction.atomic():
            # One event per (message, kind): a second tab, a reconnect or a replay adds nothing.
            if record_event(message_id, "delivered", {"via": "websocket"}, occurred_at=now,
                            provider_event_id=f"inapp:{message_id}:delivered"):
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
