"""Live journey analytics: `/ws/journeys/<id>/analytics/` pushes the whole stats payload on a tick.

Same contract as the per-node live view (journeys/consumers/live.py), whose tick and group it
reuses: the consumer joins the journey's group, so the runtime's `journey.activity` notice
(once per committed batch) marks it dirty and it recomputes on its next tick; without
a notice it still recomputes every `REFRESH_EVERY_TICKS` ticks (delivery callbacks,
opens and clicks come from other processes and do not notify). At most one frame per
tick, and only when something changed: never one websocket message per event.
"""
from __future__ import annotations

from journeys import selectors
from journeys.consumers.live import JourneyLiveConsumer
from journeys.models import Journey
from journeys.selectors import analytics as analytics_selectors


def live_stats(journey_id: int) -> dict:
    """The stats payload of `GET /api/v1/journeys/<id>/stats`. Raises LookupError for no such journey."""
    journey = Journey.objects.filter(pk=journey_id).first()
    if journey is None:
        raise LookupError(journey_id)
    version = selectors.journey_live_version(journey) or selectors.journey_latest_version(journey)
    return analytics_selectors.journey_analytics(journey, version)


class JourneyAnalyticsConsumer(JourneyLiveConsumer):
    """The same connect, tick and change detection as the live view; only the payload differs."""

    resource = "analytics"
    frame_type = "stats"
    compute = staticmethod(live_stats)
