"""GET /api/v1/metrics/channels: per channel sends, delivered, conversions, revenue, cost and ROI.

A conversion belongs to the channel of the message it is credited to (the last one before it); sends are
messages handed to a provider; test sends are left out."""
from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, Sum

from channels_app.models import PROVIDER_ACCEPTED_STATUSES, Channel, Message, MessageStatus
from health.services.costs import cost_of, costs_current, roi
from journeys.models import Conversion


def channel_metrics(start: datetime | None = None, end: datetime | None = None) -> dict:
    prices = costs_current()
    messages = Message.objects.filter(is_test=False)
    conversions = Conversion.objects.filter(message__isnull=False)
    if start:
        messages, conversions = messages.filter(created_at__gte=start), conversions.filter(converted_at__gte=start)
    if end:
        messages, conversions = messages.filter(created_at__lt=end), conversions.filter(converted_at__lt=end)
    sends = {row["channel"]: row for row in messages.values("channel").annotate(
        sends=Count("id", filter=Q(status__in=PROVIDER_ACCEPTED_STATUSES)),
        delivered=Count("id", filter=Q(status=MessageStatus.DELIVERED)))}
    converted = {row["message__channel"]: row for row in conversions.values("message__channel").annotate(
        n=Count("id"), r=Sum("revenue"))}
    rows = []
    for channel in [c.value for c in Channel] + sorted(set(sends) - {c.value for c in Channel}):
        sent = sends.get(channel, {}).get("sends", 0)
        revenue = round(float(converted.get(channel, {}).get("r") or 0), 6)
        cost = cost_of({channel: sent}, prices["costs"])
        rows.append({"channel": channel, "sends": sent, "delivered": sends.get(channel, {}).get("delivered", 0),
                     "conversions": converted.get(channel, {}).get("n", 0), "revenue": revenue, "cost": cost,
                     "roi": roi(revenue, cost)})
    return {"currency": prices["currency"], "channels": rows}
