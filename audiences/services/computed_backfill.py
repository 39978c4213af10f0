"""One trait's values for every contact, recomputed from the stored events in the database.

A trait without `where` is one INSERT … SELECT … GROUP BY (or a ranking for first/last). A `where`
(the condition language, in Python) cannot run in SQL here, so those events are read in id order in
chunks and folded with the incremental path's own code: both paths then agree by construction.

Only handled events count: the runtime's event handler folds the others when it handles them
(computed_lock.py says why the two never overlap). They are few and have their own partial index,
so excluding them keeps the by-name covering index's scan index-only.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from audiences.models import ComputedValue
from audiences.services import computed_sql as q
from audiences.services.computed_merge import merge_rows
from audiences.services.computed_partials import NUMERIC_KINDS, fold
from journeys.interface import Event

EVENTS = Event._meta.db_table
CHUNK = 20_000


def backfill(trait, now: datetime) -> int:
    """Replace the trait's stored values with ones computed from all events; how many contacts have one."""
    ComputedValue.objects.filter(key=trait.key).delete()
    if trait.where:
        return _replay(trait, now)
    select, params = _select(trait, now)
    return q.run(q.upsert(select, q.REPLACE), [q.db_time(now), *params])


UNHANDLED = f"e.id NOT IN (SELECT u.id FROM {EVENTS} u WHERE u.handled_at IS NULL)"


def _filters(trait, now: datetime) -> tuple[str, list]:
    sql, params = f"e.name = %s AND {UNHANDLED}", [trait.event]
    if trait.within_days:
        sql += " AND e.timestamp >= %s"
        params.append(q.db_time(now - timedelta(days=trait.within_days)))
    if trait.kind in NUMERIC_KINDS:
        sql += f" AND {q.prop_num('e.properties')} IS NOT NULL"
        params += [trait.property, trait.property]
    elif trait.kind in ("first", "last"):
        sql += f" AND {q.prop_present('e.properties')}"
        params.append(trait.property)
    return sql, params


def _select(trait, now: datetime) -> tuple[str, list]:
    """SELECT contact_id, key, value, state for every contact with a qualifying event."""
    where, where_params = _filters(trait, now)
    kind, key = trait.kind, [trait.key]
    empty = q.empty_object()
    if kind in ("first", "last"):
        order = "ASC" if kind == "first" else "DESC"
        ranked = (f"SELECT e.contact_id, {q.prop('e.properties')} AS value, {q.epoch('e.timestamp')} AS at, "
                  f"ROW_NUMBER() OVER (PARTITION BY e.contact_id ORDER BY e.timestamp {order}, e.id {order}) AS rn "
                  f"FROM {EVENTS} e WHERE {where}")
        sql = (f"SELECT r.contact_id AS contact_id, CAST(%s AS TEXT) AS key, r.value AS value, "
               f"{q.json_object(at='r.at')} AS state FROM ({ranked}) r WHERE r.rn = 1")
        return sql, [*key, trait.property, *where_params]
    value_params: list = []
    if kind == "count":
        value, state = q.as_json_number("COUNT(*)"), empty
    elif kind == "days_since":
        newest = q.epoch("MAX(e.timestamp)")  # one conversion per contact, not per event
        value, state = q.as_json_number(q.whole_days("%s", newest)), q.json_object(at=newest)
        value_params = [q.stamp(now)]
    else:
        number = q.prop_num("e.properties")
        aggregate = {"sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX"}[kind]
        value = q.as_json_number(f"{aggregate}({number})")
        value_params = [trait.property, trait.property]
        state = empty
        if kind == "avg":
            state = q.json_object(sum=f"SUM({number})", n="COUNT(*)")
            value_params += [trait.property, trait.property]
    sql = (f"SELECT e.contact_id AS contact_id, CAST(%s AS TEXT) AS key, {value} AS value, {state} AS state "
           f"FROM {EVENTS} e WHERE {where} GROUP BY e.contact_id")
    return sql, [*key, *value_params, *where_params]


def _replay(trait, now: datetime) -> int:
    events = Event.objects.filter(name=trait.event, handled_at__isnull=False)
    if trait.within_days:
        events = events.filter(timestamp__gte=now - timedelta(days=trait.within_days))
    last_id, touched = 0, set()
    while True:
        chunk = list(events.filter(id__gt=last_id).order_by("id")
                     .values_list("id", "contact_id", "name", "properties", "timestamp")[:CHUNK])
        if not chunk:
            return len(touched)
        last_id = chunk[-1][0]
        partials = fold(trait, [row[1:] for row in chunk], now)
        touched.update(partials)
        merge_rows(trait.kind, [{"contact_id": c, "key": trait.key, **p} for c, p in partials.items()], now)
