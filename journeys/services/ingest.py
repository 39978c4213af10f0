"""Contacts and events in, set-based: one transaction and a handful of queries per batch.

identify / track / batch all funnel into `ingest_calls`, so the single-call
endpoints and a 1,000-item batch share one tested code path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction

from audiences.services import computed as computed_traits
from audiences.services import membership as segment_membership
from core import clock
from core.bulk import insert_rows
from journeys.models import Contact, Event
from journeys.runtime.dispatch import enqueue_events, enqueue_identifies, hands_off
from journeys.services import contact_ids
from journeys.services.contact_rows import ADDRESS_TRAITS, contact_set_traits, update_contacts


@dataclass
class IdentifyCall:
    user_id: str | None
    anonymous_id: str | None
    traits: dict = field(default_factory=dict)
    timestamp: datetime | None = None
    message_id: str | None = None


@dataclass
class TrackCall:
    user_id: str | None
    anonymous_id: str | None
    event: str = ""
    properties: dict = field(default_factory=dict)
    timestamp: datetime | None = None
    message_id: str | None = None


@dataclass
class IngestResult:
    identified: int = 0
    tracked: int = 0
    duplicates: int = 0
    merged: int = 0


def ingest_calls(calls: list[IdentifyCall | TrackCall]) -> IngestResult:
    """Apply identify and track calls in order, all or nothing.

    The stored events are handed to the runtime on commit, one actor message per batch; they are marked
    dispatched in the same INSERT, so the scheduler's event outbox takes them only if that hand-off is lost.
    """
    result = IngestResult()
    with transaction.atomic():
        for call in calls:
            if isinstance(call, IdentifyCall) and call.user_id and call.anonymous_id:
                result.merged += _merge_anonymous(call.user_id, call.anonymous_id)
        contacts = _resolve_contacts(calls)
        _apply_traits(calls, contacts, result)
        computed_traits.apply_identifies([(contacts[_key(c)], c.timestamp) for c in calls
                                          if isinstance(c, IdentifyCall)])
        _insert_events(calls, contacts, result)
        # Saved segments follow identified contacts in this transaction. Tracked ones follow when the runtime
        # handles their events, after computed traits have folded them in (journeys/services/events.py).
        segment_membership.refresh_contacts({contacts[_key(c)] for c in calls if isinstance(c, IdentifyCall)})
    return result


def contact_identify(call: IdentifyCall) -> IngestResult:
    return ingest_calls([call])


def event_track(call: TrackCall) -> IngestResult:
    return ingest_calls([call])


def _key(call) -> tuple[str, str]:
    return ("user", call.user_id) if call.user_id else ("anon", call.anonymous_id)


def _resolve_contacts(calls) -> dict[tuple[str, str], int]:
    """The id of every contact the calls name, created when missing (ids only: no model instance per contact)."""
    return contact_ids.resolve({c.user_id for c in calls if c.user_id},
                               {c.anonymous_id for c in calls if not c.user_id})


def _apply_traits(calls, contacts: dict[tuple[str, str], int], result: IngestResult) -> None:
    with_traits = [call for call in calls if isinstance(call, IdentifyCall)]
    result.identified += len(with_traits)
    with_traits = [call for call in with_traits if call.traits]
    if not with_traits:
        return
    rows = Contact.objects.in_bulk({contacts[_key(call)] for call in with_traits})
    changed: dict[int, Contact] = {}
    for call in with_traits:
        contact = rows[contacts[_key(call)]]
        contact_set_traits(contact, call.traits)
        changed[contact.pk] = contact
    now = clock.now()
    for contact in changed.values():
        contact.updated_at = now
    update_contacts(list(changed.values()))
    enqueue_identifies(sorted(changed))


class StoredEvent(NamedTuple):
    """An event row as the batch writes it: a tuple, not a model instance."""

    contact_id: int
    name: str
    properties: dict
    timestamp: datetime
    message_id: str | None


def _insert_events(calls, contacts: dict[tuple[str, str], int], result: IngestResult) -> None:
    now = clock.now()
    events, seen = [], set()
    for call in calls:
        if not isinstance(call, TrackCall):
            continue
        contact_id = contacts[_key(call)]
        if call.message_id:
            if (contact_id, call.message_id) in seen:
                result.duplicates += 1
                continue
            seen.add((contact_id, call.message_id))
        events.append(StoredEvent(contact_id, call.event, call.properties, call.timestamp or now, call.message_id))
    if not events:
        return
    insert = _insert_events_postgres if connection.vendor == "postgresql" else _insert_events_orm
    handing_off = hands_off()
    stored, event_ids = insert(events, now, handing_off)
    result.duplicates += len(events) - len(stored)
    result.tracked += len(stored)
    if handing_off:
        enqueue_events(event_ids)


def _insert_events_postgres(events: list[StoredEvent], now: datetime,
                            handing_off: bool) -> tuple[list[StoredEvent], list[int]]:
    """INSERT … ON CONFLICT DO NOTHING: a messageId seen before is skipped by the unique index itself.
    Returns the events stored (those skipped are not) and their ids."""
    columns = {"contact_id": "bigint", "name": "text", "properties": "jsonb", "timestamp": "timestamptz",
               "message_id": "text", "received_at": "timestamptz"}
    returned = insert_rows(Event._meta.db_table, columns,
                           [{"contact_id": contact_id, "name": name, "properties": properties, "timestamp": at,
                             "message_id": message_id, "received_at": now}  # a literal: _asdict() showed in profiles
                            for contact_id, name, properties, at, message_id in events],
                           constants={"dispatched_at": "v.received_at"} if handing_off else None,
                           on_conflict="ON CONFLICT DO NOTHING", returning="id, contact_id, message_id")
    inserted = {(contact_id, message_id) for _, contact_id, message_id in returned if message_id}
    stored = [e for e in events if not e.message_id or (e.contact_id, e.message_id) in inserted]
    return stored, sorted(pk for pk, _, _ in returned)


def _insert_events_orm(events: list[StoredEvent], now: datetime,
                       handing_off: bool) -> tuple[list[StoredEvent], list[int]]:
    with_ids = [e for e in events if e.message_id]
    already = set()
    if with_ids:
        already = set(
            Event.objects.filter(
                contact_id__in={e.contact_id for e in with_ids},
                message_id__in={e.message_id for e in with_ids},
            ).values_list("contact_id", "message_id")
        )
    fresh = [e for e in events if not e.message_id or (e.contact_id, e.message_id) not in already]
    # ignore_conflicts still guards the race with a concurrent request carrying the same messageId.
    Event.objects.bulk_create([Event(**e._asdict(), received_at=now, dispatched_at=now if handing_off else None)
                               for e in fresh],
                              ignore_conflicts=True)
    if not handing_off:
        return fresh, []  # nobody to hand them to: the scheduler's event outbox takes them
    # ignore_conflicts leaves the rows without their ids: read them back (one writer at a time on SQLite).
    event_ids = list(Event.objects.filter(contact_id__in={e.contact_id for e in fresh}, dispatched_at=now,
                                          handled_at__isnull=True).values_list("id", flat=True))
    return fresh, sorted(event_ids)


def _merge_anonymous(user_id: str, anonymous_id: str) -> int:
    """Fold an anonymous contact into the known one the identify names. Returns 1 if merged."""
    known = Contact.objects.select_for_update().filter(user_id=user_id).first()
    anonymous = Contact.objects.select_for_update().filter(anonymous_id=anonymous_id).first()
    if anonymous is not None and anonymous.user_id is not None:
        return 0  # already belongs to a known contact: nothing to merge
    if known is None:
        if anonymous is None:
            Contact.objects.create(user_id=user_id, anonymous_id=anonymous_id)
            return 0
        # The anonymous contact simply becomes the known one.
        anonymous.user_id = user_id
        anonymous.save(update_fields=["user_id", "updated_at"])
        return 1
    if anonymous is None:
        if known.anonymous_id is None:
            known.anonymous_id = anonymous_id
            known.save(update_fields=["anonymous_id", "updated_at"])
        return 0
    # Events the known contact already has (same messageId) are dropped, the rest move over.
    known_ids = Event.objects.filter(contact=known, message_id__isnull=False).values_list("message_id", flat=True)
    Event.objects.filter(contact=anonymous, message_id__in=list(known_ids)).delete()
    Event.objects.filter(contact=anonymous).update(contact=known)
    known.traits = {**anonymous.traits, **known.traits}
    for attribute in ADDRESS_TRAITS:
        if not getattr(known, attribute):
            setattr(known, attribute, getattr(anonymous, attribute))
    anonymous.delete()
    if known.anonymous_id is None:
        known.anonymous_id = anonymous_id
    known.save()
    return 1
