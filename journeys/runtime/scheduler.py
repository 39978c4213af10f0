"""The scheduler: wakes due waits, and sweeps up work a crash may have orphaned.

The database is the only durable record of a wait. Each tick claims due rows with
one conditional UPDATE (state waiting → active) over a `FOR UPDATE SKIP LOCKED`
sub-select on PostgreSQL, so any number of schedulers can run: a row is claimed by
exactly one of them, and the claim commits before its advance message is sent.

Each duty of a tick runs on its own: one that raises is logged and the others still run,
this tick and every tick after.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from core import clock, periodic
from channels_app.services.delivery import reconcile_in_doubt
from channels_app.services.fallback import supersede_overdue
from channels_app.services.ordering import park, waiting_for_earlier
from channels_app.services.throttling import release_throttled
from channels_app.models import Message, MessageStatus
from journeys.models import Enrollment, EnrollmentState, Event, JourneyVersion
from journeys.models.journey import JourneyStatus
from journeys.runtime.dispatch import enqueue_advance, enqueue_delivery, enqueue_events

log = logging.getLogger(__name__)

CLAIM_BATCH = 1000


def lease(name: str) -> timedelta:
    """How long before work counts as orphaned (settings JOURNEYS_*_LEASE_SECONDS).

    ACTIVE: an enrollment untouched this long lost its advance message; QUEUED: a
    message lost its deliver message; SENDING: a message lost its worker mid-send.
    Too short only costs duplicate (harmless) work, except SENDING, which must stay
    well above the slowest provider call.
    """
    return timedelta(seconds=getattr(settings, f"JOURNEYS_{name}_LEASE_SECONDS"))


@dataclass
class TickReport:
    events: int = 0
    messages: int = 0
    woken: int = 0
    rescued: int = 0
    reconciled: int = 0
    segments: int = 0
    lifecycle_moves: int = 0  # contacts whose lifecycle stage changed (audiences/services/lifecycle.py)
    dated: int = 0  # contacts entered by date triggers (birthdays, schedules)


def _claim(table: str, assignments: str, condition: str, order: str, params: tuple[list, list], limit: int,
           enqueue) -> list[int]:
    """UPDATE the rows matching `condition` (at most `limit`, in `order`), return their ids, enqueue after commit.

    One conditional UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select on PostgreSQL: parallel
    schedulers split the rows and none is claimed twice (the outer WHERE re-checks the
    condition on the locked row). SQLite has one writer at a time, so it needs no lock clause.
    """
    lock = "FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    # The picked ids are a materialised CTE: whatever the table's statistics say, the planner
    # then cannot re-run the pick per outer row (seen: minutes on 100k fresh rows after ANALYZE).
    sql = (f"WITH picked AS MATERIALIZED (SELECT id FROM {table} WHERE {condition} ORDER BY {order} LIMIT %s {lock}) "
           f"UPDATE {table} SET {assignments} WHERE id IN (SELECT id FROM picked) AND {condition} RETURNING id")
    set_params, where_params = params
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [*where_params, limit, *set_params, *where_params])
            ids = sorted(row[0] for row in cursor.fetchall())
        enqueue(ids)
    return ids


def claim_due_waits(now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
    """Waits whose time has come become ACTIVE and get an advance message."""
    # A paused version holds its waiting contacts: their waits stay due and fire after resume.
    return _claim(Enrollment._meta.db_table, "state = %s, wake_at = NULL, claimed_at = %s, updated_at = %s",
                  f"state = %s AND wake_at <= %s AND version_id NOT IN "
                  f"(SELECT id FROM {JourneyVersion._meta.db_table} WHERE status = %s)", "wake_at",
                  ([EnrollmentState.ACTIVE, now, now], [EnrollmentState.WAITING, now, JourneyStatus.PAUSED]),
                  limit, enqueue_advance)


def dispatch_new_events(now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
    """The event outbox: hand events nobody handled yet (new, or dispatched and lost) to the runtime."""
    return _claim(Event._meta.db_table, "dispatched_at = %s",
                  "handled_at IS NULL AND (dispatched_at IS NULL OR dispatched_at < %s)", "id",
                  ([now], [now - lease("EVENT")]), limit, enqueue_events)


def dispatch_queued_messages(now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
    """The delivery outbox: hand queued messages (due, and not handed over within the lease) to `deliver`.

    Collecting them every tick batches deliveries under a steady trickle of sends (one actor
    call per hundred messages rather than per message), and a hand-over lost with a broker
    or a worker is redone after the lease. One enrollment's messages go in step order: a
    message whose enrollment has an earlier one still queued or sending is parked instead,
    and handed over on the first tick after that one is sent or failed.
    """
    release_throttled(now)  # sends that waited for a rate budget or a breaker and may go now
    table = Message._meta.db_table
    lock = "FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The pick alone, by the primary key's order: no join the planner could misjudge on stale statistics.
            cursor.execute(f"SELECT id, enrollment_id FROM {table} WHERE status = %s AND (not_before IS NULL OR "
                           f"not_before <= %s) AND (dispatched_at IS NULL OR dispatched_at < %s) ORDER BY id LIMIT %s "
                           f"{lock}", [MessageStatus.QUEUED, now, now - lease("QUEUED"), limit])
            picked = cursor.fetchall()
        waiting = waiting_for_earlier(picked)
        ids = sorted(pk for pk, _ in picked if pk not in waiting)
        Message.objects.filter(id__in=ids).update(dispatched_at=now)
        park(sorted(waiting), now)
        enqueue_delivery(ids)
    return ids


def rescue_stale_active(now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
    """ACTIVE rows whose advance message was lost (broker restart, worker killed): send it again.

    Marked as interrupted (`attempts` at least 1): the advance then runs each of them alone, counting
    its tries, so a row that kills its worker is failed after a few instead of looping with its batch.
    """
    with transaction.atomic():
        ids = list(Enrollment.objects.select_for_update(skip_locked=True)
                   .filter(state=EnrollmentState.ACTIVE, claimed_at__lt=now - lease("ACTIVE"))
                   .values_list("id", flat=True)[:limit])
        Enrollment.objects.filter(id__in=ids).update(claimed_at=now, attempts=Greatest(F("attempts"), Value(1)))
        enqueue_advance(ids)
    return ids


def reconcile_sending(now: datetime) -> list[int]:
    """Messages a lost worker left in "sending": resolved with their provider, requeued only if certainly unsent."""
    with transaction.atomic():
        requeued = reconcile_in_doubt(now - lease("SENDING"), now)
        enqueue_delivery(requeued)
    return requeued


def _drain(claim, now: datetime) -> int:
    """Claim batches until one comes back short; how many rows were claimed."""
    total = 0
    while True:
        ids = claim(now)
        total += len(ids)
        if len(ids) < CLAIM_BATCH:
            return total


class Scheduler:
    def __init__(self, interval: float = 0.1, segment_every: float | None = None):
        self.interval = interval
        self.segment_every = segment_every if segment_every is not None else settings.JOURNEYS_SEGMENT_REEVALUATE_SECONDS
        self._next_segments = time.monotonic() + self.segment_every
        self._next_sweep = 0.0
        self._next_dates = 0.0  # date triggers: checked on the first tick, then every JOURNEYS_DATE_ENTRY_SECONDS

    def tick(self, now: datetime | None = None) -> TickReport:
        """Every duty once, in this thread (tests; `run` splits them over two lanes)."""
        now = now or clock.now()
        report = TickReport()
        self._fast_duties(now, report)
        self._slow_duties(now, report)
        return report

    def _fast_duties(self, now: datetime, report: TickReport) -> None:
        """The hand-overs that event → message latency waits on: outboxes, due waits, timers, sweeps."""
        report.events = self._duty("event outbox", _drain, dispatch_new_events, now)
        report.messages = self._duty("delivery outbox", _drain, dispatch_queued_messages, now)
        report.woken = self._duty("due waits", _drain, claim_due_waits, now)
        # Sent attempts not delivered within their step's fallback_after_seconds give way to the next channel.
        self._duty("fallback timers", lambda: len(supersede_overdue(now)))
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + settings.JOURNEYS_SWEEP_SECONDS
            report.rescued = self._duty("stale-active sweep", lambda: len(rescue_stale_active(now)))
            report.reconciled = self._duty("in-doubt sweep", lambda: len(reconcile_sending(now)))

    def _slow_duties(self, now: datetime, report: TickReport) -> None:
        """Passes over whole tables (date entries, re-evaluations, rollups, alerts): seconds on large data, so
        `run` gives them their own thread and they never hold up the outboxes."""
        if time.monotonic() >= self._next_dates:
            self._next_dates = time.monotonic() + getattr(settings, "JOURNEYS_DATE_ENTRY_SECONDS", 30)
            from journeys.services.date_entry import date_entries_run

            report.dated = self._duty("date entries", date_entries_run, now)
        if time.monotonic() >= self._next_segments:
            self._next_segments = time.monotonic() + self.segment_every
            from audiences.services.computed_reeval import reevaluate as audiences_reevaluate
            from journeys.services.events import segments_reevaluate

            # Computed traits, RFM and lifecycle first: segments read them.
            report.lifecycle_moves = self._duty("computed-trait re-evaluation", audiences_reevaluate, now)
            report.segments = self._duty("segment re-evaluation", segments_reevaluate, now)
            from audiences.services.membership import segments_reevaluate_due

            # Saved segments: each claimed in the database, so several schedulers never evaluate one twice.
            report.segments += self._duty("saved-segment re-evaluation", segments_reevaluate_due, now)
        for job in periodic.due_jobs():  # registered by other apps (health's rollups and alert evaluation)
            self._duty(job.name, job.run, now)

    @staticmethod
    def _duty(name: str, fn, *args) -> int:
        """Run one duty; if it raises, log it and go on with the others (0 done)."""
        try:
            return fn(*args)
        except Exception:
            log.exception("scheduler: %s failed; the other duties go on", name)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()  # a lost connection is reopened by the next duty
            return 0

    def run(self, stop: threading.Event) -> None:
        log.info("scheduler started (tick every %.2fs)", self.interval)
        slow_lane = threading.Thread(target=self._lane, args=(stop, self._slow_duties, 1.0), daemon=True,
                                     name="scheduler-slow-lane")
        slow_lane.start()
        self._lane(stop, self._fast_duties, self.interval)
        slow_lane.join(timeout=30)

    def _lane(self, stop: threading.Event, duties, interval: float) -> None:
        """Run `duties` every `interval` until `stop`; each lane (thread) has its own database connection."""
        while not stop.is_set():
            started = time.monotonic()
            try:
                report = TickReport()
                duties(clock.now(), report)
                if report.events or report.messages or report.woken or report.rescued or report.reconciled:
                    log.debug("scheduler tick: %s", report)
            except Exception:  # a lost DB connection must not kill the loop
                log.exception("scheduler tick failed; retrying")
                close_old_connections()
                connection.close()
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
        connection.close()
