"""A batch of events folded, in memory, into one partial value per (trait, contact).

The partials have the shape the database keeps (`value` and the `state` that lets the next batch
merge into it), so one upsert merges a whole batch, every trait in it (computed_merge.py). The same
rules decide which events count as the SQL backfill's (computed_backfill.py): the event's name, the
window, the `where`, and for sum/avg/min/max a numeric property (first/last: a present, non-null one).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from journeys.graph.conditions import match_properties

NUMERIC_KINDS = ("sum", "avg", "min", "max")
PROPERTY_KINDS = (*NUMERIC_KINDS, "first", "last")


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def qualifies(trait, name: str, properties: dict, at: datetime, now: datetime) -> bool:
    if name != trait.event:
        return False
    if trait.within_days and at < now - timedelta(days=trait.within_days):
        return False
    if trait.kind in NUMERIC_KINDS and not is_number(properties.get(trait.property)):
        return False
    if trait.kind in ("first", "last") and properties.get(trait.property) is None:
        return False
    return match_properties(trait.where, properties)


def whole_days(now: datetime, at: datetime) -> int:
    return max(0, int((now - at).total_seconds() // 86400))


def fold(trait, events, now: datetime) -> dict[int, dict]:
    """contact_id -> {"value", "state"} for the events (contact_id, name, properties, timestamp) that count.

    Events come in insert order: among equal timestamps the later one is the later event,
    as the database's id order says for the backfill.
    """
    out: dict[int, dict] = {}
    for contact_id, name, properties, at in events:
        properties = properties or {}
        if not qualifies(trait, name, properties, at, now):
            continue
        current = out.get(contact_id)
        out[contact_id] = _add(trait, current, properties.get(trait.property), at, now)
    return out


def _add(trait, current: dict | None, value, at: datetime, now: datetime) -> dict:
    kind, epoch = trait.kind, round(at.timestamp(), 3)
    if kind == "count":
        return {"value": (current["value"] if current else 0) + 1, "state": {}}
    if kind == "sum":
        return {"value": (current["value"] if current else 0) + value, "state": {}}
    if kind == "avg":
        total = (current["state"]["sum"] if current else 0) + value
        n = (current["state"]["n"] if current else 0) + 1
        return {"value": total / n, "state": {"sum": total, "n": n}}
    if kind == "min":
        return {"value": value if current is None else min(current["value"], value), "state": {}}
    if kind == "max":
        return {"value": value if current is None else max(current["value"], value), "state": {}}
    if kind == "first":
        keep = current is not None and current["state"]["at"] <= epoch
        return current if keep else {"value": value, "state": {"at": epoch}}
    if kind == "last":
        keep = current is not None and current["state"]["at"] > epoch
        return current if keep else {"value": value, "state": {"at": epoch}}
    # days_since: the newest event's time is the state; the value ages with the re-evaluation.
    newest = epoch if current is None else max(current["state"]["at"], epoch)
    return {"value": max(0, int((now.timestamp() - newest) // 86400)), "state": {"at": newest}}
