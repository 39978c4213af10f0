"""The few SQL spellings that differ between PostgreSQL and SQLite (embedded mode), in one place.

Computed values are JSON in both (jsonb on PostgreSQL, text checked by json_valid on SQLite);
timestamps become epoch seconds so both compare and subtract them the same way.
"""
from __future__ import annotations

import json
from datetime import datetime

from django.db import connection

from audiences.models import ComputedValue
from core.bulk import array_literal, json_text

VALUES = ComputedValue._meta.db_table


def postgres() -> bool:
    return connection.vendor == "postgresql"


def epoch(column: str) -> str:
    """A timestamp column as epoch seconds, rounded to the millisecond (julianday is a double on SQLite)."""
    if postgres():
        return f"round(extract(epoch from {column})::numeric, 3)::float8"
    return f"round((julianday({column}) - 2440587.5) * 86400.0, 3)"


def stamp(at: datetime) -> float:
    return round(at.timestamp(), 3)


def db_time(at: datetime):
    """A datetime as the database compares it with a timestamp column in raw SQL."""
    if postgres():
        return at
    return connection.ops.adapt_datetimefield_value(at)


def whole_days(now_epoch_param: str, epoch_sql: str) -> str:
    """Whole days between two epoch-second expressions (always ≥ 0 for past events)."""
    return f"CAST(floor(({now_epoch_param} - ({epoch_sql})) / 86400.0) AS INTEGER)"


def num(json_sql: str, key: str | None = None) -> str:
    """A JSON column (or one key of its object) as a number; NULL when it is no number."""
    if postgres():
        path = f"'{{{key}}}'" if key else "'{}'"
        return (f"(CASE WHEN jsonb_typeof({json_sql} #> {path}) = 'number' "
                f"THEN ({json_sql} #>> {path})::float8 END)")
    path = f"'$.{key}'" if key else "'$'"
    return f"(CASE WHEN json_type({json_sql}, {path}) IN ('integer', 'real') THEN json_extract({json_sql}, {path}) END)"


def prop(properties_sql: str) -> str:
    """An event property (its name bound as the next parameter) as JSON."""
    if postgres():
        return f"({properties_sql} -> %s)"
    return f"({properties_sql} -> ('$.' || json_quote(%s)))"


def prop_present(properties_sql: str) -> str:
    """The property (name bound as the next parameter) is there and not null."""
    if postgres():
        return f"jsonb_typeof({properties_sql} -> %s) <> 'null'"
    return f"json_type({properties_sql}, '$.' || json_quote(%s)) <> 'null'"


def prop_num(properties_sql: str) -> str:
    """An event property (name bound as the next parameter) as a number; NULL when it is no number."""
    if postgres():
        return (f"(CASE WHEN jsonb_typeof({properties_sql} -> %s) = 'number' "
                f"THEN ({properties_sql} ->> %s)::float8 END)")
    return (f"(CASE WHEN json_type({properties_sql}, '$.' || json_quote(%s)) IN ('integer', 'real') "
            f"THEN json_extract({properties_sql}, '$.' || json_quote(%s)) END)")


def as_json_number(sql: str) -> str:
    return f"to_jsonb({sql})" if postgres() else f"json({sql})"


def as_json_text(sql: str) -> str:
    return f"to_jsonb(CAST({sql} AS TEXT))" if postgres() else f"json_quote(CAST({sql} AS TEXT))"


def text_of(json_sql: str) -> str:
    """A JSON string column as SQL text."""
    return f"({json_sql} #>> '{{}}')" if postgres() else f"json_extract({json_sql}, '$')"


def json_object(**members: str) -> str:
    pairs = ", ".join(f"'{name}', {sql}" for name, sql in members.items())
    return f"jsonb_build_object({pairs})" if postgres() else f"json_object({pairs})"


def empty_object() -> str:
    return "'{}'::jsonb" if postgres() else "'{}'"


def rows_source() -> str:
    """Rows (contact_id, key, value, state) as a SELECT over parameters from `rows_params`: on PostgreSQL
    four arrays unnested side by side (cheaper to bind and read than one JSON document per row set);
    on SQLite one JSON document."""
    if postgres():
        return ("SELECT v.contact_id, v.key, v.value::jsonb AS value, v.state::jsonb AS state "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(contact_id, key, value, state)")
    return ("SELECT json_extract(j.value, '$.contact_id') AS contact_id, json_extract(j.value, '$.key') AS key, "
            "j.value -> '$.value' AS value, j.value -> '$.state' AS state FROM json_each(%s) AS j")


def rows_params(rows: list[dict]) -> list:
    """The parameters of `rows_source` for rows {"contact_id", "key", "value", "state"}; a None value is NULL."""
    if not postgres():
        return [json.dumps(rows)]
    return [array_literal([r["contact_id"] for r in rows]), array_literal([r["key"] for r in rows]),
            array_literal([None if r["value"] is None else json_text(r["value"]) for r in rows]),
            array_literal([json_text(r["state"]) for r in rows])]


def upsert(select_sql: str, assignments: str) -> str:
    """INSERT the selected (contact_id, key, value, state) rows; a (contact, key) already there is updated
    with `assignments` (SQL over the table's row and `excluded`). `WHERE true` lets SQLite parse
    ON CONFLICT after a SELECT."""
    return (f"INSERT INTO {VALUES} (contact_id, key, value, state, updated_at) "
            f"SELECT s.contact_id, s.key, s.value, s.state, %s FROM ({select_sql}) AS s WHERE true "
            f"ON CONFLICT (contact_id, key) DO UPDATE SET {assignments}, updated_at = excluded.updated_at")


REPLACE = "value = excluded.value, state = excluded.state"


def run(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
