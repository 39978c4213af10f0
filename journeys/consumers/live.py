"""Live per-node counts of a journey's live version.

A browser showing a live journey (`/journeys/<id>/?view=live`) connects to
`/ws/journeys/<id>/live/` and joins the journey's group (journeys/live_groups.py).
Counts are sent on a tick (every `TICK_SECONDS`), never per event: whatever happens
in between, the client gets at most one message per tick, and only when the numbers changed.

The runtime does not push counts itself. After it commits a batch that moved
contacts of a journey it publishes one `journey.activity` message to the group
(`notify_journey_activity` in journeys/services/advancing.py, once per batch, after
commit); that marks the group's consumers dirty and they recount on their next tick.
Without any notice (another process, a notice lost) consumers still recount every
`REFRESH_EVERY_TICKS` ticks, so the view never goes stale for long. Recounting uses
`journeys.selectors.journey_node_counts`, a few aggregate queries on indexed columns.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from journeys import selectors
from journeys.consumers.admission import CLOSE_NOT_FOUND, admitted
from journeys.live_groups import journey_group
from journeys.models import Journey

logger = logging.getLogger(__name__)

TICK_SECONDS = 1.0
REFRESH_EVERY_TICKS = 2



def live_counts(journey_id: int) -> dict | None:
    """{"version": n, "counts": {node: {...}}} for the journey's live version; None when it has none.

    Raises LookupError when the journey does not exist.
    """
    journey = Journey.objects.filter(pk=journey_id).first()
    if journey is None:
        raise LookupError(journey_id)
    version = selectors.journey_live_version(journey)
    if version is None:
        return {"version": None, "status": journey.status, "counts": {}}
    return {"version": version.number, "status": version.status, "counts": selectors.journey_node_counts(version)}


class JourneyLiveConsumer(AsyncJsonWebsocketConsumer):
    """Per-node entered / waiting / exited / sent counts for one journey, pushed on a tick.

    Subclasses push another payload on the same tick and group by overriding `frame_type`
    and `compute` (a sync function of the journey id; LookupError when there is no journey).
    """

    resource = "journeys"  # who may watch: core.permissions
    frame_type = "counts"
    compute = staticmethod(live_counts)

    async def connect(self) -> None:
        if not await admitted(self):
            return
        self.journey_id = int(self.scope["url_route"]["kwargs"]["journey_id"])
        try:
            first = await database_sync_to_async(self.compute)(self.journey_id)
        except LookupError:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group = journey_group(self.journey_id)
        self.dirty = False
        self.last_sent: dict | None = None
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._send_if_changed(first)
        self.ticker = asyncio.create_task(self._tick())

    async def disconnect(self, code: int) -> None:
        ticker = getattr(self, "ticker", None)
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        # The client may ask for a recount now (e.g. after the tab was hidden).
        if isinstance(content, dict) and content.get("type") == "refresh":
            self.dirty = True

    # -- group messages ------------------------------------------------------------------

    async def journey_activity(self, event: dict) -> None:
        """Something moved in this journey (live_groups.JOURNEY_ACTIVITY): recount on the next tick (not now)."""
        self.dirty = True

    # -- the tick --------------------------------------------------------------------------

    async def _tick(self) -> None:
        ticks = 0
        while True:
            await asyncio.sleep(TICK_SECONDS)
            ticks += 1
            if not (self.dirty or ticks % REFRESH_EVERY_TICKS == 0):
                continue
            self.dirty = False
            try:
                payload = await database_sync_to_async(self.compute)(self.journey_id)
            except LookupError:
                await self.close(code=CLOSE_NOT_FOUND)
                return
            except Exception:
                logger.warning("live %s of journey %s failed", self.frame_type, self.journey_id, exc_info=True)
                continue
            await self._send_if_changed(payload)

    async def _send_if_changed(self, payload: dict | None) -> None:
        if payload is None or payload == self.last_sent:
            return
        self.last_sent = payload
        await self.send_json({"type": self.frame_type, **payload})
