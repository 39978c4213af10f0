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

from channels_app.models import Message, MessageStatus
from channels_app.services.throttling import is_throttled

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


def _parked_stamp(now: datetime) -> datetime:
    lease = float(getattr(settings, "JOURNEYS_QUEUED_LEASE_SECONDS", 300))
    return now - timedelta(seconds=max(lease - PARK_RECHECK_SECONDS, 0))


def park(message_ids: list[int], now: datetime) -> None:
    if message_ids:
        Message.objects.filter(id__in=message_ids).update(dispatched_at=_parked_stamp(now))


def release_followers(enrollment_ids, now: datetime) -> None:
    """The parked next steps of these enrollments may go: the outbox hands them over on its next tick."""
    ids = sorted({pk for pk in enrollment_ids if pk})
    if not ids:
        return
    parked_until = _parked_stamp(now) + timedelta(seconds=CLOCK_SLACK_SECONDS)
    parked = [pk for pk, status, stamp in Message.objects.filter(enrollment_id__in=ids)
              .values_list("id", "status", "dispatched_at")
              if status == MessageStatus.QUEUED and stamp is not None and stamp <= parked_until]
    if parked:
        Message.objects.filter(id__in=parked, status=MessageStatus.QUEUED).update(dispatched_at=None)
