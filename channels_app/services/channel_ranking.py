"""Best channel first: a send step with ``"channels": "auto"`` tries the contact's most engaged channel first.

Engagement per channel over the last 90 days, compared most telling first: conversions credited to a
message of that channel, then messages clicked, opened, delivered. Channels compare on the first of these
that differs; channels alike on all four keep the default order (journeys/graph/nodes/send.py DEFAULT_ORDER:
WeChat, SMS, email…), so a contact with no history gets that. Counted in a few grouped queries per batch.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Count

from channels_app.models import DeliveryEvent, Message, MessageStatus

WINDOW_DAYS = 90
METRICS = ("converted", "clicked", "opened", "delivered")  # most telling first
LABELS = {"converted": "conversions", "clicked": "clicks", "opened": "opens", "delivered": "deliveries"}
EVENT_METRICS = {"click": "clicked", "open": "opened"}

Engagement = dict[str, dict[str, int]]  # channel -> metric -> count


@dataclass(frozen=True)
class Ranking:
    order: list[str]
    reason: str  # "ranked wechat > sms (opens 3 vs 0)"


def engagement(contact_ids, now: datetime) -> dict[int, Engagement]:
    """contact id -> channel -> {converted, clicked, opened, delivered} over the window."""
    since = now - timedelta(days=WINDOW_DAYS)
    ids = sorted(set(contact_ids))
    stats: dict[int, Engagement] = {pk: {} for pk in ids}

    def add(contact_id, channel, metric, count):
        stats[contact_id].setdefault(channel, dict.fromkeys(METRICS, 0))[metric] += count

    if not ids:
        return stats
    recent = Message.objects.filter(contact_id__in=ids, created_at__gte=since)
    for contact_id, channel, n in (recent.filter(status=MessageStatus.DELIVERED)
                                   .values_list("contact_id", "channel").annotate(n=Count("id"))):
        add(contact_id, channel, "delivered", n)
    events = (DeliveryEvent.objects.filter(message__in=recent, kind__in=list(EVENT_METRICS))
              .values_list("message__contact_id", "message__channel", "kind")
              .annotate(n=Count("message_id", distinct=True)))
    for contact_id, channel, kind, n in events:
        add(contact_id, channel, EVENT_METRICS[kind], n)
    # Conversions are the journeys app's; reached by name (channels_app does not import its models).
    conversion = apps.get_model("journeys", "Conversion")
    for contact_id, channel, n in (conversion.objects.filter(contact_id__in=ids, converted_at__gte=since,
                                                             message__isnull=False)
                                   .values_list("contact_id", "message__channel").annotate(n=Count("id"))):
        add(contact_id, channel, "converted", n)
    return stats


def _score(stats: Engagement, channel: str) -> tuple[int, ...]:
    counts = stats.get(channel) or {}
    return tuple(counts.get(metric, 0) for metric in METRICS)


def rank(default_order: list[str], stats: Engagement) -> Ranking:
    """The channels best first (a stable sort: ties keep `default_order`), and why the first leads."""
    order = sorted(default_order, key=lambda channel: tuple(-n for n in _score(stats, channel)))
    if len(order) < 2:
        return Ranking(order, f"only {order[0]}" if order else "no channel")
    first, second = order[0], order[1]
    for metric, a, b in zip(METRICS, _score(stats, first), _score(stats, second)):
        if a != b:
            return Ranking(order, f"ranked {first} > {second} ({LABELS[metric]} {a} vs {b})")
    return Ranking(order, f"ranked {first} > {second} (no engagement difference; default order)")


def rank_for_contacts(requests: list[tuple[int, list[str]]], now: datetime) -> list[Ranking]:
    """One ranking per (contact id, default order), with the history of all the contacts loaded at once."""
    stats = engagement([contact_id for contact_id, _ in requests], now) if requests else {}
    return [rank(order, stats.get(contact_id, {})) for contact_id, order in requests]
