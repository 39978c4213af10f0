"""`journeys_bench --only audiences`: segment previews over 1,000,000 contacts and 10,000,000 events.

1. Seeds the world set-based (`INSERT … SELECT generate_series`, PostgreSQL only): contacts with a
   `plan` and `age` trait, events over the last year (page views, app opens, orders with an amount
   and a category) already marked handled so no scheduler hands them to the runtime, and one
   computed value per contact, then VACUUM (ANALYZE) as autovacuum would; reports the insert rate beside
   the database's own limits.
2. Times the preview (size + a 20-userId sample, as POST /api/v1/segments/preview runs them) of
   three conditions: a trait equality; an event count in a window with a property filter; a nested
   all/any/not with a computed trait. Target ≤ 2 s each; each runs REPEAT times, median and worst.
3. journeys/bench/computed.py adds the ingest rate with computed traits and a full re-evaluation.
4. Deletes what it wrote (unless --keep) and VACUUM ANALYZEs.
"""
from __future__ import annotations

import statistics
import time

from django.db import connection

CONTACTS = 1_000_000
EVENTS = 10_000_000
PREFIX = "bench-aud-"
COMPUTED_KEY = "bench_seg_orders"
TARGET_S = 2.0
REPEAT = 3
CONDITIONS = {
    "trait_equality": {"attr": "plan", "op": "eq", "value": "pro"},
    "event_count_window_where": {"event": "order_completed", "count": {"op": "gte", "value": 2}, "within_days": 30,
                                 "where": {"prop": "amount", "op": "gte", "value": 100}},
    "nested_with_computed": {"all": [
        {"any": [{"attr": "plan", "op": "eq", "value": "pro"}, {"computed": COMPUTED_KEY, "op": "gte", "value": 8}]},
        {"not": {"event": "page_viewed", "within_days": 7}},
        {"attr": "age", "op": "lt", "value": 40}]},
}


def _execute(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def seed(contacts: int = CONTACTS, events: int = EVENTS) -> dict:
    """The world, set-based; returns the rows written per second of each INSERT."""
    remove()
    rates = {}
    started = time.perf_counter()
    _execute(f"""
        INSERT INTO journeys_contact (user_id, anonymous_id, traits, email, phone, timezone, created_at, updated_at)
        SELECT '{PREFIX}' || g, NULL,
               jsonb_build_object('plan', (ARRAY['free', 'free', 'free', 'basic', 'basic', 'pro'])[g %% 6 + 1],
                                  'age', 18 + g %% 60),
               '', '', '', now() - interval '400 days', now()
        FROM generate_series(1, %s) g""", [contacts])
    rates["contacts_rows_per_s"] = round(contacts / (time.perf_counter() - started))
    low, high = _id_range()
    started = time.perf_counter()
    # Half page views, a fifth app opens, a tenth orders, the rest searches, over 365 days; a hash of the
    # row number picks name, amount and time, so each contact's events vary.
    # The foreign-key check is a trigger per row that costs more than the row itself; every contact_id
    # here comes from the range just inserted, so the seed (and only the seed) skips it.
    _execute("SET session_replication_role = replica")
    try:
        _insert_events(low, high, events)
    finally:
        _execute("SET session_replication_role = DEFAULT")
    rates["events_rows_per_s"] = round(events / (time.perf_counter() - started))
    started = time.perf_counter()
    _execute("""
        INSERT INTO audiences_computedvalue (contact_id, key, value, state, updated_at)
        SELECT id, %s, to_jsonb(id %% 12), '{}'::jsonb, now() FROM journeys_contact WHERE id BETWEEN %s AND %s""",
             [COMPUTED_KEY, low, high])
    rates["computed_rows_per_s"] = round(contacts / (time.perf_counter() - started))
    # A stand-in for autovacuum, which is off on this server: a real one vacuums a table after a bulk insert
    # (its insert threshold), setting the visibility map the previews' index-only scans rely on. Without it
    # each index entry visits the heap (the event-count preview 1.7 s instead of 0.2 s, seen here).
    started = time.perf_counter()
    for table in ("journeys_contact", "journeys_event", "audiences_computedvalue"):
        _execute(f"VACUUM (ANALYZE) {table}")
    rates["seed_vacuum_s"] = round(time.perf_counter() - started, 1)
    return rates


def _insert_events(low: int, high: int, events: int) -> None:
    _execute("""
        INSERT INTO journeys_event (contact_id, name, properties, timestamp, received_at, dispatched_at, handled_at,
                                    message_id, error)
        SELECT %s + (g::bigint * 7919) %% %s,
               CASE WHEN h %% 10 < 5 THEN 'page_viewed' WHEN h %% 10 < 7 THEN 'app_opened'
                    WHEN h %% 10 = 7 THEN 'order_completed' ELSE 'search' END,
               jsonb_build_object('amount', (h / 10) %% 300, 'category', (ARRAY['books', 'toys', 'food'])[h %% 3 + 1]),
               now() - (((h / 3000) %% 525600) * interval '1 minute'), now(), now(), now(), NULL, ''
        FROM generate_series(1, %s) g, LATERAL (SELECT hashtext(g::text) & 2147483647 AS h) pseudo_random""",
             [low, high - low + 1, events])


def _id_range() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM journeys_contact WHERE user_id LIKE %s", [PREFIX + "%"])
        return cursor.fetchone()


def time_previews(repeat: int = REPEAT) -> dict:
    """Median and worst seconds of size + sample for each condition, and the sizes found."""
    from audiences.compiler import condition_count, condition_sample
    from core import clock

    out = {}
    for name, condition in CONDITIONS.items():
        timings, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            size = condition_count(condition, clock.now())
            condition_sample(condition, clock.now())
            timings.append(time.perf_counter() - started)
        out[f"preview_{name}_s"] = round(statistics.median(timings), 3)
        out[f"preview_{name}_worst_s"] = round(max(timings), 3)
        out[f"preview_{name}_size"] = size
    return out


def time_segment_evaluation() -> dict:
    """Materialising a saved segment of the nested condition (every member's row inserted), then the
    periodic pass over it again with nothing changed."""
    from audiences.models import Segment
    from audiences.services.membership import segment_evaluate

    Segment.objects.filter(key="bench-seg").delete()
    segment = Segment.objects.create(key="bench-seg", name="bench", condition=CONDITIONS["nested_with_computed"])
    out = {}
    for label in ("segment_first_evaluation_s", "segment_reevaluation_s"):
        started = time.perf_counter()
        segment_evaluate(segment)
        out[label] = round(time.perf_counter() - started, 2)
    out["segment_members"] = segment.size
    segment.delete()
    return out


def remove() -> None:
    low_high = _id_range()
    if low_high[0] is None:
        return
    low, high = low_high
    for table in ("audiences_computedvalue", "audiences_segmentmembership", "journeys_event"):
        _execute(f"DELETE FROM {table} WHERE contact_id BETWEEN %s AND %s", [low, high])
    # The rows that pointed at these contacts are gone (the bench wrote no others): the per-row
    # foreign-key checks of nine referencing tables would take longer than the delete itself.
    _execute("SET session_replication_role = replica")
    try:
        _execute("DELETE FROM journeys_contact WHERE id BETWEEN %s AND %s AND user_id LIKE %s",
                 [low, high, PREFIX + "%"])
    finally:
        _execute("SET session_replication_role = DEFAULT")


def run(stdout, keep: bool = False) -> dict:
    if connection.vendor != "postgresql":
        stdout.write("audiences: PostgreSQL only (a million-contact preview is a production-database question); "
                     "skipped")
        return {}
    from journeys.bench import computed, dblimits

    results = seed()
    stdout.write(f"audiences world: {CONTACTS:,} contacts ({results['contacts_rows_per_s']:,} rows/s), "
                 f"{EVENTS:,} events ({results['events_rows_per_s']:,} rows/s), one computed value each "
                 f"({results['computed_rows_per_s']:,} rows/s), set-based; VACUUM (ANALYZE) "
                 f"{results['seed_vacuum_s']} s")
    results.update(time_previews())
    for name in CONDITIONS:
        median, worst = results[f"preview_{name}_s"], results[f"preview_{name}_worst_s"]
        met = "met" if worst <= TARGET_S else "MISSED"
        stdout.write(f"preview {name:<26} {median:6.3f} s median, {worst:6.3f} s worst, "
                     f"size {results[f'preview_{name}_size']:>9,}  [target ≤ {TARGET_S} s: {met}]")
    results.update(time_segment_evaluation())
    stdout.write(f"saved segment (nested condition, {results['segment_members']:,} members): first evaluation "
                 f"{results['segment_first_evaluation_s']} s, re-evaluation {results['segment_reevaluation_s']} s")
    results.update(computed.run(stdout))
    commits, rows = dblimits.single_row_commits_per_second(), dblimits.multi_row_insert_rows_per_second()
    stdout.write(f"database limits from this client: {commits:,.0f} single-row INSERT commits/s, "
                 f"{rows:,.0f} rows/s in one multi-row INSERT")
    results.update(db_commits_per_s=round(commits), db_rows_per_s=round(rows))
    if not keep:
        remove()
        for table in ("journeys_contact", "journeys_event", "audiences_computedvalue"):
            _execute(f"VACUUM ANALYZE {table}")
    return results
