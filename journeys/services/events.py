"""What ingested events and trait changes do to journeys: enter, resume wait_event, convert goals.

One event (or contact) that raises never sinks its batch: the batch runs again one row at a
time, and the event that still raises is marked handled with the error (core/isolation.py).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.dateparse import parse_datetime

from audiences.services import computed as computed_traits
from audiences.services import membership as segment_membership
from channels_app.models import ATTRIBUTABLE_STATUSES, Message
from journeys.graph.conditions import evaluate, match_properties
from journeys.models import (
    Contact,
    Conversion,
    Enrollment,
    EnrollmentState,
    Event,
    NodeTally,
    SegmentMembership,
)
from journeys.models.enrollment import LIVE_STATES
from core import clock
from core.isolation import error_reason, run_isolated
from journeys.runtime import catalog
from journeys.runtime.context import DbContactContext
from journeys.runtime.dispatch import enqueue_advance
from journeys.services.advancing import enrollment_advance
from journeys.services.enrollments import enrollment_enter
from journeys.services.revenue import revenue_of

log = logging.getLogger(__name__)


@dataclass
class EventReport:
    enrolled: int = 0
    resumed: int = 0
    converted: int = 0
    skipped: dict = field(default_factory=dict)
    failed: dict = field(default_factory=dict)  # event id -> reason

    def add(self, other: "EventReport") -> None:
        self.enrolled += other.enrolled
        self.resumed += other.resumed
        self.converted += other.converted
        self.skipped.update(other.skipped)
        self.failed.update(other.failed)


def handle_events(event_ids: list[int], now: datetime | None = None, also_pending: int = 0) -> EventReport:
    """Fold computed traits, resume waits, record conversions, then enter and advance new contacts, all for
    these events.

    Entering contacts are advanced right here rather than through another actor
    message: one broker hop less on the event → first message path. One transaction:
    an event is marked handled together with what it did.

    `also_pending` (the actor's): up to that many other events already handed over and not yet handled
    join the batch. One event per request arrives as one message each; when messages queue up, the first
    one run takes the events of those behind it in one transaction, and theirs find nothing left to do.
    """
    now = now or clock.now()
    report = EventReport()

    def run(batch: list[Event]) -> None:
        part = EventReport()
        _handle(batch, now, part)
        report.add(part)

    def fail(event: Event, exc: Exception) -> None:
        reason = error_reason(exc, 500)
        Event.objects.filter(pk=event.pk, handled_at__isnull=True).update(handled_at=now, error=reason)
        report.failed[event.pk] = reason

    with transaction.atomic():
        # The hand-off on commit and the outbox may both bring an event: a row another handler holds is its
        # job (SKIP LOCKED), and one it already handled is no longer unhandled once its lock is released.
        events = list(Event.objects.select_for_update(skip_locked=True)
                      .filter(id__in=event_ids, handled_at__isnull=True).order_by("timestamp", "id"))
        if also_pending:
            events = sorted(events + list(Event.objects.select_for_update(skip_locked=True)
                                          .filter(handled_at__isnull=True, dispatched_at__isnull=False)
                                          .exclude(id__in=event_ids).order_by("id")[:also_pending]),
                            key=lambda event: (event.timestamp, event.pk))
        run_isolated(events, run, fail, what="handle_events")
    return report


def _handle(events: list[Event], now: datetime, report: EventReport) -> None:
    # Computed traits fold the events in first, in the transaction that marks them handled (exactly once),
    # and saved segments follow: the conditions and triggers below see values that include these events.
    computed_traits.apply_events(events, now)
    segment_membership.refresh_contacts({e.contact_id for e in events}, now)
    running = catalog.current()
    names = {e.name for e in events}
    if names & running.waited_events or names & running.goal_events:
        with transaction.atomic():
            if names & running.waited_events:
                report.resumed = _resume_waiting(events, now)
            if names & running.goal_events:
                report.converted = _record_conversions(events, now)
    for name in sorted(names & set(running.event_triggers)):
        for version, trigger in running.event_triggers[name]:
            matches: dict[int, dict] = {}
            for event in events:
                if event.name == name and match_properties(trigger.get("where"), event.properties):
                    matches.setdefault(event.contact_id, {"event": event.name, **event.properties})
            if matches:
                result = enrollment_enter(version, list(matches), now=now, trigger_id=trigger["id"],
                                          context_by_contact=matches, advance_now=True)
                report.enrolled += len(result.enrolled)
                report.skipped.update(result.skipped)
                if result.enrolled:
                    enrollment_advance(result.enrolled, now=now)
    if running.segment_triggers:
        report.enrolled += handle_identifies(sorted({e.contact_id for e in events}), now=now)
    Event.objects.filter(id__in=[e.pk for e in events]).update(handled_at=now)


def _resume_waiting(events: list[Event], now: datetime) -> int:
    """A waiting wait_event whose event arrived (after the contact reached it) leaves through "event"."""
    by_contact = defaultdict(list)
    for event in events:
        by_contact[event.contact_id].append(event)
    # A paused version holds its waiting contacts, awaited events included (they time out after resume).
    waiting = (Enrollment.objects.filter(contact_id__in=list(by_contact), state=EnrollmentState.WAITING)
               .exclude(waiting_for="").exclude(version__status="paused").select_related("version"))
    resumed = []
    for enrollment in waiting:
        node = next((n for n in enrollment.version.graph["nodes"] if n["id"] == enrollment.current_node), None)
        if node is None or node["type"] != "wait_event":
            continue
        reached_at = parse_datetime(enrollment.path[-1][1]) if enrollment.path else enrollment.entered_at
        where = node["config"].get("where")
        for event in by_contact[enrollment.contact_id]:
            if event.name == enrollment.waiting_for and event.timestamp >= reached_at and match_properties(where, event.properties):
                resumed.append(enrollment.pk)
                break
    if not resumed:
        return 0
    # Conditional on still WAITING: the scheduler may have fired the timeout first, and then it wins.
    claimed = list(Enrollment.objects.filter(id__in=resumed, state=EnrollmentState.WAITING).values_list("id", flat=True))
    Enrollment.objects.filter(id__in=claimed, state=EnrollmentState.WAITING).update(
        state=EnrollmentState.ACTIVE, resume_port="event", wake_at=None, waiting_for="", claimed_at=now, updated_at=now)
    enqueue_advance(claimed)
    return len(claimed)


def _record_conversions(events: list[Event], now: datetime) -> int:
    names = {e.name for e in events}
    goal_versions = {
        v.pk: v.graph["settings"]["goal"] for v in catalog.current().versions.values()
        if ((v.graph.get("settings") or {}).get("goal") or {}).get("event") in names
    }
    if not goal_versions:
        return 0
    candidates = (Enrollment.objects.select_for_update(of=("self",))
                  .filter(version_id__in=list(goal_versions), contact_id__in={e.contact_id for e in events},
                          converted_at__isnull=True, is_test=False)  # a test send never converts
                  .order_by("id"))
    conversions, exits = [], []
    for enrollment in candidates:
        goal = goal_versions[enrollment.version_id]
        window = timedelta(seconds=goal["within_seconds"])
        for event in events:
            if (event.contact_id == enrollment.contact_id and event.name == goal["event"]
                    and enrollment.entered_at <= event.timestamp <= enrollment.entered_at + window
                    and match_properties(goal.get("where"), event.properties)):
                last_message = (Message.objects.filter(enrollment=enrollment, created_at__lte=event.timestamp,
                                                       status__in=ATTRIBUTABLE_STATUSES).order_by("-created_at", "-id").first())
                conversions.append(Conversion(
                    enrollment=enrollment, journey_id=enrollment.journey_id, version_id=enrollment.version_id,
                    contact_id=enrollment.contact_id, event=event, event_name=event.name,
                    variants=enrollment.variants, message=last_message,
                    seconds_to_convert=(event.timestamp - enrollment.entered_at).total_seconds(),
                    converted_at=event.timestamp, revenue=revenue_of(event.properties)))
                enrollment.converted_at = event.timestamp
                if goal.get("exit") and enrollment.state in LIVE_STATES:
                    exits.append(enrollment)
                break
    if not conversions:
        return 0
    Conversion.objects.bulk_create(conversions, ignore_conflicts=True)
    Enrollment.objects.bulk_update([c.enrollment for c in conversions], ["converted_at"])
    for enrollment in exits:
        NodeTally.objects.create(version_id=enrollment.version_id, node=enrollment.current_node, exited=1)
    Enrollment.objects.filter(id__in=[e.pk for e in exits], state__in=LIVE_STATES).update(
        state=EnrollmentState.EXITED, exit_reason="goal reached", exited_at=now, wake_at=None, waiting_for="",
        updated_at=now)
    return len(conversions)


def handle_identifies(contact_ids: list[int], now: datetime | None = None) -> int:
    """Segment triggers: a contact who starts matching enters (only on a false → true change)."""
    now = now or clock.now()
    enrolled = 0
    segment_versions = catalog.current().segment_triggers
    if not segment_versions or not contact_ids:
        return 0
    contacts = list(Contact.objects.filter(id__in=contact_ids))
    for version, trigger in segment_versions:
        members = set(SegmentMembership.objects.filter(journey_id=version.journey_id, contact_id__in=contact_ids)
                      .values_list("contact_id", flat=True))
        changes = []  # (contact id, joined?)
        for contact in contacts:
            try:
                matches = evaluate(trigger["segment"], DbContactContext(contact), now)
            except Exception:  # this contact's data; the others still enter
                log.exception("segment of journey %s: contact %s could not be evaluated; skipped",
                              version.journey_id, contact.pk)
                continue
            if matches != (contact.pk in members):
                changes.append((contact.pk, matches))

        def apply(batch: list[tuple[int, bool]], version=version, trigger=trigger) -> None:
            nonlocal enrolled
            joined = [contact_id for contact_id, joins in batch if joins]
            SegmentMembership.objects.filter(journey_id=version.journey_id,
                                             contact_id__in=[c for c, joins in batch if not joins]).delete()
            SegmentMembership.objects.bulk_create(
                [SegmentMembership(journey_id=version.journey_id, contact_id=c, since=now) for c in joined],
                ignore_conflicts=True)
            if joined:
                enrolled += len(enrollment_enter(version, joined, now=now, trigger_id=trigger["id"]).enrolled)

        with transaction.atomic():  # a contact whose entry raises is logged and skipped (it has no row to mark)
            run_isolated(changes, apply, lambda change, exc: None,
                         what=f"segment entry of journey {version.journey_id}")
    return enrolled


def segments_reevaluate(now: datetime | None = None, batch: int = 2000) -> int:
    """The periodic pass: catches contacts who start matching by time passing alone."""
    now = now or clock.now()
    if not catalog.current().segment_triggers:
        return 0
    enrolled, last_id = 0, 0
    while True:
        ids = list(Contact.objects.filter(id__gt=last_id).order_by("id").values_list("id", flat=True)[:batch])
        if not ids:
            return enrolled
        enrolled += handle_identifies(ids, now=now)
        last_id = ids[-1]
