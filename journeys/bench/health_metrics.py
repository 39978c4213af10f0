"""`journeys_bench --only health`: the activity and retention endpoints over 1,000,000 contacts and
10,000,000 events (design section 11; target ≤ 1 s each), answered from health's rollups.

1. Seeds the audiences section's world (journeys/bench/audiences.py: contacts and a year of events, 80 % of
   them lifecycle active events) set-based.
2. Runs the rollup refresh (the scheduler's `health.rollups` job, looked up through core.periodic: journeys
   imports nothing of health) over all of it, then again after 10,000 new events: the steady state.
3. Times GET /api/v1/metrics/activity (a year of days) and /metrics/retention (8 weekly cohorts) and
   /metrics/ltv through the API client, REPEAT times each; prints the database's own limits beside them.
4. Deletes what it wrote unless --keep.
"""
from __future__ import annotations

import statistics
import time

from django.db import connection

from core import clock, periodic
from journeys.bench import audiences, dblimits

TARGET_S = 1.0
REPEAT = 5
NEW_EVENTS = 10_000
ENDPOINTS = {
    "activity": "/api/v1/metrics/activity?from={year_ago}&to={today}",
    "retention": "/api/v1/metrics/retention?cohort=week&periods=8",
    "retention_monthly": "/api/v1/metrics/retention?cohort=month&periods=12",
    "ltv": "/api/v1/metrics/ltv?cohort=month&periods=12",
}
BENCH_USER = "bench-health"


def _refresh() -> float:
    job = periodic.job("health.rollups")
    if job is None:
        raise RuntimeError("the health app registered no rollup job (is it in INSTALLED_APPS?)")
    started = time.perf_counter()
    job.run(clock.now())
    return time.perf_counter() - started


def _add_events(count: int) -> None:
    low, high = audiences._id_range()
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO journeys_event (contact_id, name, properties, timestamp, received_at, dispatched_at,
                                        handled_at, message_id, error)
            SELECT %s + (g::bigint * 104729) %% %s, 'app_opened', '{}'::jsonb, now(), now(), now(), now(), NULL, ''
            FROM generate_series(1, %s) g""", [low, high - low + 1, count])


def _world_left() -> bool:
    """The audiences world is already there whole (a run with --keep left it): seeding again takes minutes."""
    low, high = audiences._id_range()
    if low is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM journeys_contact WHERE id BETWEEN %s AND %s", [low, high])
        contacts = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) >= %s FROM journeys_event WHERE contact_id BETWEEN %s AND %s",
                       [audiences.EVENTS, low, high])
        return contacts == audiences.CONTACTS and cursor.fetchone()[0]


def _client():
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    user, _ = User.objects.get_or_create(username=BENCH_USER, defaults={"is_superuser": True})
    client = APIClient(HTTP_HOST="localhost")  # the test client's "testserver" is not an allowed host here
    client.force_authenticate(user)
    return client


def time_endpoints(repeat: int = REPEAT) -> dict:
    today = clock.now().date()
    year_ago = today.replace(year=today.year - 1)
    client, out = _client(), {}
    for name, path in ENDPOINTS.items():
        url, timings = path.format(today=today, year_ago=year_ago), []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.content[:200]!r}")
        out[f"{name}_s"], out[f"{name}_worst_s"] = round(statistics.median(timings), 3), round(max(timings), 3)
    return out


def remove() -> None:
    from django.contrib.auth.models import User

    User.objects.filter(username=BENCH_USER).delete()
    audiences.remove()
    with connection.cursor() as cursor:  # the rollups were built from the bench's events only: rebuild next time
        for table in ("activeday", "firstseen", "dailyactivity", "retentioncell", "revenueday", "rollupstate"):
            cursor.execute(f"DELETE FROM health_{table}")


def run(stdout, keep: bool = False) -> dict:
    if connection.vendor != "postgresql":
        stdout.write("health: PostgreSQL only (a million-contact dashboard is a production-database question); skipped")
        return {}
    if _world_left():
        results: dict = {}
        stdout.write("health world: reusing the 1,000,000 contacts and their events already there (--keep)")
    else:
        results = audiences.seed()
        stdout.write(f"health world: {audiences.CONTACTS:,} contacts, {audiences.EVENTS:,} events over a year "
                     f"({results['events_rows_per_s']:,} rows/s)")
    results["rollup_full_refresh_s"] = round(_refresh(), 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM health_activeday), (SELECT COUNT(*) FROM health_firstseen)")
        results["rollup_active_days"], results["rollup_contacts"] = cursor.fetchone()
    stdout.write(f"rollups built from every event in {results['rollup_full_refresh_s']} s: "
                 f"{results['rollup_active_days']:,} active contact-days, {results['rollup_contacts']:,} contacts")
    _add_events(NEW_EVENTS)
    results["rollup_incremental_refresh_s"] = round(_refresh(), 2)
    stdout.write(f"incremental refresh after {NEW_EVENTS:,} new events: {results['rollup_incremental_refresh_s']} s "
                 "(the scheduler runs it every minute)")
    results.update(time_endpoints())
    for name in ENDPOINTS:
        median, worst = results[f"{name}_s"], results[f"{name}_worst_s"]
        met = "met" if worst <= TARGET_S else "MISSED"
        stdout.write(f"GET metrics/{name:<18} {median:6.3f} s median, {worst:6.3f} s worst  "
                     f"[target ≤ {TARGET_S} s: {met}]")
    commits, rows = dblimits.single_row_commits_per_second(), dblimits.multi_row_insert_rows_per_second()
    stdout.write(f"database limits from this client: {commits:,.0f} single-row INSERT commits/s, "
                 f"{rows:,.0f} rows/s in one multi-row INSERT")
    results.update(db_commits_per_s=round(commits), db_rows_per_s=round(rows))
    if not keep:
        remove()
    return results
