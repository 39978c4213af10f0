"""When a contact was first seen, as identifies tell it: the earliest timestamp an identify carried
is kept in the lifecycle value's state (the events' own timestamps are read when stages are placed)."""
from __future__ import annotations

from datetime import datetime

from audiences.services import computed_sql as q

KEY = "lifecycle_stage"


def note_identified(pairs: list[tuple[int, datetime]], now: datetime) -> int:
    """Fold (contact_id, identify timestamp) pairs into `first_seen`: ONE upsert per batch. A contact not
    placed yet gets a row with no stage (the next evaluation places it without a move event)."""
    earliest: dict[int, float] = {}
    for contact_id, at in pairs:
        stamp = q.stamp(at or now)
        earliest[contact_id] = min(stamp, earliest.get(contact_id, stamp))
    if not earliest:
        return 0
    rows = [{"contact_id": c, "key": KEY, "value": None, "state": {"first_seen": t}} for c, t in earliest.items()]
    old, new = q.num(f"{q.VALUES}.state", "first_seen"), q.num("excluded.state", "first_seen")
    first = f"(CASE WHEN {old} IS NULL OR {new} < {old} THEN {new} ELSE {old} END)"
    if q.postgres():
        merged = f"{q.VALUES}.state || jsonb_build_object('first_seen', {first})"
    else:
        merged = f"json_set({q.VALUES}.state, '$.first_seen', {first})"
    return q.run(q.upsert(q.rows_source(), f"state = {merged}"), [q.db_time(now), *q.rows_params(rows)])
