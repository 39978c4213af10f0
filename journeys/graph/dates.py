"""Calendar arithmetic for date-based entry and weekday waits: pure, DST-correct (zoneinfo), no Django.

- A date trigger ``{"date_trait", "offset_days", "at", "timezone", "yearly"}`` enters a contact on the local
  day D when the trait's date is D - offset_days (offset -3: three days before the date).
  Yearly compares month and day; a Feb 29 date enters on Feb 28 in a non-leap year.
- A schedule ``{"dates": [...]} | {"every": "day"|"week"|"month", "weekday"?, "day"?}`` at ``at`` in a zone.
- Every occurrence is named by its local date (``"2027-02-06"``): the key that makes an entry happen once.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from .timeofday import _at_local, parse_hhmm, zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
EVERY = ("day", "week", "month")
MAX_OFFSET_DAYS = 366
MAX_SCHEDULE_DATES = 1000
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # a datetime "1990-02-28T00:00:00Z" counts by its date part


def parse_trait_date(value) -> date | None:
    """The date an ISO trait value names ("1990-02-28" or an ISO datetime's date part), else None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def trait_date_for(day: date, offset_days: int) -> date:
    """The trait date that enters on local day `day`: offset -3 enters three days before the date."""
    return day - timedelta(days=offset_days)


def month_days_entering(day: date, offset_days: int) -> list[tuple[int, int]]:
    """(month, day) pairs of yearly trait dates that enter on `day`; Feb 29 joins Feb 28 in a non-leap year."""
    target = trait_date_for(day, offset_days)
    pairs = [(target.month, target.day)]
    if (target.month, target.day) == (2, 28) and not calendar.isleap(target.year):
        pairs.append((2, 29))
    return pairs


def date_trait_matches(trait: date, day: date, offset_days: int, yearly: bool) -> bool:
    """Does a contact whose trait is `trait` enter on local day `day`?"""
    if not yearly:
        return trait == trait_date_for(day, offset_days)
    return (trait.month, trait.day) in month_days_entering(day, offset_days)


def local_instant(day: date, clock: str, tz_name: str) -> datetime:
    """`day` at wall-clock `clock` in `tz_name`, as aware UTC (a time skipped by spring-forward moves on by the gap)."""
    return _at_local(day, parse_hhmm(clock), zone(tz_name))


def local_date(now: datetime, tz_name: str) -> date:
    return now.astimezone(zone(tz_name)).date()


def schedule_has(schedule: dict, day: date) -> bool:
    """Is local day `day` one of the schedule's dates?"""
    if "dates" in schedule:
        return day.isoformat() in set(schedule["dates"])
    every = schedule.get("every")
    if every == "day":
        return True
    if every == "week":
        return WEEKDAYS[day.weekday()] == schedule.get("weekday")
    if every == "month":
        return day.day == schedule.get("day")
    return False


def schedule_occurrences(schedule: dict, clock: str, tz_name: str, after: datetime, n: int = 5) -> list[datetime]:
    """The next `n` run times strictly after `after`, in UTC."""
    found: list[datetime] = []
    if "dates" in schedule:
        days = sorted({d for d in (parse_trait_date(v) for v in schedule["dates"]) if d is not None})
    else:
        start = local_date(after, tz_name)
        horizon = 31 * (n + 1) if schedule.get("every") == "month" else 7 * (n + 1)
        days = [start + timedelta(days=i) for i in range(horizon + 1)]
    for day in days:
        if schedule_has(schedule, day):
            instant = local_instant(day, clock, tz_name)
            if instant > after:
                found.append(instant)
                if len(found) == n:
                    break
    return found


def date_trait_occurrences(config: dict, tz_name: str, after: datetime, n: int = 5,
                           sample: date | None = None) -> list[datetime]:
    """The next `n` entry moments after `after`: every day's check, or those of a contact whose trait is `sample`."""
    offset, yearly, clock = config.get("offset_days", 0), config.get("yearly", True), config["at"]
    found: list[datetime] = []
    day = local_date(after, tz_name)
    limit = 366 * 8 if yearly else 0  # eight years hold at least one Feb 29 (or its Feb 28)
    if sample is not None and not yearly:
        entry = local_instant(sample + timedelta(days=offset), clock, tz_name)
        return [entry] if entry > after else []
    for _ in range(limit if sample is not None else n + 2):
        if sample is None or date_trait_matches(sample, day, offset, yearly):
            instant = local_instant(day, clock, tz_name)
            if instant > after:
                found.append(instant)
                if len(found) == n:
                    break
        day += timedelta(days=1)
    return found


def next_weekday_time(now: datetime, clock: str, weekdays: list[str], tz_name: str) -> datetime:
    """The first moment strictly after `now` when it is one of `weekdays` at wall-clock `clock` in `tz_name`."""
    wanted = {WEEKDAYS.index(w) for w in weekdays}
    day = local_date(now, tz_name)
    for offset in range(0, 9):
        candidate_day = day + timedelta(days=offset)
        if candidate_day.weekday() in wanted:
            instant = local_instant(candidate_day, clock, tz_name)
            if instant > now:
                return instant
    raise AssertionError("unreachable: a weekday recurs within eight days")


def next_occurrences(trigger: dict, now: datetime, n: int = 5, contact_zone: str = "UTC",
                     sample: date | None = None) -> list[datetime]:
    """The editor's preview: the next `n` moments a (valid) trigger config enters contacts; [] for other triggers.

    A schedule: its run times. A date trait: every day's entry time, or with `sample` (a trait value) the days
    a contact with that date enters. `contact_zone` stands in for the contact's own zone ("contact").
    """
    if "schedule" in trigger:
        return schedule_occurrences(trigger["schedule"], trigger["at"], trigger["timezone"], now, n)
    if "date_trait" in trigger:
        tz = trigger.get("timezone", "contact")
        return date_trait_occurrences(trigger, contact_zone if tz == "contact" else tz, now, n, sample)
    return []
