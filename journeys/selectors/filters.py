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
from django.utils.translation import gettext

from core.errors import ServiceError
from core.validation import EARLIEST, LATEST, InputError, check_moment, describe, parse_int


class BadFilter(ServiceError):
    status_code = 400


def parse_moment(value: str, field: str, *, end: bool = False) -> datetime:
    """An ISO datetime, or a date (start of day; with end=True the start of the next day); 1970 to 2200."""
    try:
        day = parse_date(value) if len(value) == 10 else None
    except ValueError:  # shaped like a date, but no such day
        day = None
    if day is not None:
        if not EARLIEST.date() <= day < LATEST.date():  # before `end` adds a day: 9999-12-31 has no next
            bounds = {"low": EARLIEST.date(), "high": LATEST.date()}
            raise BadFilter(gettext("must be between %(low)s and %(high)s") % bounds, field=field)
        parsed = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    else:
        try:
            parsed = parse_datetime(value) if len(value) <= 64 else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadFilter(gettext("%(value)s is not an ISO date or datetime") % {"value": describe(value)},
                            field=field)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt_timezone.utc)
    try:
        return check_moment(parsed, field)
    except InputError as exc:
        raise BadFilter(exc.message, field=field) from None


def parse_number(value: str, field: str) -> int:
    """An id or a version number: 1 .. 2**63-1."""
    try:
        return parse_int(value, field)
    except InputError as exc:
        raise BadFilter(exc.message, field=field) from None


def by_journey(rows: QuerySet, params) -> QuerySet:
    """The `journey` and `version` (a version number of that journey) filters both logs share."""
    if value := params.get("journey"):
        rows = rows.filter(journey_id=parse_number(value, "journey"))
    if value := params.get("version"):
        if not params.get("journey"):
            raise BadFilter(gettext("version needs journey"), field="version")
        rows = rows.filter(version__number=parse_number(value, "version"))
    return rows
