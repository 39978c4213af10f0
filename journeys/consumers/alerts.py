"""The open-alert badge in every page's header, live at `/ws/alerts/`.

A relay: health's evaluation publishes `ALERTS_CHANGED` to `ALERTS_GROUP` after commit (through
core.live); this consumer only forwards it, so journeys never imports health.
"""
from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from journeys.consumers.admission import admitted
from journeys.live_groups import ALERTS_GROUP


class AlertBadgeConsumer(AsyncJsonWebsocketConsumer):
    resource = "alerts"  # who may listen: core.permissions

    async def connect(self) -> None:
        if not await admitted(self):
            return
        await self.channel_layer.group_add(ALERTS_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(ALERTS_GROUP, self.channel_name)

    async def alerts_changed(self, event: dict) -> None:
        await self.send_json({"type": "alerts", "open": event["open"], "notice": event.get("notice", "")})
