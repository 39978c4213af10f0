"""The query parameters both logs share: dates, numbers, and the journey / version filter.

A bad value raises `BadFilter` (a 400 naming the parameter); pages show it above the
empty list, the API returns it.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.errors import ServiceError


class BadFilter(ServiceError):
    status_code = 400


def parse_moment(value: str, field: str, *, end: bool = False) -> datetime:
    """An ISO datetime, or a date (start of day; with end=True the start of the next day)."""
    day = parse_date(value) if len(value) == 10 else None
    if day is not None:
        parsed = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    else:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadFilter(f"{value!r} is not an ISO date or datetime", field=field)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt_timezone.utc)
    return parsed


def parse_number(value: str, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadFilter(f"{value!r} is not a number", field=field) from None


def by_journey(rows: QuerySet, params) -> QuerySet:
    """The `journey` and `version` (a version number of that journey) filters both logs share."""
    if value := params.get("journey"):
        rows = rows.filter(journey_id=parse_number(value, "journey"))
    if value := params.get("version"):
        if not params.get("journey"):
            raise BadFilter("version needs journey", field="version")
        rows = rows.filter(version__number=parse_number(value, "version"))
    return rows
