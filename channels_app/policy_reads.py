"""The send policy's reads (channels_app/policy.py): a batch's blacklist entries and cap counts, set-based.

However many cap rules there are, a batch costs the same few statements: the rules, then one
grouped count over the batch's contacts with one conditional count per rule.

The blacklist entries stay a statement of their own rather than a UNION ALL with the counts:
the two reads have different shapes (four text columns vs one count per rule), so each side
would need padding with typed NULL columns that must line up by position, and SQLite refuses
the ORDER BY -id inside a compound branch that decides which reason shows when two entries
block the same key. One round trip is cheaper than that fragility.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, F, Q

from channels_app.models import CAP_COUNTED_STATUSES, FrequencyCapRule, Message, Suppression
from core.any_of import AnyOf

ALL = "all"


def suppressions(contact_ids: set[int], addresses: set[str]) -> dict[tuple, str]:
    """The blacklist by ("contact", id, channel) and ("address", address, channel): the entry's reason."""
    blocked: dict[tuple, str] = {}
    for contact_id, address, channel, reason in _suppression_rows(contact_ids, addresses):
        if contact_id:
            blocked[("contact", contact_id, channel)] = reason
        if address:
            blocked[("address", address, channel)] = reason
    return blocked


def _suppression_rows(contact_ids: set[int], addresses: set[str]):
    """(contact_id, address, channel, reason) in `-id` order, as the model orders them. The ids and addresses go
    as two arrays on PostgreSQL (core.any_of): as an IN list of several hundred parameters, binding and planning
    cost more than the lookup on an (often empty) blacklist."""
    rows = Suppression.objects.filter(Q(AnyOf(F("contact_id"), sorted(contact_ids)))
                                      | Q(AnyOf(F("address"), sorted(addresses))))
    return rows.order_by("-id").values_list("contact_id", "address", "channel", "reason")


def cap_counters(contact_ids: set[int], now: datetime) -> list[tuple[FrequencyCapRule, dict[int, int]]]:
    """For each cap rule: how many counted messages each contact already has in the rule's window."""
    rules = list(FrequencyCapRule.objects.all())
    if not rules:
        return []
    counters = {_alias(rule): _counted_by(rule, now) for rule in rules}
    earliest = now - timedelta(seconds=max(rule.window_seconds for rule in rules))
    rows = (Message.objects
            .filter(AnyOf(F("contact_id"), sorted(contact_ids)), status__in=CAP_COUNTED_STATUSES,
                    is_test=False, created_at__gte=earliest)  # test sends: uncapped
            .order_by().values("contact_id").annotate(**counters))
    by_rule: dict[str, dict[int, int]] = {alias: {} for alias in counters}
    for row in rows:
        for alias, counts in by_rule.items():
            if row[alias]:
                counts[row["contact_id"]] = row[alias]
    return [(rule, by_rule[_alias(rule)]) for rule in rules]


def _alias(rule: FrequencyCapRule) -> str:
    return f"rule_{rule.pk}"


def _counted_by(rule: FrequencyCapRule, now: datetime) -> Count:
    """The messages the rule counts, among those the shared WHERE already kept: its window, channel, journey."""
    matches = Q(created_at__gte=now - timedelta(seconds=rule.window_seconds))
    if rule.channel != ALL:
        matches &= Q(channel=rule.channel)
    if rule.journey_id:
        matches &= Q(journey_id=rule.journey_id)
    return Count("id", filter=matches)
