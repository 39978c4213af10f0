"""Who may open a staff websocket: a signed-in user whose roles allow the consumer's resource."""
from __future__ import annotations

from channels.db import database_sync_to_async

from core.permissions import may_connect

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


async def admitted(consumer) -> bool:
    """True when the consumer may go on; otherwise the socket is closed with the reason's code."""
    user = consumer.scope.get("user")
    if user is None or not user.is_authenticated:
        await consumer.close(code=CLOSE_UNAUTHENTICATED)
        return False
    if not await database_sync_to_async(may_connect)(user, consumer.resource):
        await consumer.close(code=CLOSE_FORBIDDEN)
        return False
    return True
