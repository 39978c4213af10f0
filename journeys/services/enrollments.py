"""Enrollment writes: enter contacts into a live version, and advance enrollments in batches.

Advancing is the hot path. One call takes up to a few hundred enrollment ids,
locks the rows (FOR UPDATE SKIP LOCKED: a row another worker holds is its job),
locks their contacts in id order (the send policy is serialised per contact),
runs the pure engine for each, applies the send policy to all pending sends at
once, and writes messages, enrollments, traits and tallies in bulk, in one
transaction. Deliveries are enqueued after commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q

from channels_app.models import Message, MessageStatus
from channels_app.policy import SendRequest, check_sends
from journeys.consumers import notify_journey_activity
from journeys.graph.spec import Graph
from journeys.models import Contact, Enrollment, EnrollmentState, JourneyVersion, NodeTally
from journeys.models.enrollment import LIVE_STATES
from core import clock
from journeys.runtime import catalog
from journeys.runtime.context import DbContactContext
from journeys.runtime.dispatch import enqueue_advance
from journeys.runtime.engine import Cursor, Engine, Outcome, start_cursor
from core.bulk import insert_rows, update_rows
from journeys.services.contact_rows import update_contacts
from core.errors import Conflict
from journeys.services.ingest import ADDRESS_TRAITS

_engines: dict[tuple, Engine] = {}


def engine_for(version: JourneyVersion) -> Engine:
    """Live versions are immutable: their parsed graph is cached per process."""
    key = (version.pk, version.revision, version.updated_at)
    engine = _engines.get(key)
    if engine is None:
        if len(_engines) > 512:
            _engines.clear()
        engine = _engines[key] = Engine(Graph.from_dict(version.graph), str(version.journey_id))
    return engine


# --------------------------------------------------------------------------- entering

@dataclass
class EnterResult:
    enrolled: list[int] = field(default_factory=list)  # new enrollment ids
    skipped: dict[int, str] = field(default_factory=dict)  # contact id -> why not


def enrollment_enter(version: JourneyVersion, contact_ids: list[int], *, now: datetime | None = None,
                     trigger_id: str | None = None, context_by_contact: dict[int, dict] | None = None,
                     advance_now: bool = False) -> EnterResult:
    """Enroll contacts into a live version, honouring the journey's re-entry rule.

    The new enrollments are ACTIVE; an advance message is enqueued on commit unless
    `advance_now` says the caller advances them itself right after (a crash in
    between leaves them ACTIVE, and the scheduler's stale-active sweep re-enqueues them).
    """
    now = now or clock.now()
    engine = engine_for(version)
    if trigger_id is None:
        if not engine.triggers:
            raise Conflict("the journey has no trigger", field="draft")
        trigger_id = engine.triggers[0].id
    result = EnterResult()
    # Only a live version takes entries: not paused, finishing or archived. Asked of the database, not the
    # (up to a second old) catalog copy, so a pause stops entries at once.
    status = JourneyVersion.objects.filter(pk=version.pk).values_list("status", flat=True).first()
    if status != "live":
        result.skipped = {c: f"version {version.number} is {status}; only a live version takes entries"
                          for c in contact_ids}
        return result
    with transaction.atomic():
        eligible = _eligible_contacts(version, list(dict.fromkeys(contact_ids)), now, result)
        rows = []
        for contact_id in eligible:
            cursor = start_cursor(trigger_id, now)
            rows.append(Enrollment(
                journey_id=version.journey_id, version=version, contact_id=contact_id, state=EnrollmentState.ACTIVE,
                current_node=cursor.node, visits=cursor.visits, path=cursor.path, entered_at=now, claimed_at=now,
                context=(context_by_contact or {}).get(contact_id, {}),
            ))
        created = _insert_enrollments(rows, result)
        if created:
            NodeTally.objects.create(version=version, node=trigger_id, entered=len(created))
            if not advance_now:
                enqueue_advance([e.pk for e in created])
        result.enrolled = [e.pk for e in created]
    return result


def _eligible_contacts(version: JourneyVersion, contact_ids: list[int], now: datetime, result: EnterResult) -> list[int]:
    settings = version.graph.get("settings") or {}
    reentry = settings.get("reentry", "never")
    cooldown = timedelta(seconds=settings.get("reentry_cooldown_seconds") or 0)
    history = {
        row["contact_id"]: row
        for row in Enrollment.objects.filter(journey_id=version.journey_id, contact_id__in=contact_ids)
        .values("contact_id").annotate(live=Count("id", filter=Q(state__in=LIVE_STATES)), total=Count("id"),
                                       last_exit=Max("exited_at"))
    }
    eligible = []
    for contact_id in contact_ids:
        past = history.get(contact_id)
        if past is None:
            eligible.append(contact_id)
        elif past["live"]:
            result.skipped[contact_id] = "already in the journey"
        elif reentry != "after_exit":
            result.skipped[contact_id] = "re-entry is not allowed (reentry: never)"
        elif past["last_exit"] and past["last_exit"] + cooldown > now:
            result.skipped[contact_id] = f"re-entry cooldown until {(past['last_exit'] + cooldown).isoformat()}"
        else:
            eligible.append(contact_id)
    return eligible


def _insert_enrollments(rows: list[Enrollment], result: EnterResult) -> list[Enrollment]:
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_enrollments_postgres(rows, result)
    try:
        with transaction.atomic():
            return Enrollment.objects.bulk_create(rows)
    except IntegrityError:
        # A concurrent enroller won for some contacts (one live enrollment per journey and
        # contact is a database constraint): insert one by one and skip the losers.
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
                created.append(row)
            except IntegrityError:
                result.skipped[row.contact_id] = "already in the journey"
        return created


def _insert_enrollments_postgres(rows: list[Enrollment], result: EnterResult) -> list[Enrollment]:
    """INSERT … ON CONFLICT DO NOTHING: the one-live-enrollment index turns a concurrent enroller's
    duplicates into skipped rows instead of an error."""
    columns = {"journey_id": "bigint", "version_id": "bigint", "contact_id": "bigint", "state": "text",
               "current_node": "text", "visits": "jsonb", "path": "jsonb", "context": "jsonb",
               "entered_at": "timestamptz", "claimed_at": "timestamptz"}
    returned = insert_rows(
        Enrollment._meta.db_table, columns, [{name: getattr(r, name) for name in columns} for r in rows],
        constants={"resume_port": "''", "waiting_for": "''", "variants": "'{}'::jsonb", "exit_reason": "''",
                   "updated_at": "v.entered_at"},
        on_conflict="ON CONFLICT DO NOTHING", returning="id, contact_id")
    by_contact = {row.contact_id: row for row in rows}
    created = []
    for pk, contact_id in returned:
        row = by_contact.pop(contact_id)
        row.pk = row.id = pk
        created.append(row)
    for contact_id in by_contact:
        result.skipped[contact_id] = "already in the journey"
    return created


def enrollment_exit(enrollment_ids: list[int], *, reason: str, now: datetime | None = None) -> int:
    now = now or clock.now()
    return Enrollment.objects.filter(id__in=enrollment_ids, state__in=LIVE_STATES).update(
        state=EnrollmentState.EXITED, exit_reason=reason, exited_at=now, wake_at=None, updated_at=now)


# --------------------------------------------------------------------------- advancing

@dataclass
class AdvanceReport:
    advanced: int = 0
    transitions: int = 0
    messages: int = 0
    queued: list[int] = field(default_factory=list)


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
        rows = list(
            Enrollment.objects.select_for_update(skip_locked=True)
            .filter(id__in=enrollment_ids, state=EnrollmentState.ACTIVE)
            .order_by("id")
        )
        if not rows:
            return report
        # Versions from the running catalog (no query), not joined per row: each carries the whole graph.
        running = catalog.current().versions
        versions = {vid: running[vid] for vid in {r.version_id for r in rows} if vid in running}
        missing = {r.version_id for r in rows} - set(versions)
        if missing:
            versions.update({v.pk: v for v in JourneyVersion.objects.filter(id__in=missing)})
        for row in rows:
            row.version = versions[row.version_id]
        contacts = {c.pk: c for c in Contact.objects.select_for_update().filter(
            id__in=sorted({r.contact_id for r in rows})).order_by("id")}
        work = []
        for row in rows:
            engine = engine_for(row.version)
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
                                          timezone=item.context.contact.timezone)
                report.transitions += outcome.transitions
                for node_id in outcome.entered:
                    tallies.setdefault((item.row.version_id, node_id), [0, 0])[0] += 1
                item.trait_updates.update(outcome.trait_updates)
                if outcome.kind == "send":
                    sends.append((item, outcome))
                else:
                    _settle(item, outcome, now, tallies)
            pending = _apply_policy(sends, now, messages, tallies) if sends else []
        _write(work, contacts, messages, tallies, now, report)
        report.advanced = len(rows)
    return report


def _settle(item: _Work, outcome: Outcome, now: datetime, tallies) -> None:
    row = item.row
    if outcome.kind == "park":
        row.state, row.wake_at, row.waiting_for = EnrollmentState.WAITING, outcome.park_until, outcome.wait_event or ""
        return
    row.state = {"finish": EnrollmentState.COMPLETED, "fail": EnrollmentState.FAILED}.get(outcome.kind, EnrollmentState.EXITED)
    if outcome.kind == "finish" and outcome.reason != "completed":
        row.state = EnrollmentState.EXITED
    row.exit_reason = outcome.reason
    row.exited_at, row.wake_at, row.waiting_for = now, None, ""
    tallies.setdefault((row.version_id, item.cursor.node), [0, 0])[1] += 1


def _apply_policy(sends, now, messages: list[Message], tallies) -> list[_Work]:
    existing = {
        (m.enrollment_id, m.node, m.visit): m
        for m in Message.objects.filter(enrollment_id__in=[item.row.pk for item, _ in sends])
    }
    resume, to_check = [], []
    for item, outcome in sends:
        earlier = existing.get((item.row.pk, item.cursor.node, outcome.visit))
        if earlier is not None and earlier.status != MessageStatus.DEFERRED:
            # This step already ran and wrote its message (the unique key): never a second one.
            item.cursor.resume_port = "next"
            resume.append(item)
        else:
            to_check.append((item, outcome, earlier))
    requests = [
        SendRequest(contact=item.context.contact, channel=outcome.send["channel"], template=outcome.send["template"],
                    journey_id=item.row.journey_id, exempt_from_caps=bool(item.settings.get("exempt_from_caps")),
                    quiet_hours=item.settings.get("quiet_hours"))
        for item, outcome, _ in to_check
    ]
    for (item, outcome, earlier), request, verdict in zip(to_check, requests, check_sends(requests, now)):
        message = earlier or Message(
            enrollment_id=item.row.pk, journey_id=item.row.journey_id, version_id=item.row.version_id,
            node=item.cursor.node, visit=outcome.visit, contact_id=item.row.contact_id, channel=request.channel,
            template=request.template, created_at=now)
        message.status, message.reason, message.address, message.not_before = (
            verdict.status, verdict.reason, verdict.address, verdict.not_before)
        messages.append(message)
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


def _write(work: list[_Work], contacts: dict, messages: list[Message], tallies, now: datetime, report: AdvanceReport) -> None:
    retried = [m for m in messages if m.pk is not None]  # deferred rows sent again after quiet hours
    _insert_messages([m for m in messages if m.pk is None])
    for message in retried:
        message.updated_at = now
        message.save(update_fields=["status", "reason", "address", "not_before", "updated_at"])
    report.messages = len(messages)
    report.queued = [m.pk for m in messages if m.status == MessageStatus.QUEUED]
    changed_contacts = {}
    for item in work:
        if item.trait_updates:
            contact = item.context.contact
            contact.traits = {**contact.traits, **item.trait_updates}
            for trait, attribute in ADDRESS_TRAITS.items():
                if trait in item.trait_updates:
                    setattr(contact, attribute, str(item.trait_updates[trait] or ""))
            contact.updated_at = now
            changed_contacts[contact.pk] = contact
    if changed_contacts:
        update_contacts(list(changed_contacts.values()))
    _update_enrollments([item for item in work], now)
    if tallies:
        NodeTally.objects.bulk_create([
            NodeTally(version_id=version_id, node=node, entered=counts[0], exited=counts[1])
            for (version_id, node), counts in tallies.items()
        ])
    # No enqueue here: the scheduler's delivery outbox collects queued messages every tick, in batches.
    for journey_id in {item.row.journey_id for item in work}:
        notify_journey_activity(journey_id)  # once per journey per batch, after commit


def _insert_messages(messages: list[Message]) -> None:
    if not messages:
        return
    if connection.vendor != "postgresql":
        Message.objects.bulk_create(messages)
        return
    # One set-based INSERT … RETURNING: bulk_create's per-row SQL compilation dominated the batch.
    columns = {
        "enrollment_id": "bigint", "journey_id": "bigint", "version_id": "bigint", "node": "text", "visit": "integer",
        "contact_id": "bigint", "channel": "text", "template": "text", "address": "text", "status": "text",
        "reason": "text", "not_before": "timestamptz", "created_at": "timestamptz", "updated_at": "timestamptz",
    }
    for message in messages:
        message.updated_at = message.created_at
    returned = insert_rows(
        Message._meta.db_table, columns, [{name: getattr(m, name) for name in columns} for m in messages],
        constants={"provider": "''", "provider_id": "''", "error_code": "''", "attempts": "0", "content": "'{}'::jsonb"},
        returning="enrollment_id, node, visit, id")
    by_key = {(m.enrollment_id, m.node, m.visit): m for m in messages}  # the unique key: no reliance on row order
    for enrollment_id, node, visit, pk in returned:
        message = by_key[(enrollment_id, node, visit)]
        message.pk = message.id = pk


def _update_enrollments(work: list[_Work], now: datetime) -> None:
    for item in work:
        row, cursor = item.row, item.cursor
        row.current_node, row.resume_port = cursor.node, cursor.resume_port
        row.variants, row.visits, row.path = cursor.variants, cursor.visits, cursor.path
        row.claimed_at, row.updated_at = None, now
        if row.state == EnrollmentState.ACTIVE:  # cannot happen: every run ends parked, sent on, or finished
            row.state, row.exit_reason = EnrollmentState.FAILED, "engine stopped without a decision"
    if connection.vendor == "postgresql":
        _update_enrollments_postgres([item.row for item in work])
    else:
        Enrollment.objects.bulk_update(
            [item.row for item in work],
            ["state", "current_node", "resume_port", "wake_at", "waiting_for", "variants", "visits", "path",
             "exited_at", "exit_reason", "claimed_at", "updated_at"])


def _update_enrollments_postgres(rows: list[Enrollment]) -> None:
    """One set-based UPDATE: several times faster than bulk_update's CASE WHEN."""
    columns = {"id": "bigint", "state": "text", "current_node": "text", "resume_port": "text", "wake_at": "timestamptz",
               "waiting_for": "text", "variants": "jsonb", "visits": "jsonb", "path": "jsonb",
               "exited_at": "timestamptz", "exit_reason": "text", "updated_at": "timestamptz"}
    update_rows(Enrollment._meta.db_table, columns,
                [{name: getattr(row, "pk" if name == "id" else name) for name in columns} for row in rows],
                also="claimed_at = NULL")
