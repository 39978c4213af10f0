"""A published broadcast on its way: started (a launch of its journey on the segment, spread over
send_over_minutes), marked sent once nothing is left to send, or stopped by a cancel.

`broadcasts_tick` is the scheduler's periodic duty (registered in broadcasts/apps.py through core.periodic).
Every start is claimed by one conditional UPDATE (scheduled → sending), so two schedulers never start a
broadcast twice; one broadcast that fails to start is logged and does not hold up the others.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from broadcasts.models import Broadcast, BroadcastStatus as S
from broadcasts.selectors.broadcasts import segment_size
from channels_app.models import Message, MessageStatus
from core.isolation import error_reason
import journeys.interface as journeys

log = logging.getLogger(__name__)

PENDING_MESSAGES = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.DEFERRED)
CANCELLED_REASON = "cancelled: the broadcast was cancelled"


def broadcast_start(broadcast: Broadcast, now: datetime) -> None:
    """Launch the broadcast's live journey on its segment (inside the caller's transaction, status sending).

    The audience is counted now; the launch spreads the n-th matched contact's entry to
    n / audience × send_over_minutes, so per-minute sends stay even.
    """
    size = segment_size(broadcast.segment)
    journeys.launch_create(broadcast.journey, condition={"segment": broadcast.segment}, user=None,
                           spread_seconds=broadcast.send_over_minutes * 60, spread_count=size)
    broadcast.audience_size, broadcast.started_at = size, now
    broadcast.save(update_fields=["audience_size", "started_at", "updated_at"])


def _start_claimed(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        claimed = Broadcast.objects.filter(pk=pk, status=S.SCHEDULED, send_at__lte=now).update(status=S.SENDING)
        if claimed:
            broadcast_start(Broadcast.objects.select_related("journey").get(pk=pk), now)
    return bool(claimed)


def broadcasts_start_due(now: datetime) -> int:
    """Start every scheduled broadcast whose send_at has come; how many this scheduler started.

    One that cannot start (its segment was deleted meanwhile) is marked failed with the reason, its journey
    archived: the others still start, and it is never retried forever.
    """
    started = 0
    for pk in Broadcast.objects.filter(status=S.SCHEDULED, send_at__lte=now).values_list("pk", flat=True):
        try:
            started += _start_claimed(pk, now)
        except Exception as exc:
            log.exception("broadcast %s could not start; marked failed", pk)
            _fail(pk, now, exc)
    return started


def _fail(pk: int, now: datetime, exc: Exception) -> None:
    with transaction.atomic():
        if Broadcast.objects.filter(pk=pk, status=S.SCHEDULED).update(
                status=S.FAILED, finished_at=now, error=error_reason(exc, 300)):
            journey = journeys.Journey.objects.filter(broadcast__pk=pk).first()
            if journey is not None:
                journeys.journey_archive(journey, user=None, comment="broadcast failed to start")


def _has_pending_work(journey_id: int) -> bool:
    return (journeys.Launch.objects.filter(journey_id=journey_id, state=journeys.Launch.State.RUNNING).exists()
            or journeys.Enrollment.objects.filter(journey_id=journey_id,
                                                  state__in=journeys.LIVE_ENROLLMENT_STATES).exists()
            or Message.objects.filter(journey_id=journey_id, status__in=PENDING_MESSAGES, is_test=False).exists())


def broadcasts_finish_done(now: datetime) -> int:
    """Sending broadcasts with nothing left to send become sent; their journeys are archived."""
    finished = 0
    for pk, journey_id in Broadcast.objects.filter(status=S.SENDING).values_list("pk", "journey_id"):
        if journey_id is not None and _has_pending_work(journey_id):
            continue
        with transaction.atomic():
            if not Broadcast.objects.filter(pk=pk, status=S.SENDING).update(status=S.SENT, finished_at=now):
                continue  # cancelled meanwhile, or another scheduler got there first
            if journey_id is not None:
                journey = journeys.Journey.objects.get(pk=journey_id)
                journeys.journey_archive(journey, user=None, comment="broadcast sent")
            finished += 1
    return finished


def broadcasts_tick(now: datetime) -> int:
    return broadcasts_start_due(now) + broadcasts_finish_done(now)


def broadcast_stop(broadcast: Broadcast, now: datetime) -> None:
    """After its journey was archived: no more entries from its launch, no queued message goes out."""
    journeys.Launch.objects.filter(journey_id=broadcast.journey_id, state=journeys.Launch.State.RUNNING).update(
        state=journeys.Launch.State.DONE, error="cancelled", updated_at=now)
    Message.objects.filter(journey_id=broadcast.journey_id, status__in=(MessageStatus.QUEUED, MessageStatus.DEFERRED),
                           is_test=False).update(status=MessageStatus.FAILED, reason=CANCELLED_REASON, updated_at=now)
