"""The calendar's entries (design section 10): what goes out on which UTC day, across every channel.

- `broadcast`: a broadcast on its send day (`send_at`, else the day it was published or started); the count
  is its audience (counted when it starts), else the messages it wrote so far, else (not started) its
  segment's size now. Cancelled ones are left out.
- `journey`: a journey launched on a day: an audience launch (the count: contacts it enrolled) or a
  version published.
- `waits`: contacts of live journeys whose wait comes due that day, per journey and per channel of the
  send they are heading to (None when the graph leaves it open).

Everything is counted in the database, grouped by day (and node); Python only maps the few groups onto
channels. Journeys that carry a broadcast show as the broadcast, not a second time as a journey.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncDate

from broadcasts.calendar.heading import heading_channel, single_channel
from broadcasts.models import Broadcast, BroadcastStatus
from broadcasts.selectors.broadcasts import segment_sizes
from channels_app.models import Message
from journeys.interface import Enrollment, Journey, JourneyVersion, Launch

KINDS = ("broadcast", "journey", "waits")
MAX_DAYS = 92  # days the API answers at once: a quarter


@dataclass(frozen=True)
class CalendarEntry:
    date: date
    kind: str
    id: int
    name: str
    channel: str | None
    count: int
    status: str = ""  # for the page's styling; not part of the API's answer
    at: datetime | None = None  # a broadcast's send moment, for the week view; not part of the API's answer


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[the first day's midnight, the midnight after the last day), in UTC."""
    return (datetime.combine(start, time.min, tzinfo=timezone.utc),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc))


def _utc_day(field):
    return TruncDate(field, tzinfo=timezone.utc)


def _broadcast_journeys():
    return Broadcast.objects.exclude(journey=None).values("journey_id")


def _broadcasts(since: datetime, until: datetime) -> list[CalendarEntry]:
    rows = list(Broadcast.objects.exclude(status=BroadcastStatus.CANCELLED)
                .annotate(moment=Coalesce("send_at", "published_at", "started_at"))
                .filter(moment__gte=since, moment__lt=until)
                .annotate(day=_utc_day("moment"))
                .values("id", "name", "channel", "status", "segment", "audience_size", "journey_id", "day", "moment"))
    uncounted = [row for row in rows if row["audience_size"] is None]
    journeys = [row["journey_id"] for row in uncounted if row["journey_id"]]
    messages = dict(Message.objects.filter(journey_id__in=journeys).values("journey_id")
                    .annotate(n=Count("id")).values_list("journey_id", "n")) if journeys else {}
    # Not started yet: the segment's size now, one count per distinct segment.
    sizes = segment_sizes({row["segment"] for row in uncounted if not messages.get(row["journey_id"])})
    for row in uncounted:
        row["audience_size"] = messages.get(row["journey_id"]) or sizes.get(row["segment"], 0)
    return [CalendarEntry(row["day"], "broadcast", row["id"], row["name"], row["channel"] or None,
                          row["audience_size"], row["status"], row["moment"]) for row in rows]


def _journeys(since: datetime, until: datetime) -> list[CalendarEntry]:
    days: dict[tuple[int, date], int] = defaultdict(int)
    versions: dict[int, int] = {}  # journey -> the newest version seen, whose graph names the channel
    launches = (Launch.objects.filter(created_at__gte=since, created_at__lt=until)
                .exclude(journey_id__in=_broadcast_journeys())
                .annotate(day=_utc_day("created_at")).values("journey_id", "day")
                .annotate(enrolled=Sum("enrolled")))
    for row in launches:
        days[(row["journey_id"], row["day"])] += row["enrolled"] or 0
    published = (JourneyVersion.objects.filter(published_at__gte=since, published_at__lt=until)
                 .exclude(journey_id__in=_broadcast_journeys())
                 .annotate(day=_utc_day("published_at")).values("journey_id", "day", "id"))
    for row in published:
        days[(row["journey_id"], row["day"])] += 0
        versions[row["journey_id"]] = max(versions.get(row["journey_id"], 0), row["id"])
    journey_ids = {journey_id for journey_id, _ in days}
    for journey_id, version_id in (Launch.objects.filter(journey_id__in=journey_ids - set(versions))
                                   .values_list("journey_id", "version_id")):
        versions[journey_id] = max(versions.get(journey_id, 0), version_id)
    graphs = dict(JourneyVersion.objects.filter(id__in=versions.values()).values_list("id", "graph"))
    journeys = {row["id"]: row for row in Journey.objects.filter(id__in=journey_ids).values("id", "name", "status")}
    return [CalendarEntry(day, "journey", journey_id, journeys[journey_id]["name"],
                          single_channel(graphs.get(versions.get(journey_id), {})), count,
                          journeys[journey_id]["status"])
            for (journey_id, day), count in days.items() if journey_id in journeys]


def _waits(since: datetime, until: datetime) -> list[CalendarEntry]:
    groups = list(Enrollment.objects.filter(state="waiting", is_test=False, wake_at__gte=since, wake_at__lt=until,
                                            journey__status="live")
                  .exclude(journey_id__in=_broadcast_journeys())
                  .annotate(day=_utc_day("wake_at"))
                  .values("journey_id", "version_id", "current_node", "resume_port", "day")
                  .annotate(n=Count("id")))
    graphs = dict(JourneyVersion.objects.filter(id__in={g["version_id"] for g in groups}).values_list("id", "graph"))
    names = dict(Journey.objects.filter(id__in={g["journey_id"] for g in groups}).values_list("id", "name"))
    counts: dict[tuple[date, int, str | None], int] = defaultdict(int)
    for group in groups:
        channel = heading_channel(graphs.get(group["version_id"], {}), group["current_node"], group["resume_port"])
        counts[(group["day"], group["journey_id"], channel)] += group["n"]
    return [CalendarEntry(day, "waits", journey_id, names.get(journey_id, ""), channel, count, "live")
            for (day, journey_id, channel), count in counts.items()]


def calendar_entries(start: date, end: date) -> list[CalendarEntry]:
    """Every entry from `start` to `end` (UTC days, both included), by day, kind, name."""
    since, until = _bounds(start, end)
    entries = _broadcasts(since, until) + _journeys(since, until) + _waits(since, until)
    return sorted(entries, key=lambda e: (e.date, KINDS.index(e.kind), e.name.lower(), e.id, e.channel or ""))
