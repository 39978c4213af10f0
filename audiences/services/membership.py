"""Materialised segment membership: who is in each segment now, and since when.

A dynamic segment is refreshed set-based from its compiled condition: one UPDATE closes the open
rows of contacts who stopped matching, one INSERT … SELECT opens rows for those who started. It
runs when the segment is saved, for the contacts an ingest batch touched (`refresh_contacts`, in
the ingest's transaction) and periodically for everyone (`segments_reevaluate_due`, the scheduler),
since time passing alone moves contacts in and out of windows. A move that a live journey triggers
on is recorded as a `segment_entered` / `segment_exited` event, which the event outbox hands to the
trigger path.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from audiences.compiler import compile_condition
from audiences.compiler.run import WORK_MEM
from audiences.compiler.tables import tables
from audiences.models import Segment, SegmentSizeHistory
from core import clock
from journeys.graph.segment_refs import condition_refs
from journeys.interface import record_internal_events, segment_moves_watched

MOVE_EVENTS = {"enter": "segment_entered", "exit": "segment_exited"}


def _scope_sql(scope: list[int] | None, column: str) -> str:
    if scope is None:
        return ""
    return f" AND {column} IN (" + (",".join(str(int(i)) for i in scope) or "NULL") + ")"


def _execute(cursor, sql: str, params: list, returning: bool) -> list[int]:
    cursor.execute(sql + (" RETURNING contact_id" if returning else ""), params)
    if returning:
        return [row[0] for row in cursor.fetchall()]
    return [0] * max(cursor.rowcount, 0)  # nobody watches these moves: only their number is used


def segment_refresh(segment: Segment, now: datetime, scope: list[int] | None = None) -> tuple[int, int]:
    """Bring a dynamic segment's open rows in line with its condition (only for `scope` when given).
    Returns (entered, exited)."""
    t, adapt = tables(), connection.ops.adapt_datetimefield_value
    watched = segment_moves_watched()
    matching = compile_condition(segment.condition, now, scope).select("c.id")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        exited = _execute(
            cursor,
            f"UPDATE {t.membership} SET exited_at = %s WHERE segment_id = %s AND exited_at IS NULL"
            f"{_scope_sql(scope, 'contact_id')} AND contact_id NOT IN ({matching.text})",
            [adapt(now), segment.pk, *matching.params], returning=(segment.key, "exit") in watched)
        entered = _execute(
            cursor,
            f"INSERT INTO {t.membership} (segment_id, contact_id, entered_at, exited_at) "
            f"SELECT %s, x.id, %s, NULL FROM ({matching.text}) x WHERE NOT EXISTS (SELECT 1 FROM {t.membership} o "
            f"WHERE o.segment_id = %s AND o.contact_id = x.id AND o.exited_at IS NULL) ON CONFLICT DO NOTHING",
            [segment.pk, adapt(now), *matching.params, segment.pk], returning=(segment.key, "enter") in watched)
        _record_moves(segment.key, entered, exited, watched, now)
    return len(entered), len(exited)


def _record_moves(key: str, entered: list[int], exited: list[int], watched: set, now: datetime) -> None:
    events = []
    for on, ids in (("enter", entered), ("exit", exited)):
        if (key, on) in watched:
            events += [{"contact_id": contact_id, "name": MOVE_EVENTS[on], "properties": {"segment": key},
                        "timestamp": now} for contact_id in ids]
    record_internal_events(events)


def size_record(segment: Segment, now: datetime) -> int:
    """Count the open rows into `size` and today's (UTC) size history."""
    size = segment.memberships.filter(exited_at__isnull=True).count()
    Segment.objects.filter(pk=segment.pk).update(size=size)
    segment.size = size
    SegmentSizeHistory.objects.update_or_create(segment=segment, date=now.astimezone(timezone.utc).date(),
                                                defaults={"size": size})
    return size


def segment_evaluate(segment: Segment, now: datetime | None = None) -> tuple[int, int]:
    """Full refresh of one dynamic segment (on save, and periodically)."""
    now = now or clock.now()
    with transaction.atomic():
        moves = segment_refresh(segment, now)
        Segment.objects.filter(pk=segment.pk).update(evaluated_at=now)
        segment.evaluated_at = now
        size_record(segment, now)
    return moves


def dependency_order(segments: list[Segment]) -> list[Segment]:
    """Segments named by other segments' conditions come first, so a refresh reads fresh memberships."""
    by_key = {s.key: s for s in segments}
    ordered, done = [], set()

    def visit(segment: Segment, path: frozenset) -> None:
        if segment.key in done or segment.key in path:  # a cycle is refused on save; never loop here
            return
        for key in sorted(condition_refs(segment.condition)["segment"]):
            if key in by_key:
                visit(by_key[key], path | {segment.key})
        done.add(segment.key)
        ordered.append(segment)

    for segment in segments:
        visit(segment, frozenset())
    return ordered


def _dynamic_segments() -> list[Segment]:
    return dependency_order(list(Segment.objects.filter(kind=Segment.DYNAMIC, condition__isnull=False)
                                 .order_by("id")))


def refresh_contacts(contact_ids, now: datetime | None = None) -> int:
    """After an ingest batch: re-check every dynamic segment for these contacts only (set-based, in the
    caller's transaction). Returns the number of moves."""
    ids = sorted({int(i) for i in contact_ids})
    if not ids:
        return 0
    now = now or clock.now()
    # Sizes are not touched here: concurrent ingest batches would queue on the segment rows. The API
    # counts open rows when it answers; `size` and the history follow at each full evaluation.
    moves = 0
    for segment in _dynamic_segments():
        entered, exited = segment_refresh(segment, now, scope=ids)
        moves += entered + exited
    return moves


def segments_reevaluate_due(now: datetime | None = None) -> int:
    """The periodic pass: every dynamic segment not evaluated within the interval, each claimed by a
    conditional update first so that several schedulers never evaluate the same segment twice."""
    now = now or clock.now()
    every = timedelta(seconds=settings.JOURNEYS_SEGMENT_REEVALUATE_SECONDS)
    evaluated = 0
    for segment in _dynamic_segments():
        due = Q(evaluated_at__isnull=True) | Q(evaluated_at__lte=now - every / 2)
        claimed = Segment.objects.filter(due, pk=segment.pk)
        if not claimed.update(evaluated_at=now):
            continue
        segment_evaluate(segment, now)
        evaluated += 1
    return evaluated
