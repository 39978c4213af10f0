"""The overview dashboard's figures (page and `GET /api/v1/overview`): messages per channel per
day, blocked sends, top journeys by conversions, upcoming waits and deferred sends. No writes here."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from channels_app.models import BLOCKED_STATUSES, Message, MessageStatus
from journeys.models import Conversion, Enrollment


def overview(*, days: int = 14, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    recent = Message.objects.filter(created_at__gte=since, is_test=False)  # test sends are not traffic
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (recent.annotate(day=TruncDate("created_at")).values("day", "channel").annotate(n=Count("id"))):
        per_day[row["day"].isoformat()][row["channel"]] = row["n"]
    blocked = dict(recent.filter(status__in=BLOCKED_STATUSES).values_list("status").annotate(n=Count("id")))
    top = list(Conversion.objects.values("journey_id", "journey__name").annotate(n=Count("id")).order_by("-n")[:10])
    until = now + timedelta(days=days)
    calendar: dict[str, dict] = {}
    for row in (Enrollment.objects.filter(state="waiting", wake_at__gte=now, wake_at__lt=until)
                .annotate(day=TruncDate("wake_at")).values("day").annotate(n=Count("id"))):
        calendar.setdefault(row["day"].isoformat(), {"waits": 0, "deferred": {}})["waits"] = row["n"]
    for row in (Message.objects.filter(status=MessageStatus.DEFERRED, not_before__gte=now, not_before__lt=until)
                .annotate(day=TruncDate("not_before")).values("day", "channel").annotate(n=Count("id"))):
        calendar.setdefault(row["day"].isoformat(), {"waits": 0, "deferred": {}})["deferred"][row["channel"]] = row["n"]
    start = since.date()
    days_axis = [(start + timedelta(days=i)).isoformat() for i in range(days + 1)]
    return {
        "days": days_axis,
        "messages_per_day": {d: per_day.get(d, {}) for d in days_axis},
        "suppressed": blocked.get(MessageStatus.SUPPRESSED, 0), "capped": blocked.get(MessageStatus.CAPPED, 0),
        "deferred": blocked.get(MessageStatus.DEFERRED, 0),
        "top_journeys": [{"journey": r["journey_id"], "name": r["journey__name"], "conversions": r["n"]} for r in top],
        "upcoming": [{"day": d, **calendar[d]} for d in sorted(calendar)],
    }
