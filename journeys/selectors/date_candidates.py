"""Who a date trigger may enter now: set-based candidate scans for the scheduler (journeys/services/date_entry.py).

Never every contact in Python: a date trait is filtered in SQL by its month and day (a regex on the JSON text,
which PostgreSQL and SQLite both evaluate), so a scan reads only the contacts whose date falls on the few
calendar days that can be "today" somewhere; a schedule reads the segment's open memberships by contact id.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform

from audiences.models import SegmentMembership
from journeys.graph.dates import month_days_entering, trait_date_for
from journeys.models import Contact

PAGE = 2000
_ISO_PREFIX = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"


def contact_zone_days(now: datetime) -> list[date]:
    """The local dates "today" can be in contacts' own zones: UTC's date and the days either side
    (offsets run from -12 to +14 hours, so at any instant local dates span at most three days)."""
    today = now.astimezone(timezone.utc).date()
    return [today + timedelta(days=d) for d in (-1, 0, 1)]


def _date_filter(name: str, days: list[date], offset: int, yearly: bool) -> Q:
    key = f"_dt_{name}"
    query = Q()
    for day in days:
        if yearly:
            for month, dom in month_days_entering(day, offset):
                query |= Q(**{f"{key}__regex": rf"^[0-9]{{4}}-{month:02d}-{dom:02d}"})
        else:
            query |= Q(**{f"{key}__startswith": trait_date_for(day, offset).isoformat()})
    return query


def date_trait_candidates(name: str, days: list[date], offset: int, yearly: bool, after_id: int = 0,
                          limit: int = PAGE) -> list[tuple[int, str, str]]:
    """(contact id, timezone, trait text) of contacts whose trait `name` may enter on one of `days`, by id."""
    key = f"_dt_{name}"
    return list(Contact.objects.annotate(**{key: KeyTextTransform(name, "traits")})
                .filter(_date_filter(name, days, offset, yearly), id__gt=after_id)
                .order_by("id").values_list("id", "timezone", key)[:limit])


def bad_date_traits(name: str, after_id: int = 0, limit: int = PAGE) -> list[tuple[int, str, str]]:
    """(contact id, timezone, value) of contacts whose trait `name` is set but does not start as an ISO date."""
    key = f"_dt_{name}"
    return list(Contact.objects.annotate(**{key: KeyTextTransform(name, "traits")})
                .filter(**{"traits__has_key": name}).exclude(**{f"{key}__regex": _ISO_PREFIX})
                .filter(id__gt=after_id).order_by("id").values_list("id", "timezone", key)[:limit])


def segment_member_ids(segment_key: str, after_id: int = 0, limit: int = PAGE) -> list[int]:
    """Current members of a saved segment (open memberships), by contact id, one page."""
    return list(SegmentMembership.objects.filter(segment__key=segment_key, exited_at__isnull=True,
                                                 contact_id__gt=after_id)
                .order_by("contact_id").values_list("contact_id", flat=True)[:limit])
