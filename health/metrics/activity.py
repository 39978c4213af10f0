"""Who is thriving: the share of contacts active in the window, DAU/MAU, and the churned share.

Active = an event named in the lifecycle configuration's `active_events`; churned = the lifecycle
computed value `lifecycle_stage` is "churned". Scope: a segment key (its current members); a key that
names no segment measures the whole workspace and says so in the rule's notes.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from audiences.models import ComputedValue, LifecycleConfig, Segment, SegmentMembership
from journeys.models import Contact, Event

CHURNED = "churned"


def _contacts(scope: dict, notes: list):
    """The contacts measured (a queryset of ids), or None for every contact."""
    key = scope.get("segment")
    if not key:
        return None
    segment = Segment.objects.filter(key=key).first()
    if segment is None:
        notes.append(f"no segment {key!r}: measured the whole workspace")
        return None
    return SegmentMembership.objects.filter(segment=segment, exited_at__isnull=True).values("contact_id")


def _active(contacts, start: datetime, end: datetime) -> int:
    events = Event.objects.filter(name__in=LifecycleConfig.current().active_events, timestamp__gte=start,
                                  timestamp__lt=end)
    if contacts is not None:
        events = events.filter(contact_id__in=contacts)
    return events.values("contact_id").distinct().count()


def active_share(scope, start, end, notes) -> float | None:
    contacts = _contacts(scope, notes)
    total = (Contact.objects.filter(pk__in=contacts) if contacts is not None else Contact.objects).count()
    return _active(contacts, start, end) / total if total else None


def stickiness(scope, start, end, notes) -> float | None:
    """DAU over MAU at the window's end (the window length does not change it)."""
    contacts = _contacts(scope, notes)
    mau = _active(contacts, end - timedelta(days=30), end)
    return _active(contacts, end - timedelta(days=1), end) / mau if mau else None


def churn_rate(scope, start, end, notes) -> float | None:
    """Churned contacts over those the lifecycle has placed (a snapshot: the window does not change it)."""
    contacts = _contacts(scope, notes)
    staged = ComputedValue.objects.filter(key="lifecycle_stage")
    if contacts is not None:
        staged = staged.filter(contact_id__in=contacts)
    total = staged.count()
    return staged.filter(value=CHURNED).count() / total if total else None
