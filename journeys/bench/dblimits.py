"""The database's own limits, measured from the same client: what "fast" can mean on this machine."""
from __future__ import annotations

import time

from django.db import connection, transaction

TABLE = "journeys_bench_probe"


def single_row_commits_per_second(seconds: float = 2.0) -> float:
    """One INSERT per transaction, back to back (the cost of committing once per step)."""
    _create()
    done, started = 0, time.perf_counter()
    try:
        while time.perf_counter() - started < seconds:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO {TABLE} (n, label) VALUES (%s, %s)", [done, "x"])
            done += 1
        return done / (time.perf_counter() - started)
    finally:
        _drop()


def multi_row_insert_rows_per_second(rows: int = 500_000) -> float:
    """One set-based INSERT of many rows (the ceiling for batched writes)."""
    _create()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            if connection.vendor == "postgresql":
                cursor.execute(f"INSERT INTO {TABLE} (n, label) SELECT g, 'x' FROM generate_series(1, %s) AS g", [rows])
            else:
                cursor.execute(
                    f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s) "
                    f"INSERT INTO {TABLE} (n, label) SELECT n, 'x' FROM g", [rows])
            return rows / (time.perf_counter() - started)
    finally:
        _drop()


def _create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (n bigint, label varchar(10))")


def _drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


RUNTIME_TABLES = ("journeys_contact", "journeys_event", "journeys_enrollment", "journeys_nodetally",
                  "channels_app_message", "channels_app_sandboxdelivery", "channels_app_deliveryevent")


def autovacuum_enabled() -> bool | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0] == "on"


def vacuum_runtime_tables() -> None:
    """VACUUM ANALYZE what the benchmark churns: with autovacuum off, dead rows from earlier runs
    (millions after a few 100k-contact runs) would slow every scan and skew the figures."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in RUNTIME_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
