"""One enrollment's messages reach their providers in step order.

A message waits while an earlier message of its enrollment is still queued or sending. A waiting
message is parked in the delivery outbox: stamped as if handed over a lease ago, so the outbox looks
at it again within PARK_RECHECK_SECONDS, or on its next tick once the earlier message is sent or
fails (`release_followers`). Every lookup here goes by enrollment id alone: a plan the database
cannot get wrong, however stale its statistics on the fast-changing status column.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from channels_app.models import Message, MessageStatus
from channels_app.services.throttling import THROTTLED_REASONS, is_throttled
from core.bulk import array_literal

UNDELIVERED = (MessageStatus.QUEUED, MessageStatus.SENDING)
PARK_RECHECK_SECONDS = 5
# Parked stamps are recognised up to this much later: the batches of two workers start a little apart.
CLOCK_SLACK_SECONDS = 30


def waiting_for_earlier(rows: list[tuple[int, int | None]]) -> set[int]:
    """Of (message id, enrollment id) pairs: those held back by an earlier queued or sending one of their enrollment."""
    enrollment_ids = {enrollment_id for _, enrollment_id in rows if enrollment_id}
    if not enrollment_ids:
        return set()
    first: dict[int, int] = {}
    for enrollment_id, pk, status, reason in (Message.objects.filter(enrollment_id__in=sorted(enrollment_ids))
                                              .values_list("enrollment_id", "id", "status", "reason")):
        # A send waiting for its rate budget or a breaker is still on its way: later steps wait behind it.
        if (status in UNDELIVERED or is_throttled(status, reason)) and pk < first.get(enrollment_id, pk + 1):
            first[enrollment_id] = pk
    return {pk for pk, enrollment_id in rows if enrollment_id and first.get(enrollment_id, pk) < pk}


# The claim of a delivery batch on PostgreSQL, in one statement: lock the due queued messages no other worker
# holds, park those an earlier queued, sending or throttled message of their enrollment waits before (exactly
# `waiting_for_earlier`), move the others to "sending". The siblings are read by enrollment id alone (a
# materialised CTE), for the same reason as `waiting_for_earlier`; the picked by their primary key alone (status
# compared as an expression, which no index on it serves: a stale estimate of queued rows once made the planner
# scan every queued message to find the batch's fifty).
_CLAIM_SQL = """
WITH picked AS MATERIALIZED (
    SELECT id, enrollment_id FROM {table}
    WHERE id = ANY(%(ids)s::bigint[]) AND status || '' = %(queued)s AND (not_before IS NULL OR not_before <= %(now)s)
    FOR UPDATE SKIP LOCKED
), siblings AS MATERIALIZED (
    SELECT enrollment_id, id, status, reason FROM {table}
    WHERE enrollment_id = ANY(ARRAY(SELECT DISTINCT enrollment_id FROM picked WHERE enrollment_id IS NOT NULL))
), first_undelivered AS (
    SELECT enrollment_id, min(id) AS id FROM siblings
    WHERE status = ANY(%(undelivered)s::text[]) OR (status = %(deferred)s AND reason ^@ ANY(%(throttled)s::text[]))
    GROUP BY enrollment_id
), held AS (
    SELECT p.id FROM picked p JOIN first_undelivered f ON f.enrollment_id = p.enrollment_id AND f.id < p.id
), parked AS (
    UPDATE {table} t SET dispatched_at = %(parked)s FROM held WHERE t.id = held.id RETURNING t.id
), claimed AS (
    UPDATE {table} t SET status = %(sending)s, updated_at = %(now)s, dispatched_at = %(now)s
    FROM picked p WHERE t.id = p.id AND p.id NOT IN (SELECT id FROM held) RETURNING t.id
)
SELECT id, false FROM claimed UNION ALL SELECT id, true FROM parked
"""


def claim_in_step_order(message_ids: list[int], now: datetime) -> tuple[list[int], list[int]]:
    """PostgreSQL, inside the caller's transaction: (claimed ids, held ids), each sorted. The claimed are
    "sending" (dispatched_at set: no call made yet), the held parked as `park` does."""
    params = {"ids": array_literal(sorted(message_ids)), "now": now, "parked": _parked_stamp(now),
              "queued": MessageStatus.QUEUED, "sending": MessageStatus.SENDING, "deferred": MessageStatus.DEFERRED,
              "undelivered": array_literal(list(UNDELIVERED)), "throttled": array_literal(list(THROTTLED_REASONS))}
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL.format(table=Message._meta.db_table), params)
        rows = cursor.fetchall()
    return sorted(pk for pk, held in rows if not held), sorted(pk for pk, held in rows if held)


def _parked_stamp(now: datetime) -> datetime:
    lease = float(getattr(settings, "JOURNEYS_QUEUED_LEASE_SECONDS", 300))
    return now - timedelta(seconds=max(lease - PARK_RECHECK_SECONDS, 0))


def park(message_ids: list[int], now: datetime) -> None:
    if message_ids:
        Message.objects.filter(id__in=message_ids).update(dispatched_at=_parked_stamp(now))


_RELEASE_SQL = """
WITH mine AS MATERIALIZED (SELECT id, status, dispatched_at FROM {table} WHERE enrollment_id = ANY(%(ids)s::bigint[]))
UPDATE {table} t SET dispatched_at = NULL FROM mine
WHERE t.id = mine.id AND mine.status = %(queued)s AND mine.dispatched_at <= %(until)s AND t.status = %(queued)s
"""


def release_followers(enrollment_ids, now: datetime) -> None:
    """The parked next steps of these enrollments may go: the outbox hands them over on its next tick."""
    ids = sorted({pk for pk in enrollment_ids if pk})
    if not ids:
        return
    parked_until = _parked_stamp(now) + timedelta(seconds=CLOCK_SLACK_SECONDS)
    if connection.vendor == "postgresql":  # one statement, the lookup still by enrollment id alone
        with connection.cursor() as cursor:
            cursor.execute(_RELEASE_SQL.format(table=Message._meta.db_table),
                           {"ids": array_literal(ids), "queued": MessageStatus.QUEUED, "until": parked_until})
        return
    parked = [pk for pk, status, stamp in Message.objects.filter(enrollment_id__in=ids)
              .values_list("id", "status", "dispatched_at")
              if status == MessageStatus.QUEUED and stamp is not None and stamp <= parked_until]
    if parked:
        Message.objects.filter(id__in=parked, status=MessageStatus.QUEUED).update(dispatched_at=None)
