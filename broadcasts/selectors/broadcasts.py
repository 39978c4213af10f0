"""Reads of broadcasts: the list, one broadcast, its audience now, and its stats (its journey's, flattened)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from audiences.compiler import condition_count
from audiences.models import Segment
from broadcasts.models import Broadcast, BroadcastStatus
from channels_app.models import MessageStatus
from core import clock
from core.errors import InvalidInput
import journeys.interface as journeys


def broadcast_list(status: str | None = None) -> QuerySet[Broadcast]:
    """Newest first; `status` one of BroadcastStatus (InvalidInput naming `status` otherwise)."""
    broadcasts = Broadcast.objects.select_related("created_by").order_by("-id")
    if status:
        if status not in BroadcastStatus.values:
            statuses = ", ".join(BroadcastStatus.values)
            raise InvalidInput(_("status: must be one of %(statuses)s") % {"statuses": statuses}, field="status")
        broadcasts = broadcasts.filter(status=status)
    return broadcasts


def broadcast_get(broadcast_id: int) -> Broadcast:
    broadcast = Broadcast.objects.select_related("journey", "created_by").filter(pk=broadcast_id).first()
    if broadcast is None:
        raise Http404(f"no broadcast {broadcast_id}")
    return broadcast


def segment_size(segment_key: str) -> int:
    """How many contacts the saved segment holds now (0 when there is no such segment)."""
    if not Segment.objects.filter(key=segment_key).exists():
        return 0
    return condition_count({"segment": segment_key}, clock.now())


def segment_sizes(segment_keys: set[str]) -> dict[str, int]:
    """segment key -> size now, one count per distinct segment (a list page's audience sizes)."""
    return {key: segment_size(key) for key in segment_keys}


def audience_size(broadcast: Broadcast) -> int:
    """Counted at start once the broadcast started; before that, the segment's size now."""
    if broadcast.audience_size is not None:
        return broadcast.audience_size
    return segment_size(broadcast.segment)


def broadcast_stats(broadcast: Broadcast) -> dict:
    """Like a journey's stats, for its one send: sent, delivered, opened, clicked, converted, failed,
    suppressed (blacklisted or no address), capped, deferred (quiet hours), plus the audience size."""
    base = {"broadcast": broadcast.pk, "status": broadcast.status, "audience_size": audience_size(broadcast),
            "started_at": broadcast.started_at, "finished_at": broadcast.finished_at}
    counts = {"enrolled": 0, "sent": 0, "delivered": 0, "opened": 0, "clicked": 0, "converted": 0, "failed": 0,
              "suppressed": 0, "capped": 0, "deferred": 0, "queued": 0, "total": 0}
    if broadcast.journey is None:
        return {**base, **counts, "by_status": {}, "rates": {}}
    analytics = journeys.journey_analytics(broadcast.journey, journeys.stats_version(broadcast.journey, None))
    by_status = analytics["sends"]["by_status"]
    rates = analytics["rates"]
    counts.update({
        "enrolled": analytics["conversions"]["enrolled"], "sent": rates["sent"], "delivered": rates["delivered"],
        "opened": rates["opened"], "clicked": rates["clicked"], "converted": analytics["conversions"]["converted"],
        "failed": by_status.get(MessageStatus.FAILED, 0), "suppressed": by_status.get(MessageStatus.SUPPRESSED, 0),
        "capped": by_status.get(MessageStatus.CAPPED, 0), "deferred": by_status.get(MessageStatus.DEFERRED, 0),
        "queued": by_status.get(MessageStatus.QUEUED, 0) + by_status.get(MessageStatus.SENDING, 0),
        "total": analytics["sends"]["total"],
    })
    return {**base, **counts, "by_status": by_status,
            "rates": {key: rates[key] for key in ("delivery_rate", "open_rate", "click_rate")}}
