"""Local-time arithmetic for waits and quiet hours, DST-correct (zoneinfo), no Django."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


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
