"""Merging a batch's partial values into the stored ones: ONE upsert per batch, every trait kind in it.

The merge runs inside the database (INSERT … ON CONFLICT DO UPDATE), so two ingests touching the
same contact at once both count: neither reads a value to write it back. Each kind folds its own
way; in one statement the row's key says which fold applies (CASE over the batch's keys per kind).
"""
from __future__ import annotations

from datetime import datetime

from audiences.services import computed_sql as q

T, X = q.VALUES, "excluded"
UNCHANGED = f"{T}.state"
NOW = object()  # stands for the batch's epoch seconds among a fold's parameters


def _fold(kind: str) -> tuple[str, str, list]:
    """(new value SQL, new state SQL, the value SQL's parameters) folding `excluded` (the batch) into the
    stored row `T`; no state SQL takes parameters."""
    if kind in ("count", "sum"):
        total = f"COALESCE({q.num(T + '.value')}, 0) + {q.num(X + '.value')}"
        return q.as_json_number(total), f"{X}.state", []
    if kind == "avg":
        total = f"(COALESCE({q.num(f'{T}.state', 'sum')}, 0) + {q.num(f'{X}.state', 'sum')})"
        n = f"(COALESCE({q.num(f'{T}.state', 'n')}, 0) + {q.num(f'{X}.state', 'n')})"
        return q.as_json_number(f"{total} / {n}"), q.json_object(sum=total, n=n), []
    if kind in ("min", "max"):
        better = "<" if kind == "min" else ">"
        old, new = q.num(f"{T}.value"), q.num(f"{X}.value")
        return f"CASE WHEN {old} IS NULL OR {new} {better} {old} THEN {X}.value ELSE {T}.value END", UNCHANGED, []
    if kind in ("first", "last"):
        # first keeps the stored one on a tie (it came earlier); last takes the batch's (it came later).
        wins = "<" if kind == "first" else ">="
        old, new = q.num(f"{T}.state", "at"), q.num(f"{X}.state", "at")
        take = f"{old} IS NULL OR {new} {wins} {old}"
        return (f"CASE WHEN {take} THEN {X}.value ELSE {T}.value END",
                f"CASE WHEN {take} THEN {X}.state ELSE {T}.state END", [])
    # days_since: the newer of the two last-event times, the value counted again from it (now bound later).
    old, new = q.num(f"{T}.state", "at"), q.num(f"{X}.state", "at")
    newest = f"(CASE WHEN {old} IS NULL OR {new} > {old} THEN {new} ELSE {old} END)"
    return q.as_json_number(q.whole_days("%s", newest)), q.json_object(at=newest), [NOW]


def _by_key(column: str, folds: list[tuple[list[str], str, list]]) -> tuple[str, list]:
    """`column = <fold>`: the one fold when the batch has one kind, else a CASE choosing by the row's key."""
    if len(folds) == 1:
        return f"{column} = {folds[0][1]}", folds[0][2]
    sql, params = [], []
    for keys, expression, expression_params in folds:
        sql.append(f"WHEN {X}.key IN ({', '.join(['%s'] * len(keys))}) THEN {expression}")
        params += [*keys, *expression_params]
    return f"{column} = CASE {' '.join(sql)} END", params


def merge_batch(rows_by_kind: dict[str, list[dict]], now: datetime) -> int:
    """Fold rows {"contact_id", "key", "value", "state"}, grouped by their trait's kind, into the stored
    values in one statement."""
    rows_by_kind = {kind: rows for kind, rows in rows_by_kind.items() if rows}
    if not rows_by_kind:
        return 0
    values, states = [], []
    for kind, rows in rows_by_kind.items():
        keys = sorted({row["key"] for row in rows})
        value_sql, state_sql, params = _fold(kind)
        values.append((keys, value_sql, params))
        states.append((keys, state_sql, []))
    value_assignment, value_params = _by_key("value", values)
    state_assignment, state_params = _by_key("state", states)
    bound = [q.stamp(now) if p is NOW else p for p in [*value_params, *state_params]]
    rows = [row for kind_rows in rows_by_kind.values() for row in kind_rows]
    sql = q.upsert(q.rows_source(), f"{value_assignment}, {state_assignment}")
    return q.run(sql, [q.db_time(now), *q.rows_params(rows), *bound])


def merge_rows(kind: str, rows: list[dict], now: datetime) -> int:
    """Fold rows of one kind into the stored values."""
    return merge_batch({kind: rows}, now)


def replace_rows(rows: list[dict], now: datetime) -> int:
    """Write rows as they are, whatever was stored (RFM scores, lifecycle stages)."""
    if not rows:
        return 0
    return q.run(q.upsert(q.rows_source(), q.REPLACE), [q.db_time(now), *q.rows_params(rows)])
