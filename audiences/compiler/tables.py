"""Table names of what conditions read, from the models' `_meta` (never spelled out by hand)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from journeys.interface import Contact, Event


@dataclass(frozen=True)
class Tables:
    contact: str
    event: str
    computed: str
    segment: str
    membership: str


@cache
def tables() -> Tables:
    from audiences.models import ComputedValue, Segment, SegmentMembership

    return Tables(contact=Contact._meta.db_table, event=Event._meta.db_table, computed=ComputedValue._meta.db_table,
                  segment=Segment._meta.db_table, membership=SegmentMembership._meta.db_table)
