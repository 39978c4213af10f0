"""Live approval notices (design section 5) at `/ws/approvals/`."""
from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core import roles
from journeys.consumers.admission import admitted
from journeys.live_groups import APPROVERS_GROUP, user_group


class ApprovalNoticeConsumer(AsyncJsonWebsocketConsumer):
    """Every signed-in user joins their own group (their version was approved, rejected or published);
    approvers also join the approvers' group (a version was submitted for review).

    Notices are published by journeys/services/notifications.py after the transition commits.
    """

    resource = "approvals"  # who may listen: core.permissions

    async def connect(self) -> None:
        if not await admitted(self):
            return
        user = self.scope["user"]
        is_approver = await database_sync_to_async(roles.has_role)(user, roles.APPROVER)
        self.groups_joined = [user_group(user.pk)] + ([APPROVERS_GROUP] if is_approver else [])
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def approval_notice(self, event: dict) -> None:
        await self.send_json({"type": "notice", **event["notice"]})
