"""Fold the events written since the last refresh into the rollups (health/models/rollups.py), set-based.

One transaction per refresh, the state row locked so that several schedulers take turns. Event ids only
grow, so "new since the watermark" includes late events with old timestamps. A changed active-event list
or revenue property rebuilds everything; an event older than a contact's first seen moves it to another
cohort, and the retention cells are then recounted from the day rollup (still no event scan).
"""
from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction

from audiences.models import LifecycleConfig
from core import clock
from health.models import RollupState
from health.rollups import activity, sql

E = "journeys_event"
GRAINS = ("week", "month")


def revenue_property() -> str:
    return getattr(settings, "JOURNEYS_REVENUE_PROPERTY", "revenue") or "revenue"


def refresh(now=None, upto_event_id: int | None = None) -> int:
    """Fold in the new events; returns how many events were examined."""
    now = now or clock.now()
    active_events = sorted(LifecycleConfig.current().active_events or [])
    signature = json.dumps({"active": active_events, "revenue": revenue_property()})
    with transaction.atomic():
        RollupState.objects.get_or_create(name="events")
        state = RollupState.objects.select_for_update().get(name="events")
        if state.signature != signature:
            _clear()
            state.last_event_id, state.filled_to, state.signature = 0, -1, signature
        high = upto_event_id or (sql.rows(f"SELECT MAX(id) FROM {E}")[0][0] or 0)
        low = state.last_event_id
        first_day = None
        if high > low:
            first_day = _fold(low, high, active_events, rebuild=low == 0)
        today = sql.to_day(now.date())
        starts = [d for d in (first_day, state.filled_to + 1 if state.filled_to >= 0 else None) if d is not None]
        end = max(today, _last_day())
        if starts and min(starts) <= end:
            activity.recount(min(starts), end)
            state.filled_to = max(end, state.filled_to)
        state.last_event_id = max(high, low)
        state.refreshed_at = now
        state.save()
    return max(high - low, 0)


def _clear() -> None:
    for table in ("activeday", "firstseen", "dailyactivity", "retentioncell", "revenueday"):
        sql.run(f"DELETE FROM health_{table}")


def _last_day() -> int:
    return sql.rows("SELECT COALESCE(MAX(day), 0) FROM health_activeday")[0][0]


def _fold(low: int, high: int, active_events: list[str], rebuild: bool) -> int | None:
    """Write the day rollups for events low < id <= high; the earliest active day written (or None)."""
    day, month = sql.day_of("e.timestamp"), sql.month_of("e.timestamp")
    week = sql.week_of(day)
    before = sql.rows("SELECT COALESCE(MAX(id), 0) FROM health_activeday")[0][0]
    if active_events:
        marks = ", ".join(["%s"] * len(active_events))
        sql.run(f"""
            INSERT INTO health_activeday (day, week, month, contact_id)
            SELECT DISTINCT {day}, {week}, {month}, e.contact_id FROM {E} e
            WHERE e.id > %s AND e.id <= %s AND e.name IN ({marks})
            ON CONFLICT (day, contact_id) DO NOTHING""", [low, high, *active_events])
    moved = _first_seen(low, high, day, month)
    prop = revenue_property()
    revenue = sql.number_property("e.properties")
    sql.run(f"""
        INSERT INTO health_revenueday (day, week, month, contact_id, revenue)
        SELECT d, w, m, c, SUM(r) FROM (
            SELECT {day} AS d, {week} AS w, {month} AS m, e.contact_id AS c, {revenue} AS r
            FROM {E} e WHERE e.id > %s AND e.id <= %s) x
        WHERE r IS NOT NULL GROUP BY d, w, m, c
        ON CONFLICT (day, contact_id) DO UPDATE SET revenue = health_revenueday.revenue + excluded.revenue""",
            [prop, prop, low, high])
    if rebuild or moved:
        _recount_cells()
    else:
        _add_cells(before)
    return sql.rows("SELECT MIN(day) FROM health_activeday WHERE id > %s", [before])[0][0]


def _first_seen(low: int, high: int, day: str, month: str) -> int:
    """Upsert each contact's earliest day; returns how many known contacts moved to an earlier cohort."""
    batch = (f"SELECT e.contact_id AS c, MIN({day}) AS d, MIN({month}) AS m FROM {E} e "
             "WHERE e.id > %s AND e.id <= %s GROUP BY e.contact_id")
    moved = sql.rows(f"SELECT COUNT(*) FROM ({batch}) b JOIN health_firstseen f ON f.contact_id = b.c "
                     "WHERE b.d < f.day", [low, high])[0][0]
    sql.run(f"""
        INSERT INTO health_firstseen (contact_id, day, week, month)
        SELECT b.c, b.d, {sql.week_of("b.d")}, b.m FROM ({batch}) b WHERE true
        ON CONFLICT (contact_id) DO UPDATE SET day = excluded.day, week = excluded.week, month = excluded.month
        WHERE excluded.day < health_firstseen.day""", [low, high])
    return moved


def _recount_cells() -> None:
    sql.run("DELETE FROM health_retentioncell")
    for grain, size in (("week", 7), ("month", 1)):
        sql.run(f"""
            INSERT INTO health_retentioncell (grain, cohort, period, active)
            SELECT %s, f.{grain}, (a.{grain} - f.{grain}) / {size}, COUNT(DISTINCT a.contact_id)
            FROM health_activeday a JOIN health_firstseen f ON f.contact_id = a.contact_id
            WHERE a.{grain} >= f.{grain}
            GROUP BY f.{grain}, a.{grain}""", [grain])


def _add_cells(before: int) -> None:
    """+1 per (contact, period) pair that the new day rows are the first of."""
    for grain, size in (("week", 7), ("month", 1)):
        sql.run(f"""
            INSERT INTO health_retentioncell (grain, cohort, period, active)
            SELECT %s, f.{grain}, (n.p - f.{grain}) / {size}, COUNT(*) FROM (
                SELECT DISTINCT a.contact_id AS c, a.{grain} AS p FROM health_activeday a
                WHERE a.id > %s AND NOT EXISTS (
                    SELECT 1 FROM health_activeday o
                    WHERE o.contact_id = a.contact_id AND o.{grain} = a.{grain} AND o.id <= %s)) n
            JOIN health_firstseen f ON f.contact_id = n.c
            WHERE n.p >= f.{grain}
            GROUP BY f.{grain}, n.p
            ON CONFLICT (grain, cohort, period) DO UPDATE SET active = health_retentioncell.active + excluded.active""",
                [grain, before, before])
