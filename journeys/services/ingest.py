"""Contacts and events in, set-based: one transaction and a handful of queries per batch.

identify / track / batch all funnel into `ingest_calls`, so the single-call
endpoints and a 1,000-item batch share one tested code path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction

from audiences.services import computed as computed_traits
from audiences.services import membership as segment_membership
from core import clock
from core.bulk import insert_rows
from journeys.models import Contact, Event
from journeys.runtime.dispatch import enqueue_identifies
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
    """Apply identify and track calls in order, all or nothing."""
    result = IngestResult()
    with transaction.atomic():
        for call in calls:
            if isinstance(call, IdentifyCall) and call.user_id and call.anonymous_id:
                result.merged += _merge_anonymous(call.user_id, call.anonymous_id)
        contacts = _resolve_contacts(calls)
        _apply_traits(calls, contacts, result)
        computed_traits.apply_identifies([(contacts[_key(c)].pk, c.timestamp) for c in calls
                                          if isinstance(c, IdentifyCall)])
        _insert_events(calls, contacts, result)
        # Saved segments follow the touched contacts in this transaction (after computed traits).
        segment_membership.refresh_contacts({contact.pk for contact in contacts.values()})
    return result


def contact_identify(call: IdentifyCall) -> IngestResult:
    return ingest_calls([call])


def event_track(call: TrackCall) -> IngestResult:
    return ingest_calls([call])


def _key(call) -> tuple[str, str]:
    return ("user", call.user_id) if call.user_id else ("anon", call.anonymous_id)


def _resolve_contacts(calls) -> dict[tuple[str, str], Contact]:
    """Fetch or create every contact the calls name; safe against concurrent creators."""
    user_ids = {c.user_id for c in calls if c.user_id}
    anon_ids = {c.anonymous_id for c in calls if not c.user_id}
    contacts: dict[tuple[str, str], Contact] = {}
    # Tracks only need ids: skip loading every contact's traits on the event hot path.
    needs_traits = any(isinstance(c, IdentifyCall) and c.traits for c in calls)
    rows = Contact.objects.all() if needs_traits else Contact.objects.only("id", "user_id", "anonymous_id")

    def load():
        if user_ids:
            for contact in rows.filter(user_id__in=user_ids):
                contacts[("user", contact.user_id)] = contact
        if anon_ids:
            for contact in rows.filter(anonymous_id__in=anon_ids):
                contacts[("anon", contact.anonymous_id)] = contact

    load()
    missing_users = [u for u in user_ids if ("user", u) not in contacts]
    missing_anons = [a for a in anon_ids if ("anon", a) not in contacts]
    if missing_users or missing_anons:
        # ignore_conflicts: another request may create the same contact meanwhile; we re-read after.
        Contact.objects.bulk_create(
            [Contact(user_id=u) for u in missing_users] + [Contact(anonymous_id=a) for a in missing_anons],
            ignore_conflicts=True,
        )
        load()
    return contacts


def _apply_traits(calls, contacts, result: IngestResult) -> None:
    changed: dict[int, Contact] = {}
    for call in calls:
        if not isinstance(call, IdentifyCall):
            continue
        result.identified += 1
        contact = contacts[_key(call)]
        if not call.traits:
            continue
        contact_set_traits(contact, call.traits)
        changed[contact.pk] = contact
    if changed:
        now = clock.now()
        for contact in changed.values():
            contact.updated_at = now
        update_contacts(list(changed.values()))
        enqueue_identifies(sorted(changed))


def _insert_events(calls, contacts, result: IngestResult) -> None:
    now = clock.now()
    events, seen = [], set()
    for call in calls:
        if not isinstance(call, TrackCall):
            continue
        contact = contacts[_key(call)]
        if call.message_id:
            if (contact.pk, call.message_id) in seen:
                result.duplicates += 1
                continue
            seen.add((contact.pk, call.message_id))
        events.append(Event(
            contact_id=contact.pk, name=call.event, properties=call.properties,
            timestamp=call.timestamp or now, message_id=call.message_id, received_at=now,
        ))
    if not events:
        return
    stored = _insert_events_postgres(events) if connection.vendor == "postgresql" else _insert_events_orm(events)
    result.duplicates += len(events) - len(stored)
    result.tracked += len(stored)
    # Computed traits fold the batch in, in this transaction: before anything reads them (segments).
    computed_traits.apply_events(stored, now)
    # No enqueue here: the scheduler's outbox scan hands new events to the runtime in batches
    # (journeys/runtime/scheduler.py), so a crash right after this commit loses no trigger.


def _insert_events_postgres(events: list[Event]) -> list[Event]:
    """INSERT … ON CONFLICT DO NOTHING: a messageId seen before is skipped by the unique index itself.
    Returns the events stored (those skipped are not)."""
    columns = {"contact_id": "bigint", "name": "text", "properties": "jsonb", "timestamp": "timestamptz",
               "received_at": "timestamptz", "message_id": "text"}
    inserted = set(insert_rows(Event._meta.db_table, columns,
                               [{name: getattr(e, name) for name in columns} for e in events],
                               on_conflict="ON CONFLICT DO NOTHING", returning="contact_id, message_id"))
    return [e for e in events if not e.message_id or (e.contact_id, e.message_id) in inserted]


def _insert_events_orm(events: list[Event]) -> list[Event]:
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
    Event.objects.bulk_create(fresh, ignore_conflicts=True)
    return fresh


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
