"""Local-time arithmetic for waits and quiet hours, DST-correct (zoneinfo), no Django."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

MAX_ZONE_NAME = 64  # the longest IANA name is about 32 characters


@lru_cache(maxsize=4096)
def _valid_zone(name: str) -> bool:
    if not name or len(name) > MAX_ZONE_NAME or "\x00" in name:
        return False
    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError, and OSError from the file lookup ("Europe" is a directory)
        return False
    return True


def is_zone_name(name) -> bool:
    """True for a valid IANA time zone name ("Europe/Berlin", "UTC")."""
    return isinstance(name, str) and _valid_zone(name)


def zone_name(name, fallback: str = "UTC") -> str:
    """The zone to use for a stored name: itself when valid, else `fallback` (UTC). Never raises.

    Every place that resolves a contact's time zone goes through here: bad data already stored
    (a directory name, a 300-character string, a NUL) must not stop a batch.
    """
    return name if is_zone_name(name) else fallback


def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(zone_name(name))


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """`day` at `clock` in `tz`, as an aware UTC datetime.

    A clock time skipped by a spring-forward gap (02:30 on the night clocks jump
    from 02:00 to 03:00) is shifted forward by the gap (03:30); one repeated by a
    fall-back is taken at its first occurrence. That is zoneinfo's fold=0 rule.
    """
    return datetime.combine(day, clock, tzinfo=tz).astimezone(timezone.utc)


def next_local_time(now: datetime, clock: str, tz_name: str) -> datetime:
    """The first moment strictly after `now` when the wall clock in `tz_name` reads `clock`."""
    tz = zone(tz_name)
    target = parse_hhmm(clock)
    local_now = now.astimezone(tz)
    for offset in range(0, 3):
        candidate = _at_local(local_now.date() + timedelta(days=offset), target, tz)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a clock time recurs within three days")


def quiet_until(now: datetime, start: str, end: str, tz_name: str) -> datetime | None:
    """If `now` falls inside the daily quiet window [start, end) in `tz_name`, when it ends; else None."""
    tz = zone(tz_name)
    local = now.astimezone(tz).time().replace(second=0, microsecond=0)
    begin, finish = parse_hhmm(start), parse_hhmm(end)
    inside = (begin <= local < finish) if begin < finish else (local >= begin or local < finish)
    return next_local_time(now, end, tz_name) if inside else None
