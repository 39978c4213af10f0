"""The periodic re-evaluation of what time alone changes: windows slide, days since an event grow,
RFM recency ages, contacts go silent. Called by the scheduler before segments are re-evaluated.

Several schedulers may run it at once; on PostgreSQL an advisory lock lets one do the work and the
others skip (SQLite has one writer and one scheduler). The lock is held by the session, not one
transaction, so the lifecycle's ranges can each commit on their own.
"""
from __future__ import annotations

import zlib
from datetime import datetime

from django.db import connection, transaction

from audiences.models import ComputedTrait
from audiences.services import computed_sql as q
from audiences.services import lifecycle, rfm
from audiences.services.computed_backfill import backfill
from audiences.services.computed_lock import recompute_exclusive
from core import clock

LOCK_ID = zlib.crc32(b"audiences.reevaluate")


def reevaluate(now: datetime | None = None) -> int:
    """Re-evaluate every time-dependent value; how many contacts moved lifecycle stage (0 if skipped)."""
    now = now or clock.now()
    if not _lock("pg_try_advisory_lock"):
        return 0
    try:
        refresh_traits(now)  # a transaction per trait: handlers folding it wait only for its recomputation
        with transaction.atomic():
            rfm.recompute(now=now)
        return lifecycle.evaluate(now=now)["moved"]
    finally:
        _lock("pg_advisory_unlock")


def _lock(function: str) -> bool:
    if not q.postgres():
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [LOCK_ID])
        return bool(cursor.fetchone()[0])


def refresh_traits(now: datetime) -> None:
    """Windowed traits are computed again, each in its own transaction under its own lock (read again once
    the lock is held: a change committed meanwhile counts); days_since without a window only counts its days
    again."""
    for trait in ComputedTrait.objects.all():
        if trait.within_days:
            with transaction.atomic():
                recompute_exclusive(trait.key)
                current = ComputedTrait.objects.filter(pk=trait.pk).first()
                if current is not None and current.within_days:
                    backfill(current, now)
        elif trait.kind == "days_since":
            newest = q.num("state", "at")
            q.run(f"UPDATE {q.VALUES} SET value = {q.as_json_number(q.whole_days('%s', newest))}, updated_at = %s "
                  f"WHERE key = %s", [q.stamp(now), q.db_time(now), trait.key])
