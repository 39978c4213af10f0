"""The few SQL expressions that differ between PostgreSQL and SQLite, and day-number conversions.

A day is a whole UTC day counted from 1970-01-01 (1970-01-01 was a Thursday, hence the +3 to reach Monday).
"""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection

EPOCH = date(1970, 1, 1)


def postgres() -> bool:
    return connection.vendor == "postgresql"


def day_of(column: str) -> str:
    """The UTC day number of a timestamp column."""
    if postgres():
        return f"(floor(extract(epoch from {column}) / 86400))::int"
    # Django keeps SQLite datetimes as UTC text 'YYYY-MM-DD HH:MM:SS…'.
    return f"CAST(julianday(substr({column}, 1, 10)) - 2440587.5 AS INTEGER)"


def month_of(column: str) -> str:
    if postgres():
        return (f"(extract(year from {column} at time zone 'UTC') * 12"
                f" + extract(month from {column} at time zone 'UTC') - 1)::int")
    return f"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)"


def week_of(day_sql: str) -> str:
    # %% : every query here runs with parameters, where both drivers read a lone % as a placeholder.
    return f"({day_sql} - (({day_sql} + 3) %% 7))"


def number_property(column: str) -> str:
    """The numeric value of the JSON property named by the next query parameter (used twice), else NULL."""
    if postgres():
        return f"CASE WHEN jsonb_typeof({column} -> %s) = 'number' THEN ({column} ->> %s)::float8 END"
    path = "'$.\"' || %s || '\"'"
    return f"CASE WHEN json_type({column}, {path}) IN ('integer', 'real') THEN json_extract({column}, {path}) END"


def to_date(day: int) -> date:
    return EPOCH + timedelta(days=day)


def to_day(value: date) -> int:
    return (value - EPOCH).days


def week_start(day: int) -> int:
    return day - (day + 3) % 7


def month_number(value: date) -> int:
    return value.year * 12 + value.month - 1


def month_date(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def run(sql: str, params: list | tuple = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rows(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
