"""Entering contacts into a live version, honouring its re-entry rule, and taking them out.

The new enrollments are ACTIVE; advancing them is journeys/services/advancing.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext

from core import clock
from core.any_of import AnyOf
from core.bulk import insert_rows
from core.errors import Conflict, InvalidInput
from journeys import selectors
from journeys.models import Enrollment, EnrollmentState, Journey, JourneyVersion, NodeTally
from journeys.models.enrollment import LIVE_STATES
from journeys.runtime.catalog import engine_for
from journeys.runtime.dispatch import enqueue_advance
from journeys.runtime.engine import start_cursor


@dataclass
class EnterResult:
    enrolled: list[int] = field(default_factory=list)  # new enrollment ids
    skipped: dict[int, str] = field(default_factory=dict)  # contact id -> why not


def enrollment_enter(version: JourneyVersion, contact_ids: list[int], *, now: datetime | None = None,
                     trigger_id: str | None = None, context_by_contact: dict[int, dict] | None = None,
                     advance_now: bool = False, wake_at_by_contact: dict[int, datetime] | None = None) -> EnterResult:
    """Enroll contacts into a live version, honouring the journey's re-entry rule.

    The new enrollments are ACTIVE; an advance message is enqueued on commit unless
    `advance_now` says the caller advances them itself right after (a crash in
    between leaves them ACTIVE, and the scheduler's stale-active sweep re-enqueues them).
    A contact in `wake_at_by_contact` with a later time waits at the trigger until then (a spread launch).
    """
    now = now or clock.now()
    engine = engine_for(version)
    if trigger_id is None:
        if not engine.triggers:
            raise Conflict(gettext("the journey has no trigger"), field="draft")
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
        start = start_cursor(trigger_id, now)  # the same for every contact: entered at the trigger, now
        rows = []
        for contact_id in eligible:
            wake_at = (wake_at_by_contact or {}).get(contact_id)
            waits = wake_at is not None and wake_at > now
            rows.append({
                "journey_id": version.journey_id, "version_id": version.pk, "contact_id": contact_id,
                "current_node": start.node, "state": EnrollmentState.WAITING if waits else EnrollmentState.ACTIVE,
                "wake_at": wake_at if waits else None, "resume_port": "next" if waits else "",
                "visits": start.visits, "path": start.path, "entered_at": now, "claimed_at": None if waits else now,
                "context": (context_by_contact or {}).get(contact_id, {}),
            })
        created = _insert_enrollments(rows, result)
        if created:
            NodeTally.objects.create(version=version, node=trigger_id, entered=len(created))
            if not advance_now:
                enqueue_advance([pk for pk, state in created if state == EnrollmentState.ACTIVE])
        result.enrolled = [pk for pk, _ in created]
    return result


def _eligible_contacts(version: JourneyVersion, contact_ids: list[int], now: datetime, result: EnterResult) -> list[int]:
    settings = version.graph.get("settings") or {}
    reentry = settings.get("reentry", "never")
    cooldown = timedelta(seconds=settings.get("reentry_cooldown_seconds") or 0)
    history = {
        row["contact_id"]: row
        for row in Enrollment.objects.filter(AnyOf(F("contact_id"), contact_ids), journey_id=version.journey_id,
                                             is_test=False)
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


def _insert_enrollments(rows: list[dict], result: EnterResult) -> list[tuple[int, str]]:
    """Insert the new enrollments (plain rows: no model instance per contact on PostgreSQL); (id, state) of
    each one inserted. A contact a concurrent enroller took meanwhile is skipped, not an error."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_enrollments_postgres(rows, result)
    instances = [Enrollment(**row) for row in rows]
    try:
        with transaction.atomic():
            return [(e.pk, e.state) for e in Enrollment.objects.bulk_create(instances)]
    except IntegrityError:
        # A concurrent enroller won for some contacts (one live enrollment per journey and
        # contact is a database constraint): insert one by one and skip the losers.
        created = []
        for row in instances:
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
                created.append((row.pk, row.state))
            except IntegrityError:
                result.skipped[row.contact_id] = "already in the journey"
        return created


def _insert_enrollments_postgres(rows: list[dict], result: EnterResult) -> list[tuple[int, str]]:
    """INSERT … ON CONFLICT DO NOTHING: the one-live-enrollment index turns a concurrent enroller's
    duplicates into skipped rows instead of an error."""
    columns = {"journey_id": "bigint", "version_id": "bigint", "contact_id": "bigint", "state": "text",
               "current_node": "text", "visits": "jsonb", "path": "jsonb", "context": "jsonb",
               "entered_at": "timestamptz", "claimed_at": "timestamptz", "wake_at": "timestamptz",
               "resume_port": "text"}
    returned = insert_rows(
        Enrollment._meta.db_table, columns, rows,
        constants={"waiting_for": "''", "variants": "'{}'::jsonb", "exit_reason": "''",
                   "updated_at": "v.entered_at"},
        on_conflict="ON CONFLICT DO NOTHING", returning="id, contact_id, state")
    skipped = {row["contact_id"] for row in rows} - {contact_id for _, contact_id, _ in returned}
    for contact_id in skipped:
        result.skipped[contact_id] = "already in the journey"
    return [(pk, state) for pk, _, state in returned]


def enrollment_exit(enrollment_ids: list[int], *, reason: str, now: datetime | None = None) -> int:
    now = now or clock.now()
    return Enrollment.objects.filter(id__in=enrollment_ids, state__in=LIVE_STATES).update(
        state=EnrollmentState.EXITED, exit_reason=reason, exited_at=now, wake_at=None, updated_at=now)


def enrollment_enroll_user(journey: Journey, user_id: str) -> Enrollment:
    """Enroll the contact with this userId into the journey's live version now (`POST …/enroll`).

    InvalidInput when no such contact exists; Conflict when the journey is not live or the
    contact may not enter (already in it, re-entry rule); the new enrollment otherwise.
    """
    contact = selectors.contact_by_user_id(user_id)
    if contact is None:
        raise InvalidInput(gettext("no contact with userId %(user_id)s; identify it first")
                           % {"user_id": repr(user_id)}, field="userId")
    version = selectors.journey_live_version(journey)
    if version is None or version.status != "live":
        raise Conflict(gettext("only a live journey enrolls contacts; publish it first"), field="status")
    result = enrollment_enter(version, [contact.pk])
    if not result.enrolled:
        raise Conflict(gettext("not enrolled: %(reason)s") % {"reason": result.skipped.get(contact.pk, "not eligible")},
                       field="userId")
    return Enrollment.objects.select_related("contact", "version").get(pk=result.enrolled[0])
