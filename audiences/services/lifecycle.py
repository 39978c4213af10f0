"""Lifecycle stages for every contact (computed value `lifecycle_stage`), and the
`lifecycle_stage_changed` events that let journeys act on a move.

Contacts are evaluated in id ranges: per range, one aggregate over their events (first seen, last
active event), one read of their current stages, the rules in Python (lifecycle_rules.py), then ONE
upsert of the stages that changed and ONE insert of their events, which the event outbox hands to
journey triggers after commit.
"""
from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

from audiences.models import ComputedValue, LifecycleConfig
from audiences.services import computed_sql as q
from audiences.services.computed_merge import replace_rows
from audiences.services.lifecycle_rules import Lines, stage_of
from core import clock
from journeys.interface import Contact, Event, record_internal_events

KEY = "lifecycle_stage"
CHANGED_EVENT = "lifecycle_stage_changed"
RANGE = 10_000


def lifecycle_update(config: LifecycleConfig, actor=None, **changes) -> LifecycleConfig:
    """Change the stage lines and evaluate every contact under them, in one transaction."""
    with transaction.atomic():
        for name, value in changes.items():
            setattr(config, name, value)
        config.save()
        evaluate(config, clock.now())
    return config


def evaluate(config: LifecycleConfig | None = None, now: datetime | None = None) -> dict:
    """Every contact's stage at `now`; returns {"contacts": evaluated, "moved": stages changed}."""
    config = config or LifecycleConfig.current()
    now = now or clock.now()
    lines = Lines(config.new_days, config.active_days, config.churn_days)
    evaluated = moved = last_id = 0
    while True:
        contacts = list(Contact.objects.filter(id__gt=last_id).order_by("id").values_list("id", "created_at")[:RANGE])
        if not contacts:
            return {"contacts": evaluated, "moved": moved}
        last_id = contacts[-1][0]
        with transaction.atomic():
            moved += _evaluate_range(contacts, config.active_events or [], lines, now)
        evaluated += len(contacts)


def _evaluate_range(contacts: list[tuple[int, datetime]], active_events: list[str], lines: Lines,
                    now: datetime) -> int:
    low, high = contacts[0][0], contacts[-1][0]
    seen = _event_times(low, high, active_events)
    current = {cid: (value, state or {}) for cid, value, state in ComputedValue.objects.filter(
        key=KEY, contact_id__gte=low, contact_id__lte=high).values_list("contact_id", "value", "state")}
    at = q.stamp(now)
    rows, events = [], []
    for contact_id, created_at in contacts:
        first_event, last_active = seen.get(contact_id, (None, None))
        previous, state = current.get(contact_id, (None, {}))
        known = [t for t in (first_event, state.get("first_seen")) if t is not None]
        # Without any event or earlier record, the contact's row is all that says when it appeared.
        first_seen = min(known) if known else q.stamp(created_at)
        stage = stage_of(at, first_seen, last_active, previous, state.get("since"), lines)
        if stage == previous and state.get("first_seen") == first_seen:
            continue
        since = state.get("since") if stage == previous else at
        rows.append({"contact_id": contact_id, "key": KEY, "value": stage,
                     "state": {"since": since, "first_seen": first_seen}})
        if previous is not None and stage != previous:
            # A first evaluation places contacts without telling journeys: only moves are events.
            events.append({"contact_id": contact_id, "name": CHANGED_EVENT,
                           "properties": {"from": previous, "to": stage}, "timestamp": now})
    replace_rows(rows, now)
    record_internal_events(events)
    return len(events)


def _event_times(low: int, high: int, active_events: list[str]) -> dict[int, tuple[float, float | None]]:
    """contact_id -> (first event's time, last active event's time or None), for contacts low..high."""
    active = ", ".join(["%s"] * len(active_events)) or "NULL"
    first, last = q.epoch("MIN(timestamp)"), q.epoch(f"MAX(CASE WHEN name IN ({active}) THEN timestamp END)")
    with connection.cursor() as cursor:
        # The product's own stage events never make anyone seen or active.
        cursor.execute(f"SELECT contact_id, {first}, {last} "
                       f"FROM {Event._meta.db_table} WHERE contact_id >= %s AND contact_id <= %s AND name <> %s "
                       f"GROUP BY contact_id", [*active_events, low, high, CHANGED_EVENT])
        return {cid: (first, last) for cid, first, last in cursor.fetchall()}
