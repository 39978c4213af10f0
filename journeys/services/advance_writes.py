"""The writes of one advance batch, set-based: messages, enrollments, traits and tallies.

Called by journeys/services/advancing.py inside its transaction, once the engine and the
send policy have decided what happens to every enrollment of the batch.
"""
from __future__ import annotations

from datetime import datetime

from django.db import connection

from channels_app.models import Message, MessageStatus
from core.bulk import insert_rows, update_rows
from core.live import publish_on_commit
from journeys.live_groups import JOURNEY_ACTIVITY, journey_group
from journeys.models import Enrollment, EnrollmentState, NodeTally
from journeys.runtime.dispatch import enqueue_delivery, hands_off
from journeys.services.contact_rows import contact_set_traits, update_contacts


def notify_journey_activity(journey_id: int) -> None:
    """Tell live viewers of a journey that its counts moved (call in or outside a transaction).

    Sent after commit, so a rolled-back batch never shows; cheap (one group send)
    and coalesced by the consumers' tick, but still meant once per batch, not per contact.
    """
    publish_on_commit(journey_group(journey_id), {"type": JOURNEY_ACTIVITY})


def write_batch(work: list, messages: list[Message], tallies, now: datetime, report) -> None:
    retried = [m for m in messages if m.pk is not None]  # deferred rows sent again after quiet hours
    fresh = [m for m in messages if m.pk is None]
    for message in fresh:
        # Handed to `deliver` on commit (below), so marked handed over in the INSERT itself: the delivery
        # outbox takes one only if that hand-off is lost (after the queued lease).
        message.dispatched_at = now if _hand_off(message) else None
    _insert_messages(fresh)
    for message in retried:
        message.updated_at = now
        message.save(update_fields=["status", "reason", "address", "not_before", "updated_at"])
    report.messages += len(messages)
    report.queued.extend(m.pk for m in messages if m.status == MessageStatus.QUEUED)
    changed_contacts = {}
    for item in work:
        if item.trait_updates:
            contact = item.context.contact
            contact_set_traits(contact, item.trait_updates)
            contact.updated_at = now
            changed_contacts[contact.pk] = contact
    if changed_contacts:
        update_contacts(list(changed_contacts.values()))
    _update_enrollments(work, now)
    if tallies:
        NodeTally.objects.bulk_create([
            NodeTally(version_id=version_id, node=node, entered=counts[0], exited=counts[1])
            for (version_id, node), counts in tallies.items()
        ])
    enqueue_delivery([m.pk for m in fresh if m.dispatched_at is not None])
    for journey_id in {item.row.journey_id for item in work}:
        notify_journey_activity(journey_id)  # once per journey per batch, after commit


def _hand_off(message: Message) -> bool:
    """Queued and due now: delivered right after this batch commits (a deferred or retried row waits in the outbox)."""
    return message.status == MessageStatus.QUEUED and message.not_before is None and hands_off()


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
        "step_attempt": "integer", "fallback": "jsonb", "is_test": "boolean", "dispatched_at": "timestamptz",
    }
    for message in messages:
        message.updated_at = message.created_at
    returned = insert_rows(
        Message._meta.db_table, columns, [{name: getattr(m, name) for name in columns} for m in messages],
        constants={"provider": "''", "provider_id": "''", "error_code": "''", "attempts": "0", "content": "'{}'::jsonb"},
        returning="enrollment_id, node, visit, step_attempt, id")
    # The unique key: no reliance on row order.
    by_key = {(m.enrollment_id, m.node, m.visit, m.step_attempt): m for m in messages}
    for enrollment_id, node, visit, step_attempt, pk in returned:
        message = by_key[(enrollment_id, node, visit, step_attempt)]
        message.pk = message.id = pk


def _update_enrollments(work: list, now: datetime) -> None:
    for item in work:
        row, cursor = item.row, item.cursor
        row.current_node, row.resume_port = cursor.node, cursor.resume_port
        row.variants, row.visits, row.path = cursor.variants, cursor.visits, cursor.path
        row.claimed_at, row.updated_at = None, now
        row.attempts = 0  # this run finished: the count of interrupted ones starts again
        if row.state == EnrollmentState.ACTIVE:  # cannot happen: every run ends parked, sent on, or finished
            row.state, row.exit_reason = EnrollmentState.FAILED, "engine stopped without a decision"
    if connection.vendor == "postgresql":
        _update_enrollments_postgres([item.row for item in work])
    else:
        Enrollment.objects.bulk_update(
            [item.row for item in work],
            ["state", "current_node", "resume_port", "wake_at", "waiting_for", "variants", "visits", "path",
             "exited_at", "exit_reason", "claimed_at", "updated_at", "attempts"])


def _update_enrollments_postgres(rows: list[Enrollment]) -> None:
    """One set-based UPDATE: several times faster than bulk_update's CASE WHEN."""
    columns = {"id": "bigint", "state": "text", "current_node": "text", "resume_port": "text", "wake_at": "timestamptz",
               "waiting_for": "text", "variants": "jsonb", "visits": "jsonb", "path": "jsonb",
               "exited_at": "timestamptz", "exit_reason": "text", "updated_at": "timestamptz"}
    update_rows(Enrollment._meta.db_table, columns,
                [{name: getattr(row, "pk" if name == "id" else name) for name in columns} for row in rows],
                also="claimed_at = NULL, attempts = 0")
