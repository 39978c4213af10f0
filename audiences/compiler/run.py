"""Running a compiled condition: its size, a sample of userIds, the matching ids."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction

from .compile import compile_condition
from .json_sql import Sql

# PostgreSQL keeps an event set (`c.id IN (SELECT …)` under `not`/`any`) as an in-memory hash only
# when it fits work_mem; the default 4 MB would make it re-scan the set per contact.
WORK_MEM = "256MB"


@contextmanager
def _cursor():
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        yield cursor


def run(sql: Sql) -> list[tuple]:
    with _cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        return cursor.fetchall()


def condition_count(cond: dict, now: datetime) -> int:
    return run(compile_condition(cond, now).select("COUNT(*)"))[0][0]


def condition_sample(cond: dict, now: datetime, limit: int = 20) -> list[str]:
    """Up to `limit` userIds of matching contacts (anonymous ones have none to show), lowest id first."""
    compiled = compile_condition(cond, now)
    compiled.where = Sql(f"({compiled.where.text} AND c.user_id IS NOT NULL)", compiled.where.params)
    return [row[0] for row in run(compiled.select("c.user_id", f"ORDER BY c.id LIMIT {int(limit)}"))]


def condition_ids(cond: dict, now: datetime, scope: list[int] | None = None) -> list[int]:
    """Ids of the matching contacts (only among `scope` when given), ascending."""
    return [row[0] for row in run(compile_condition(cond, now, scope).select("c.id", "ORDER BY c.id"))]
