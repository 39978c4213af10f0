"""Rates over the messages created in a window: of those handed to a provider, how many bounced, failed,
drew a complaint or an unsubscribe, or led to a conversion. Scope: a journey or a channel."""
from __future__ import annotations

from datetime import datetime

from channels_app.models import DeliveryEvent, Message, MessageStatus
from journeys.models import Conversion

METRICS = ("bounce_rate", "complaint_rate", "unsubscribe_rate", "delivery_failure_rate", "conversion_rate",
           "send_volume")
# Handed to a provider (accepted or refused by it): the denominator of every rate.
SENT = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.BOUNCED,
        MessageStatus.SUPERSEDED, MessageStatus.FAILED)
FAILED = (MessageStatus.FAILED, MessageStatus.UNDELIVERED, MessageStatus.BOUNCED)
COMPLAINTS = ("spamreport", "complaint")
UNSUBSCRIBES = ("unsubscribe", "group_unsubscribe", "unsubscribed")


def _messages(scope: dict, start: datetime, end: datetime):
    messages = Message.objects.filter(created_at__gte=start, created_at__lt=end, status__in=SENT, is_test=False)
    if "journey" in scope:
        messages = messages.filter(journey_id=scope["journey"])
    if "channel" in scope:
        messages = messages.filter(channel=scope["channel"])
    return messages


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None  # nothing sent: no rate, rather than a reassuring 0


def send_volume(scope, start, end, notes) -> float:
    return _messages(scope, start, end).count()


def bounce_rate(scope, start, end, notes) -> float | None:
    messages = _messages(scope, start, end)
    return _rate(messages.filter(status=MessageStatus.BOUNCED).count(), messages.count())


def delivery_failure_rate(scope, start, end, notes) -> float | None:
    messages = _messages(scope, start, end)
    return _rate(messages.filter(status__in=FAILED).count(), messages.count())


def _with_event(scope, start, end, kinds) -> float | None:
    """Messages of the window that drew one of `kinds` (a complaint, an unsubscribe), over those sent."""
    messages = _messages(scope, start, end)
    hit = DeliveryEvent.objects.filter(kind__in=kinds, message__in=messages).values("message").distinct().count()
    return _rate(hit, messages.count())


def complaint_rate(scope, start, end, notes) -> float | None:
    return _with_event(scope, start, end, COMPLAINTS)


def unsubscribe_rate(scope, start, end, notes) -> float | None:
    return _with_event(scope, start, end, UNSUBSCRIBES)


def conversion_rate(scope, start, end, notes) -> float | None:
    """Conversions in the window over messages sent in it (a journey's goal reached per message)."""
    conversions = Conversion.objects.filter(converted_at__gte=start, converted_at__lt=end)
    if "journey" in scope:
        conversions = conversions.filter(journey_id=scope["journey"])
    if "channel" in scope:
        conversions = conversions.filter(message__channel=scope["channel"])
    return _rate(conversions.count(), _messages(scope, start, end).count())
