"""Advancing enrollments in batches: the runtime's hot path.

One call takes up to a few hundred enrollment ids, locks the rows (FOR UPDATE SKIP
LOCKED: a row another worker holds is its job), locks their contacts in id order
(the send policy is serialised per contact), runs the pure engine for each, applies
the send policy to all pending sends at once, and writes messages, enrollments,
traits and tallies in bulk, in one transaction. Live viewers hear of it after commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction

from channels_app.models import Message, MessageStatus
from channels_app.policy import SendRequest, check_sends
from core import clock
from core.bulk import insert_rows, update_rows
from core.live import publish_on_commit
from journeys.live_groups import JOURNEY_ACTIVITY, journey_group
from journeys.models import Contact, Enrollment, EnrollmentState, JourneyVersion, NodeTally
from journeys.runtime import catalog
from journeys.runtime.context import DbContactContext
from journeys.runtime.engine import Cursor, Engine, Outcome
from journeys.services.contact_rows import contact_set_traits, update_contacts


def notify_journey_activity(journey_id: int) -> None:
    """Tell live viewers of a journey that its counts moved (call in or outside a transaction).

    Sent after commit, so a rolled-back batch never shows; cheap (one group send)
    and coalesced by the consumers' tick, but still meant once per batch, not per contact.
    """
    publish_on_commit(journey_group(journey_id), {"type": JOURNEY_ACTIVITY})


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
            contact_set_traits(contact, item.trait_updates)
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
