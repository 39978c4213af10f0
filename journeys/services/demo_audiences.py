"""The demo's audiences: shoppers with a year of orders (demo_shoppers.py), computed traits, saved
segments and the RFM and lifecycle models computed once, so /audiences/ shows something real on
`make run`. Idempotent: shoppers and definitions are created only when missing.

Set-based: the shoppers and their events are bulk inserts, not a few thousand ingest calls. Their
events are history, so they are stored as already handled: no journey triggers on last year's orders.
The computed traits are then backfilled by their definitions and the models evaluated in the database.
"""
from __future__ import annotations

import json
from pathlib import Path

from audiences.models import ComputedTrait, Segment
from audiences.services import computed as computed_traits
from audiences.services import lifecycle, rfm
from audiences.services import segments as segment_services
from audiences.services import static_members
from audiences.services.membership import segment_evaluate
from core import clock
from journeys.models import Contact, Event
from journeys.services.demo_shoppers import demo_shoppers

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
BETA_TESTERS = 15


def _load_shoppers(now) -> bool:
    """Insert the shoppers and their events unless an earlier run did; whether it inserted."""
    shoppers = demo_shoppers(now)
    if Contact.objects.filter(user_id=shoppers[0].user_id).exists():
        return False
    Contact.objects.bulk_create([Contact(user_id=s.user_id, traits=s.traits, email=s.traits["email"],
                                         timezone=s.traits["timezone"]) for s in shoppers], batch_size=500)
    ids = dict(Contact.objects.filter(user_id__in=[s.user_id for s in shoppers]).values_list("user_id", "id"))
    Event.objects.bulk_create([
        Event(contact_id=ids[s.user_id], name=name, properties=properties, timestamp=at,
              dispatched_at=now, handled_at=now)
        for s in shoppers for name, properties, at in s.events
    ], batch_size=1000)
    return True


def _define_traits() -> None:
    for spec in json.loads((DEMO_DIR / "audience_traits.json").read_text()):
        if not ComputedTrait.objects.filter(key=spec["key"]).exists():
            computed_traits.trait_create(**spec)


def _define_segments(user, now) -> None:
    """Created (and so evaluated) when missing; the ones already there are evaluated again, as the
    scheduler would, so a rerun after the data aged shows today's sizes."""
    for spec in json.loads((DEMO_DIR / "audience_segments.json").read_text()):
        segment = Segment.objects.filter(key=spec["key"]).first()
        if segment is None:
            segment = segment_services.segment_create(user=user, **spec)
            if segment.kind == Segment.STATIC:
                static_members.members_add(segment, [f"shopper-{n:03d}" for n in range(1, BETA_TESTERS + 1)])
        elif segment.kind == Segment.DYNAMIC:
            segment_evaluate(segment, now)


def demo_audiences_load(user) -> None:
    now = clock.now()
    earlier_traits = list(ComputedTrait.objects.all())
    if _load_shoppers(now):
        # Bulk-inserted events bypass ingest's incremental update: backfill the definitions already there.
        for trait in earlier_traits:
            computed_traits.trait_update(trait)
    _define_traits()  # new definitions backfill themselves
    rfm.recompute(now=now)
    lifecycle.evaluate(now=now)
    _define_segments(user, now)
