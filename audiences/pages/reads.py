"""What the segment pages read: the list with each segment's trend, and one segment for the editor."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from audiences.models import Segment, SegmentSizeHistory
from audiences.selectors import segments as segment_selectors
from audiences.pages.sparkline import sparkline_points
from core import clock

TREND_DAYS = 30


def segment_rows() -> list[dict]:
    """Every segment with its size and the last 30 days of sizes (one query for all trends)."""
    segments = list(segment_selectors.segment_list().order_by("name", "key"))
    since = clock.now().date() - timedelta(days=TREND_DAYS)
    sizes: dict[int, list[int]] = defaultdict(list)
    history = SegmentSizeHistory.objects.filter(segment__in=segments, date__gte=since).order_by("date")
    for segment_id, size in history.values_list("segment_id", "size"):
        sizes[segment_id].append(size)
    rows = []
    for segment in segments:
        trend = sizes.get(segment.pk, [])
        first = trend[0] if trend else None
        size = getattr(segment, "live_size", segment.size)
        rows.append({
            "key": segment.key, "name": segment.name, "kind": segment.kind, "description": segment.description,
            "size": size, "updated_at": segment.updated_at, "evaluated_at": segment.evaluated_at,
            "sparkline": sparkline_points(trend), "change": None if first is None else size - first,
        })
    return rows


def segment_document(segment: Segment) -> dict:
    """The segment as the editor edits it: the API's fields (design section 9)."""
    return {"key": segment.key, "name": segment.name, "description": segment.description, "kind": segment.kind,
            "condition": segment.condition, "size": getattr(segment, "live_size", segment.size),
            "updated_at": segment.updated_at.isoformat() if segment.updated_at else None}

