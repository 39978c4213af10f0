"""Advancing enrollments in batches: the runtime's hot path.

One call takes up to a few hundred enrollment ids, locks the rows (FOR UPDATE SKIP
LOCKED: a row another worker holds is its job), locks their contacts in id order
(the send policy is serialised per contact), runs the pure engine for each, applies
the send policy to all pending sends at once, and writes messages, enrollments,
traits and tallies in bulk, in one transaction. Live viewers hear of it after commit.

One bad row never sinks the batch: if the batch raises, its rows are run again one
by one and the one that still raises is failed with the error as its reason
(core/isolation.py). A row whose run never finished (its worker was killed: the
stale-active sweep set `attempts`) runs alone, counting each try before it starts,
and is failed after MAX_ATTEMPTS, so a row that kills its worker cannot loop forever.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F

from channels_app.models import Message, MessageStatus
from channels_app.services.fallback_plans import StepSend, plan_steps
from core import clock
from core.any_of import AnyOf
from core.isolation import error_reason, run_isolated
from journeys.graph.timeofday import zone_name
from journeys.models import Contact, Enrollment, EnrollmentState, JourneyVersion, NodeTally
from journeys.models.enrollment import LIVE_STATES
from journeys.runtime import catalog
from journeys.runtime.context import DbContactContext
from journeys.runtime.engine import Cursor, Engine, Outcome
from journeys.services.advance_writes import notify_journey_activity, write_batch
from journeys.services.test_runs import as_test_send, test_wake_at

__all__ = ["AdvanceReport", "MAX_ATTEMPTS", "enrollment_advance", "enrollment_fail", "notify_journey_activity"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # runs of one enrollment that never finished (worker killed) before it is failed


@dataclass
class AdvanceReport:
    advanced: int = 0
    transitions: int = 0
    messages: int = 0
    queued: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # enrollment id -> reason

    def add(self, other: "AdvanceReport") -> None:
        self.advanced += other.advanced
        self.transitions += other.transitions
        self.messages += other.messages
        self.queued.extend(other.queued)
        self.failed.update(other.failed)


@dataclass
class _Work:
    row: Enrollment
    cursor: Cursor
    context: DbContactContext
    engine: Engine
    settings: dict
    trait_updates: dict = field(default_factory=dict)


def enrollment_advance(enrollment_ids: list[int], now: datetime | None = None) -> AdvanceReport:
    """Run every ACTIVE enrollment among `enrollment_ids` until it waits or leaves. Idempotent."""
    now = now or clock.now()
    report = AdvanceReport()
    with transaction.atomic():
        rows = _lock_active(enrollment_ids)
        fresh = [row for row in rows if not row.attempts]
        interrupted = [row.pk for row in rows if row.attempts]
        _advance_isolated(fresh, now, report)
    for enrollment_id in interrupted:  # after the batch committed: each counts and commits its own try
        _advance_alone(enrollment_id, now, report)
    return report


def enrollment_fail(enrollment_id: int, reason: str, now: datetime) -> bool:
    """Take a live enrollment out as `failed` with `reason` (shown in the timeline, the admin and the stats)."""
    row = Enrollment.objects.filter(pk=enrollment_id, state__in=LIVE_STATES).values(
        "version_id", "current_node", "journey_id").first()
    if row is None:
        return False
    Enrollment.objects.filter(pk=enrollment_id, state__in=LIVE_STATES).update(
        state=EnrollmentState.FAILED, exit_reason=reason[:200], exited_at=now, wake_at=None, waiting_for="",
        claimed_at=None, updated_at=now)
    NodeTally.objects.create(version_id=row["version_id"], node=row["current_node"], exited=1)
    notify_journey_activity(row["journey_id"])
    return True


def _lock_active(enrollment_ids: list[int]) -> list[Enrollment]:
    return list(Enrollment.objects.select_for_update(skip_locked=True)
                .filter(AnyOf(F("id"), enrollment_ids), state=EnrollmentState.ACTIVE).order_by("id"))


def _advance_isolated(rows: list[Enrollment], now: datetime, report: AdvanceReport) -> None:
    """The batch at once; if it raises, each row alone, and a row that still raises is failed."""
    tried = False

    def run(batch: list[Enrollment]) -> None:
        nonlocal tried
        # A failed try leaves its rows changed in memory: every later try starts again from the database.
        current = _lock_active([row.pk for row in batch]) if tried else batch
        tried = True
        part = AdvanceReport()
        _advance_rows(current, now, part)
        report.add(part)

    def fail(row: Enrollment, exc: Exception) -> None:
        reason = error_reason(exc)
        if enrollment_fail(row.pk, reason, now):
            report.failed[row.pk] = reason

    run_isolated(rows, run, fail, what="advance")


def _advance_alone(enrollment_id: int, now: datetime, report: AdvanceReport) -> None:
    with transaction.atomic():
        row = Enrollment.objects.select_for_update(skip_locked=True).filter(
            pk=enrollment_id, state=EnrollmentState.ACTIVE).first()
        if row is None:
            return
        if row.attempts > MAX_ATTEMPTS:
            reason = f"gave up after {row.attempts - 1} interrupted attempts (a worker was lost running it)"
            enrollment_fail(row.pk, reason, now)
            report.failed[row.pk] = reason
            return
        Enrollment.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    # Committed before the run: if this row takes its worker down, the try is counted.
    with transaction.atomic():
        _advance_isolated(_lock_active([enrollment_id]), now, report)


def _advance_rows(rows: list[Enrollment], now: datetime, report: AdvanceReport) -> None:
    if not rows:
        return
    # Versions from the running catalog (no query), not joined per row: each carries the whole graph.
    running = catalog.current().versions
    versions = {vid: running[vid] for vid in {r.version_id for r in rows} if vid in running}
    missing = {r.version_id for r in rows} - set(versions)
    if missing:
        versions.update({v.pk: v for v in JourneyVersion.objects.filter(id__in=missing)})
    for row in rows:
        row.version = versions[row.version_id]
    contacts = {c.pk: c for c in Contact.objects.select_for_update().filter(
        AnyOf(F("id"), sorted({r.contact_id for r in rows}))).order_by("id")}
    work = []
    for row in rows:
        engine = catalog.engine_for(row.version)
        cursor = Cursor(node=row.current_node, resume_port=row.resume_port, variants=dict(row.variants),
                        visits=dict(row.visits), path=list(row.path))
        work.append(_Work(row, cursor, DbContactContext(contacts[row.contact_id]), engine,
                          row.version.graph.get("settings") or {}))
    tallies: dict[tuple[int, str], list[int]] = {}
    messages: list[Message] = []
    pending = work
    while pending:
        sends: list[tuple[_Work, Outcome]] = []
        for item in pending:
            outcome = item.engine.run(item.cursor, item.context, now, contact_key=str(item.row.contact_id),
                                      timezone=zone_name(item.context.contact.timezone))
            report.transitions += outcome.transitions
            for node_id in outcome.entered if not item.row.is_test else ():  # a test send is not in the stats
                tallies.setdefault((item.row.version_id, node_id), [0, 0])[0] += 1
            item.trait_updates.update(outcome.trait_updates)
            if outcome.kind == "send":
                sends.append((item, outcome))
            else:
                _settle(item, outcome, now, tallies)
        pending = _apply_policy(sends, now, messages, tallies) if sends else []
    write_batch(work, messages, tallies, now, report)
    report.advanced += len(rows)


def _settle(item: _Work, outcome: Outcome, now: datetime, tallies) -> None:
    row = item.row
    if outcome.kind == "park":
        row.state, row.wake_at, row.waiting_for = EnrollmentState.WAITING, outcome.park_until, outcome.wait_event or ""
        if row.is_test:
            row.wake_at = test_wake_at(outcome.park_until, now)
        return
    row.state = {"finish": EnrollmentState.COMPLETED, "fail": EnrollmentState.FAILED}.get(outcome.kind, EnrollmentState.EXITED)
    if outcome.kind == "finish" and outcome.reason != "completed":
        row.state = EnrollmentState.EXITED
    row.exit_reason = outcome.reason
    row.exited_at, row.wake_at, row.waiting_for = now, None, ""
    if not row.is_test:
        tallies.setdefault((row.version_id, item.cursor.node), [0, 0])[1] += 1


def _apply_policy(sends, now, messages: list[Message], tallies) -> list[_Work]:
    # Each step's latest attempt (a fallback writes one row per channel tried), as tuples: most steps have none,
    # and only a deferred one (quiet hours) is needed as a row, to be tried again.
    latest: dict[tuple, tuple[int, int, str]] = {}  # (enrollment, node, visit) -> (step_attempt, id, status)
    for enrollment_id, node, visit, step_attempt, pk, status in (
            Message.objects.filter(AnyOf(F("enrollment_id"), [item.row.pk for item, _ in sends]))
            .values_list("enrollment_id", "node", "visit", "step_attempt", "id", "status")):
        key = (enrollment_id, node, visit)
        if key not in latest or step_attempt > latest[key][0]:
            latest[key] = (step_attempt, pk, status)
    deferred = Message.objects.in_bulk([pk for _, pk, status in latest.values() if status == MessageStatus.DEFERRED])
    resume, to_check = [], []
    for item, outcome in sends:
        _, pk, status = latest.get((item.row.pk, item.cursor.node, outcome.visit), (0, None, ""))
        if pk is not None and status != MessageStatus.DEFERRED:
            # This step already ran and wrote its message (the unique key): never a second one.
            item.cursor.resume_port = "next"
            resume.append(item)
        else:
            to_check.append((item, outcome, deferred.get(pk)))
    steps = [
        StepSend(contact=item.context.contact, send=outcome.send, enrollment_id=item.row.pk,
                 journey_id=item.row.journey_id, version_id=item.row.version_id, node=item.cursor.node,
                 visit=outcome.visit, exempt_from_caps=bool(item.settings.get("exempt_from_caps")),
                 quiet_hours=item.settings.get("quiet_hours"), earlier=earlier,
                 transactional=bool(item.settings.get("transactional")))
        for item, outcome, earlier in to_check
    ]
    # The channels in order (ranked for "auto"), each through the policy until one is not blocked.
    for (item, outcome, _), planned in zip(to_check, plan_steps(steps, now)):
        if item.row.is_test:  # a test send: to a test address, never the contact's (services/test_runs.py)
            planned = as_test_send(item.row.pk, planned)
        messages.extend(planned.rows)
        verdict = planned.verdict
        if verdict.status == MessageStatus.DEFERRED:
            # Park on the send node itself; waking re-runs it (same visit, same message row).
            item.cursor.resume_port = ""
            _settle(item, Outcome(kind="park", park_until=verdict.not_before), now, tallies)
        elif not verdict.allowed and outcome.send.get("on_capped") == "exit":
            _settle(item, Outcome(kind="exit", reason=f"{verdict.status}: {verdict.reason}"), now, tallies)
        else:
            item.cursor.resume_port = "next"
            resume.append(item)
    return resume
