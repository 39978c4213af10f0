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
        with transaction.atomic():
            refresh_traits(now)  # its own transaction: event handlers wait while it holds the computed lock
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
    """Windowed traits are computed again; days_since without a window only counts its days again."""
    traits = list(ComputedTrait.objects.all())
    if any(trait.within_days for trait in traits):
        recompute_exclusive()
    for trait in traits:
        if trait.within_days:
            backfill(trait, now)
        elif trait.kind == "days_since":
            newest = q.num("state", "at")
            q.run(f"UPDATE {q.VALUES} SET value = {q.as_json_number(q.whole_days('%s', newest))}, updated_at = %s "
                  f"WHERE key = %s", [q.stamp(now), q.db_time(now), trait.key])
