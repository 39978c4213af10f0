"""The database's own limits, measured from the same client: what "fast" can mean on this machine."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

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


@contextmanager
def autoanalyze_stand_in(every_seconds: float = 15.0):
    """While autovacuum is off on this server: ANALYZE the runtime tables every `every_seconds`, as its
    autoanalyze would on a normal one. Without it the statistics keep saying "empty" for tables that grow
    by 100,000s of rows during a run, and plans made then stay: PostgreSQL caches each connection's
    foreign-key check plan, so every message insert's check on its enrollment became a sequential scan of
    the growing table (seen in a 100,000-contact run: the run took 160 s instead of under 60). An ANALYZE
    invalidates those plans and the next use plans again with real sizes."""
    if connection.vendor != "postgresql" or autovacuum_enabled() is not False:
        yield
        return
    stop = threading.Event()

    def analyze() -> None:
        from django.db import connections

        try:
            stopped = False
            while not stopped:  # once more on the way out: the run's tables end analysed too
                stopped = stop.wait(every_seconds)
                with connections["default"].cursor() as cursor:
                    for table in RUNTIME_TABLES:
                        cursor.execute(f"ANALYZE {table}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=analyze, name="autoanalyze-stand-in", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
