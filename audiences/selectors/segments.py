"""Reads of saved segments: the list with live sizes, one segment, its members, its size history."""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from audiences.models import Segment, SegmentMembership, SegmentSizeHistory
from core.masking import mask_address

MEMBER_CSV_HEADER = ["userId", "anonymousId", "email", "phone", "entered_at"]


def _with_live_size(segments: QuerySet) -> QuerySet:
    """`live_size`: the open rows now (ingest moves contacts between full evaluations; `size` is the last one's)."""
    open_rows = (SegmentMembership.objects.filter(segment=OuterRef("pk"), exited_at__isnull=True)
                 .order_by().values("segment").annotate(n=Count("id")).values("n"))
    return segments.annotate(live_size=Coalesce(Subquery(open_rows, output_field=IntegerField()), Value(0)))


def segment_list() -> QuerySet:
    return _with_live_size(Segment.objects.all())


def segment_get(key: str) -> Segment:
    segment = _with_live_size(Segment.objects.filter(key=key)).first()
    if segment is None:
        raise Http404(f"no segment {key!r}")
    return segment


def member_queryset(segment: Segment) -> QuerySet:
    """The open memberships, newest first (the cursor pages order by -id)."""
    return (SegmentMembership.objects.filter(segment=segment, exited_at__isnull=True)
            .select_related("contact").order_by("-id"))


def member_rows(memberships, masked: bool) -> list[dict]:
    hide = mask_address if masked else (lambda value: value)
    return [{"userId": m.contact.user_id, "anonymousId": m.contact.anonymous_id, "email": hide(m.contact.email),
             "phone": hide(m.contact.phone), "entered_at": m.entered_at} for m in memberships]


def member_csv_rows(segment: Segment, masked: bool) -> Iterator[list]:
    yield MEMBER_CSV_HEADER
    for row in member_rows(member_queryset(segment).iterator(chunk_size=2000), masked):
        yield [row["userId"] or "", row["anonymousId"] or "", row["email"], row["phone"], row["entered_at"].isoformat()]


def size_history(segment: Segment) -> list[dict]:
    days = SegmentSizeHistory.objects.filter(segment=segment).order_by("date").values_list("date", "size")
    return [{"date": date, "size": size} for date, size in days]
