"""Live journey analytics: `/ws/journeys/<id>/analytics/` pushes the whole stats payload on a tick.

Same contract as the per-node live view (journeys/consumers.py), whose tick and group it
reuses: the consumer joins `journey-<id>`, so the runtime's `notify_journey_activity`
(once per committed batch) marks it dirty and it recomputes on its next tick; without
a notice it still recomputes every `REFRESH_EVERY_TICKS` ticks (delivery callbacks,
opens and clicks come from other processes and do not notify). At most one frame per
tick, and only when something changed: never one websocket message per event.
"""
from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async

from journeys import consumers
from journeys.consumers import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, JourneyLiveConsumer, journey_group

logger = logging.getLogger(__name__)


def live_stats(journey_id: int) -> dict:
    """The stats payload of `GET /api/v1/journeys/<id>/stats`. Raises LookupError for no such journey."""
    from journeys import selectors, selectors_logs
    from journeys.models import Journey

    journey = Journey.objects.filter(pk=journey_id).first()
    if journey is None:
        raise LookupError(journey_id)
    version = selectors.journey_live_version(journey) or selectors.journey_latest_version(journey)
    return selectors_logs.journey_analytics(journey, version)


class JourneyAnalyticsConsumer(JourneyLiveConsumer):
    frame_type = "stats"

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.journey_id = int(self.scope["url_route"]["kwargs"]["journey_id"])
        try:
            first = await database_sync_to_async(live_stats)(self.journey_id)
        except LookupError:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group = journey_group(self.journey_id)
        self.dirty = False
        self.last_sent = None
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._send_if_changed(first)
        self.ticker = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        ticks = 0
        while True:
            # Read the module's settings each time, so tests (and operators) can tune them.
            await asyncio.sleep(consumers.TICK_SECONDS)
            ticks += 1
            if not (self.dirty or ticks % consumers.REFRESH_EVERY_TICKS == 0):
                continue
            self.dirty = False
            try:
                payload = await database_sync_to_async(live_stats)(self.journey_id)
            except LookupError:
                await self.close(code=CLOSE_NOT_FOUND)
                return
            except Exception:
                logger.warning("live stats of journey %s failed", self.journey_id, exc_info=True)
                continue
            await self._send_if_changed(payload)

    async def _send_if_changed(self, payload: dict | None) -> None:
        if payload is None or payload == self.last_sent:
            return
        self.last_sent = payload
        await self.send_json({"type": self.frame_type, **payload})
