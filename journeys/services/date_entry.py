"""Date-based entry, fired by the scheduler: birthdays and other date traits, and scheduled segment entries.

Each (journey, contact, trigger, occurrence) enters at most once however many schedulers run: the
`DateEntry` row is inserted with ON CONFLICT DO NOTHING … RETURNING in the same transaction as the
enrollment, so only the scheduler whose insert won enters the contact. An occurrence is named by the
local date it is for; it is due from its `at` time until the end of that local day (a scheduler that
was down at 10:00 still enters the day's contacts when it comes back), and never before the version
went live. The journey's re-entry rule still applies between occurrences (services/enrollments.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from core import clock
from journeys.graph.dates import date_trait_matches, local_date, local_instant, parse_trait_date, schedule_has
from journeys.graph.timeofday import zone_name
from journeys.models import DateEntry, Enrollment, JourneyVersion
from journeys.runtime import catalog
from journeys.selectors.date_candidates import (
    PAGE, bad_date_traits, contact_zone_days, date_trait_candidates, segment_member_ids,
)
from journeys.services.enrollments import enrollment_enter

log = logging.getLogger(__name__)

CONTACT_TIMEZONE = "contact"


@dataclass
class Due:
    contact_id: int
    occurrence: str  # the local date, "2027-02-06"
    skipped_reason: str = ""  # set: logged, not entered


def date_entries_run(now: datetime | None = None) -> int:
    """Every live date trigger: enter whoever is due now. Returns how many contacts entered."""
    now = now or clock.now()
    entered = 0
    for version, trigger in catalog.current().date_triggers:
        try:
            entered += trigger_enter_due(version, trigger, now)
        except Exception:  # one journey's bad trigger must not stop the others
            log.exception("date entry of journey %s (trigger %s) failed; the others go on",
                          version.journey_id, trigger.get("id"))
    return entered


def trigger_enter_due(version: JourneyVersion, trigger: dict, now: datetime) -> int:
    scan = _schedule_due if "schedule" in trigger else _date_trait_due
    entered = 0
    for page in scan(version, trigger, now):
        entered += enter_once(version, trigger["id"], page, now)
    return entered


def _not_before(version: JourneyVersion, instant: datetime, now: datetime) -> bool:
    return instant <= now and (version.published_at is None or instant >= version.published_at)


def _schedule_due(version: JourneyVersion, trigger: dict, now: datetime):
    tz = zone_name(trigger.get("timezone"))
    day = local_date(now, tz)
    if not schedule_has(trigger["schedule"], day):
        return
    if not _not_before(version, local_instant(day, trigger["at"], tz), now):
        return
    after = 0
    while True:
        ids = segment_member_ids(trigger["segment"], after)
        if ids:
            yield [Due(contact_id, day.isoformat()) for contact_id in ids]
        if len(ids) < PAGE:
            return
        after = ids[-1]


def _date_trait_due(version: JourneyVersion, trigger: dict, now: datetime):
    name, offset, yearly = trigger["date_trait"], trigger.get("offset_days", 0), trigger.get("yearly", True)
    fixed = trigger.get("timezone", CONTACT_TIMEZONE)
    days = [local_date(now, fixed)] if fixed != CONTACT_TIMEZONE else contact_zone_days(now)

    def due_day(contact_tz: str):
        """The contact's local day if its `at` has passed today (and since the version went live), else None."""
        tz = zone_name(contact_tz) if fixed == CONTACT_TIMEZONE else fixed
        day = local_date(now, tz)
        return day if _not_before(version, local_instant(day, trigger["at"], tz), now) else None

    for scan, bad in ((date_trait_candidates, False), (bad_date_traits, True)):
        after = 0
        while True:
            rows = scan(name, days, offset, yearly, after) if not bad else scan(name, after)
            page = []
            for contact_id, contact_tz, value in rows:
                day = due_day(contact_tz)
                trait = parse_trait_date(value)
                if day is None:
                    continue
                if trait is None:
                    page.append(Due(contact_id, day.isoformat(), f"{name} is not a date: {str(value)[:100]!r}"))
                elif date_trait_matches(trait, day, offset, yearly):
                    page.append(Due(contact_id, day.isoformat()))
            if page:
                yield page
            if len(rows) < PAGE:
                break
            after = rows[-1][0]


def enter_once(version: JourneyVersion, trigger_id: str, due: list[Due], now: datetime) -> int:
    """Claim each (contact, occurrence) once, then enter the winners; the log row keeps why one did not enter."""
    with transaction.atomic():
        won = _claim(version.journey_id, trigger_id, due, now)
        for item in due:
            if item.skipped_reason and item.contact_id in won:
                log.warning("journey %s: contact %s skipped for %s: %s", version.journey_id, item.contact_id,
                            item.occurrence, item.skipped_reason)
        entering = [item.contact_id for item in due if item.contact_id in won and not item.skipped_reason]
        if not entering:
            return 0
        result = enrollment_enter(version, entering, now=now, trigger_id=trigger_id)
        by_contact = dict(Enrollment.objects.filter(id__in=result.enrolled).values_list("contact_id", "id"))
        occurrence = {item.contact_id: item.occurrence for item in due}
        for contact_id, enrollment_id in by_contact.items():
            DateEntry.objects.filter(journey_id=version.journey_id, contact_id=contact_id, trigger=trigger_id,
                                     occurrence=occurrence[contact_id]).update(enrollment_id=enrollment_id)
        for contact_id, reason in result.skipped.items():
            DateEntry.objects.filter(journey_id=version.journey_id, contact_id=contact_id, trigger=trigger_id,
                                     occurrence=occurrence[contact_id]).update(skipped_reason=reason[:300])
        return len(by_contact)


def _claim(journey_id: int, trigger_id: str, due: list[Due], now: datetime) -> set[int]:
    """INSERT the DateEntry rows, ON CONFLICT DO NOTHING; the contact ids this caller inserted (its to enter).

    Raw SQL because bulk_create(ignore_conflicts=True) does not say which rows went in. PostgreSQL and
    SQLite (3.35+) both speak ON CONFLICT DO NOTHING … RETURNING; a concurrent inserter of the same key
    waits for the first to commit, then inserts nothing.
    """
    table = DateEntry._meta.db_table
    won: set[int] = set()
    for start in range(0, len(due), 500):
        chunk = due[start:start + 500]
        values = ", ".join(["(%s, %s, %s, %s, %s, NULL, %s)"] * len(chunk))
        params = [p for item in chunk
                  for p in (journey_id, item.contact_id, trigger_id, item.occurrence, item.skipped_reason, now)]
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (journey_id, contact_id, \"trigger\", occurrence, skipped_reason, "
                           f"enrollment_id, created_at) VALUES {values} ON CONFLICT DO NOTHING RETURNING contact_id",
                           params)
            won.update(row[0] for row in cursor.fetchall())
    return won
