"""How far the runtime is behind: the age of the oldest event not yet handled or message still queued."""
from __future__ import annotations

from channels_app.models import Message, MessageStatus
from journeys.models import Event


def queue_lag_seconds(scope, start, end, notes) -> float:
    oldest = []
    if "channel" not in scope:  # events belong to no channel
        event = Event.objects.filter(handled_at__isnull=True).order_by("received_at").values_list(
            "received_at", flat=True).first()
        oldest.append(event)
    messages = Message.objects.filter(status=MessageStatus.QUEUED)
    if "channel" in scope:
        messages = messages.filter(channel=scope["channel"])
    oldest.append(messages.order_by("created_at").values_list("created_at", flat=True).first())
    ages = [(end - at).total_seconds() for at in oldest if at is not None]
    return max([0.0, *ages])
