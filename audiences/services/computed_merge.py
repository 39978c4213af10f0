"""Merging a batch's partial values into the stored ones: ONE upsert per trait kind per batch.

The merge runs inside the database (INSERT … ON CONFLICT DO UPDATE), so two ingests touching the
same contact at once both count: neither reads a value to write it back.
"""
from __future__ import annotations

from datetime import datetime

from audiences.services import computed_sql as q

T, X = q.VALUES, "excluded"


def _merge_assignments(kind: str) -> tuple[str, list]:
    """SET assignments (and their parameters) folding `excluded` (the batch) into the stored row."""
    if kind in ("count", "sum"):
        total = f"COALESCE({q.num(T + '.value')}, 0) + {q.num(X + '.value')}"
        return f"value = {q.as_json_number(total)}, state = {X}.state", []
    if kind == "avg":
        total = f"(COALESCE({q.num(f'{T}.state', 'sum')}, 0) + {q.num(f'{X}.state', 'sum')})"
        n = f"(COALESCE({q.num(f'{T}.state', 'n')}, 0) + {q.num(f'{X}.state', 'n')})"
        return f"value = {q.as_json_number(f'{total} / {n}')}, state = {q.json_object(sum=total, n=n)}", []
    if kind in ("min", "max"):
        better = "<" if kind == "min" else ">"
        old, new = q.num(f"{T}.value"), q.num(f"{X}.value")
        return f"value = CASE WHEN {old} IS NULL OR {new} {better} {old} THEN {X}.value ELSE {T}.value END", []
    if kind in ("first", "last"):
        # first keeps the stored one on a tie (it came earlier); last takes the batch's (it came later).
        wins = "<" if kind == "first" else ">="
        old, new = q.num(f"{T}.state", "at"), q.num(f"{X}.state", "at")
        take = f"{old} IS NULL OR {new} {wins} {old}"
        return (f"value = CASE WHEN {take} THEN {X}.value ELSE {T}.value END, "
                f"state = CASE WHEN {take} THEN {X}.state ELSE {T}.state END"), []
    # days_since: the newer of the two last-event times, the value counted again from it.
    old, new = q.num(f"{T}.state", "at"), q.num(f"{X}.state", "at")
    newest = f"(CASE WHEN {old} IS NULL OR {new} > {old} THEN {new} ELSE {old} END)"
    return (f"value = {q.as_json_number(q.whole_days('%s', newest))}, state = {q.json_object(at=newest)}",
            [])


def merge_rows(kind: str, rows: list[dict], now: datetime) -> int:
    """Fold rows {"contact_id", "key", "value", "state"} of one kind into the stored values."""
    if not rows:
        return 0
    assignments, extra = _merge_assignments(kind)
    params: list = [q.db_time(now), q.rows_document(rows)]
    if kind == "days_since":
        extra = [q.stamp(now)]
    return q.run(q.upsert(q.rows_source(), assignments), [*params, *extra])


def replace_rows(rows: list[dict], now: datetime) -> int:
    """Write rows as they are, whatever was stored (RFM scores, lifecycle stages)."""
    if not rows:
        return 0
    return q.run(q.upsert(q.rows_source(), q.REPLACE), [q.db_time(now), q.rows_document(rows)])
