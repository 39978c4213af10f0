"""Computed traits: defining them (each change backfills every contact's value in the database) and
keeping their values current as events arrive (`apply_events`, called by the runtime's event handler in
the transaction that marks the events handled, so each event is folded exactly once)."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from audiences.models import ComputedTrait, ComputedValue
from audiences.models.computed import PRODUCT_KEYS
from audiences.services.computed_backfill import backfill
from audiences.services.computed_lock import fold_keys_shared, fold_shared, redefine_exclusive
from audiences.services.computed_merge import merge_batch
from audiences.services.computed_partials import fold
from audiences.services.lifecycle_seen import note_identified
from core import clock
from core.errors import Conflict, InvalidInput

# Keys the product keeps itself (rfm.py, lifecycle.py): a user-defined trait may not take them.
RESERVED_KEYS = frozenset(PRODUCT_KEYS)
FIELDS = ("name", "kind", "event", "property", "where", "within_days")


def trait_create(*, key: str, actor=None, **fields) -> ComputedTrait:
    if key in RESERVED_KEYS:
        reserved = gettext("%(key)s is kept by the product itself (RFM, lifecycle)") % {"key": repr(key)}
        raise InvalidInput("key: " + reserved, field="key")
    with transaction.atomic():
        if ComputedTrait.objects.filter(key=key).exists():
            raise Conflict("key: " + gettext("a computed trait %(key)s already exists") % {"key": repr(key)},
                           field="key")
        trait = ComputedTrait.objects.create(key=key, **{k: v for k, v in fields.items() if k in FIELDS})
        _normalise(trait)
        redefine_exclusive(trait.key)
        backfill(trait, clock.now())
    return trait


def trait_update(trait: ComputedTrait, actor=None, **changes) -> ComputedTrait:
    with transaction.atomic():
        for name, value in changes.items():
            if name in FIELDS:
                setattr(trait, name, value)
        _normalise(trait)
        trait.save()
        redefine_exclusive(trait.key)
        backfill(trait, clock.now())
    return trait


def trait_delete(trait: ComputedTrait, actor=None) -> None:
    with transaction.atomic():
        redefine_exclusive(trait.key)  # a handler folding now would otherwise leave rows of a trait that is gone
        ComputedValue.objects.filter(key=trait.key).delete()
        trait.delete()


def _normalise(trait: ComputedTrait) -> None:
    """count and days_since read no property: keep none, so a stale one never misleads."""
    if trait.kind in ("count", "days_since"):
        trait.property = ""
    trait.property = trait.property or ""


def apply_events(events, now: datetime | None = None) -> int:
    """Fold events being handled (objects with contact_id, name, properties, timestamp, in the order they
    are handled) into every computed trait that reads their names: ONE upsert for the whole batch.

    Call it in the transaction that marks the events handled: that is what makes the fold exactly once."""
    if not events:
        return 0
    names = {e.name for e in events}
    fold_shared()  # before the definitions are read: a trait defined meanwhile is then either seen or backfilled
    traits = list(ComputedTrait.objects.filter(event__in=names))
    if not traits:
        return 0
    fold_keys_shared(trait.key for trait in traits)
    now = now or clock.now()
    rows_by_kind: dict[str, list[dict]] = defaultdict(list)
    batch = [(e.contact_id, e.name, e.properties, e.timestamp) for e in events]
    for trait in traits:
        for contact_id, partial in fold(trait, batch, now).items():
            rows_by_kind[trait.kind].append({"contact_id": contact_id, "key": trait.key, **partial})
    return merge_batch(rows_by_kind, now)


def apply_identifies(pairs: list[tuple[int, datetime | None]], now: datetime | None = None) -> int:
    """Identifies' own timestamps (contact_id, timestamp): the lifecycle's "first seen" counts them too."""
    return note_identified(pairs, now or clock.now())
