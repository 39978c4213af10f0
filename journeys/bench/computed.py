"""`journeys_bench --only audiences`, the computed-trait half: what keeping computed traits costs.

1. Ingest rate (events/s through `ingest_calls`, batches of BATCH) of an event no computed trait
   reads vs one that three (count, sum, days_since) read, in alternating rounds: the loss should stay
   ≤ 20 %. The traits are folded in where the runtime handles the events (events.handle_events, in the
   transaction that marks them handled), so each round's events are then handled here, in this process,
   in the worker's chunks: that rate, with and without the traits, is the incremental update's own cost.
2. A full re-evaluation over the world in the database (the 1,000,000 contacts and 10,000,000 events
   the audiences section seeds): three traits on its events defined (each a backfill), then the
   periodic pass (windowed traits again, days_since aged, RFM scored, every lifecycle stage placed).
PostgreSQL only, like the other million-row sections.
"""
from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection

from audiences.models import ComputedTrait, ComputedValue
from core import clock

BATCH = 500
EVENT = "bench_order"
TRAITS = [
    {"key": "bench_orders", "name": "bench orders", "kind": "count", "event": EVENT},
    {"key": "bench_spent", "name": "bench spent", "kind": "sum", "event": EVENT, "property": "amount"},
    {"key": "bench_days", "name": "bench days since", "kind": "days_since", "event": EVENT},
]

# The periodic pass's work over the seeded world: a windowed count, a sum, a days_since.
WORLD_TRAITS = [
    {"key": "bench_orders_30d", "name": "orders 30 d", "kind": "count", "event": "order_completed", "within_days": 30},
    {"key": "bench_order_total", "name": "order total", "kind": "sum", "event": "order_completed",
     "property": "amount"},
    {"key": "bench_days_opened", "name": "days since app open", "kind": "days_since", "event": "app_opened"},
]


def _calls(prefix: str, event: str, events: int, contacts: int) -> list:
    from journeys.services.ingest import TrackCall

    now = clock.now()
    return [TrackCall(user_id=f"{prefix}-{i % contacts}", anonymous_id=None, event=event,
                      properties={"amount": i % 200, "sku": f"s{i % 50}"}, timestamp=now - timedelta(minutes=i % 5000))
            for i in range(events)]


def _ingest_seconds(calls: list) -> float:
    from journeys.services.ingest import ingest_calls

    started = time.perf_counter()
    for start in range(0, len(calls), BATCH):
        ingest_calls(calls[start:start + BATCH])
    return time.perf_counter() - started


def _handle_seconds(after_id: int) -> float:
    """Handle the events stored after `after_id` as a worker would (its chunk size), timed."""
    from journeys.models import Event
    from journeys.runtime.dispatch import EVENT_CHUNK
    from journeys.services.events import handle_events

    ids = list(Event.objects.filter(id__gt=after_id, handled_at__isnull=True).order_by("id")
               .values_list("id", flat=True))
    started = time.perf_counter()
    for start in range(0, len(ids), EVENT_CHUNK):
        handle_events(ids[start:start + EVENT_CHUNK])
    return time.perf_counter() - started


def _last_event_id() -> int:
    from journeys.models import Event

    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def ingest_with_and_without(events: int = 100_000, contacts: int = 10_000, rounds: int = 4) -> dict:
    """events/s of an event no computed trait reads vs one three traits read, in alternating rounds (the
    machine's other load then weighs on both alike); fresh contacts in each round, same batch shape."""
    from audiences.services.computed import trait_create

    _remove()
    for trait in TRAITS:
        trait_create(**trait)
    stamp, per_round = int(time.time()), max(BATCH, events // rounds)
    warm_from = _last_event_id()
    _ingest_seconds(_calls(f"bench-ct-warm-{stamp}", "bench_plain", 2 * BATCH, contacts))  # connections, plans
    _handle_seconds(warm_from)
    ingest, handle = {"off": 0.0, "on": 0.0}, {"off": 0.0, "on": 0.0}
    for n in range(rounds):
        for mode, event in (("off", "bench_plain"), ("on", EVENT)) if n % 2 == 0 else (("on", EVENT),
                                                                                        ("off", "bench_plain")):
            before = _last_event_id()
            ingest[mode] += _ingest_seconds(_calls(f"bench-ct-{mode}-{stamp}-{n}", event, per_round, contacts))
            handle[mode] += _handle_seconds(before)
    kept = ComputedValue.objects.filter(key="bench_orders", contact__user_id__startswith=f"bench-ct-on-{stamp}-0-")
    assert kept.count() == min(contacts, per_round), "every contact of a traits-on round has its value"
    events_total = rounds * per_round
    rate = {f"{what}_{mode}": events_total / seconds[mode]
            for what, seconds in (("ingest", ingest), ("handle", handle)) for mode in ("off", "on")}
    return {"computed_ingest_events_per_s_off": round(rate["ingest_off"]),
            "computed_ingest_events_per_s_on": round(rate["ingest_on"]),
            "computed_ingest_loss_pct": round(100 * (1 - rate["ingest_on"] / rate["ingest_off"]), 1),
            "computed_handle_events_per_s_off": round(rate["handle_off"]),
            "computed_handle_events_per_s_on": round(rate["handle_on"]),
            # What folding three traits adds to handling one event, and that alone as a rate (one thread).
            "computed_fold_us_per_event": round(1e6 * (handle["on"] - handle["off"]) / events_total, 1),
            "computed_fold_events_per_s": round(events_total / max(handle["on"] - handle["off"], 1e-9))}


def full_reevaluation() -> dict:
    """Over the whole database: three traits on the world's own events defined (each a backfill), then the
    scheduler's periodic pass as it runs (windowed traits again, days_since aged, RFM, lifecycle), timed."""
    from audiences.services import computed_reeval, lifecycle, rfm
    from audiences.services.computed import trait_create

    out = {}
    for trait in WORLD_TRAITS:
        started = time.perf_counter()
        trait_create(**trait)
        out[f"computed_backfill_{trait['kind']}_s"] = round(time.perf_counter() - started, 2)
    now = clock.now()
    started = time.perf_counter()
    computed_reeval.refresh_traits(now)
    out["computed_refresh_s"] = round(time.perf_counter() - started, 2)
    one = time.perf_counter()
    rfm.recompute(now=now)
    out["rfm_recompute_s"] = round(time.perf_counter() - one, 2)
    one = time.perf_counter()
    out["lifecycle_moves"] = lifecycle.evaluate(now=now)["moved"]
    out["lifecycle_evaluate_s"] = round(time.perf_counter() - one, 2)
    out["audiences_full_reevaluation_s"] = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM journeys_contact")
        out["reevaluation_contacts"] = cursor.fetchone()[0]
    return out


def _remove() -> None:
    for trait in ComputedTrait.objects.filter(key__in=[t["key"] for t in TRAITS + WORLD_TRAITS]):
        ComputedValue.objects.filter(key=trait.key).delete()
        trait.delete()


def run(stdout, events: int = 100_000, contacts: int = 10_000) -> dict:
    if connection.vendor != "postgresql":
        stdout.write("audiences (computed traits): PostgreSQL only; skipped\n")
        return {}
    results = ingest_with_and_without(events, contacts)
    stdout.write(f"ingest, no computed trait:      {results['computed_ingest_events_per_s_off']:>10,} events/s\n")
    stdout.write(f"ingest, 3 computed traits on:   {results['computed_ingest_events_per_s_on']:>10,} events/s "
                 f"(loss {results['computed_ingest_loss_pct']} %, target ≤ 20 %)\n")
    stdout.write(f"handled by the runtime, no trait: {results['computed_handle_events_per_s_off']:>8,} events/s; "
                 f"3 traits folded: {results['computed_handle_events_per_s_on']:,} events/s (one thread; the fold "
                 f"{results['computed_fold_us_per_event']} µs per event = "
                 f"{results['computed_fold_events_per_s']:,} events/s)\n")
    results.update(full_reevaluation())
    stdout.write(f"three traits defined (backfills): "
                 f"{[v for k, v in results.items() if k.startswith('computed_backfill')]} s\n")
    stdout.write(f"full re-evaluation ({results['reevaluation_contacts']:,} contacts): "
                 f"{results['audiences_full_reevaluation_s']} s (traits {results['computed_refresh_s']} s, "
                 f"rfm {results['rfm_recompute_s']} s, lifecycle {results['lifecycle_evaluate_s']} s)\n")
    _remove()
    return results
