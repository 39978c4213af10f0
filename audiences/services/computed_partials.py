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


def _test(trait, now: datetime):
    """The trait's event test on (properties, timestamp), its rules decided once per batch rather than per event."""
    cutoff = now - timedelta(days=trait.within_days) if trait.within_days else None
    needs_number = trait.kind in NUMERIC_KINDS
    needs_value = trait.kind in ("first", "last")
    prop, where = trait.property, trait.where

    def test(properties: dict, at: datetime) -> bool:
        if cutoff is not None and at < cutoff:
            return False
        if needs_number and not is_number(properties.get(prop)):
            return False
        if needs_value and properties.get(prop) is None:
            return False
        return where is None or match_properties(where, properties)

    return test


def whole_days(now: datetime, at: datetime) -> int:
    return max(0, int((now - at).total_seconds() // 86400))


def fold(trait, events, now: datetime) -> dict[int, dict]:
    """contact_id -> {"value", "state"} for the events (contact_id, name, properties, timestamp) that count.

    Events come in insert order: among equal timestamps the later one is the later event,
    as the database's id order says for the backfill.
    """
    out: dict[int, dict] = {}
    test, event, prop = _test(trait, now), trait.event, trait.property
    if trait.kind == "count":  # the common case, without a dict per event
        counts: dict[int, int] = {}
        for contact_id, name, properties, at in events:
            if name == event and test(properties or {}, at):
                counts[contact_id] = counts.get(contact_id, 0) + 1
        return {contact_id: {"value": n, "state": {}} for contact_id, n in counts.items()}
    for contact_id, name, properties, at in events:
        if name != event:
            continue
        properties = properties or {}
        if test(properties, at):
            out[contact_id] = _add(trait, out.get(contact_id), properties.get(prop), at, now)
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
