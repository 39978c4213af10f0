"""Which review actions a broadcast's page offers its reader: the services' rules, shown, not decided here.

The buttons post to `/api/v1/broadcasts/{id}/{action}`, which checks again (roles, status, four eyes).
Hiding what would be refused keeps the page honest: an approver sees approve only where they may use it.
"""
from __future__ import annotations

from django.conf import settings

from broadcasts.models import Broadcast, BroadcastStatus as S
from broadcasts.services.broadcasts import CANCELLABLE, EDITABLE
from core import roles

ACTIONS = ("submit", "approve", "reject", "publish", "cancel")


def available_actions(user, broadcast: Broadcast) -> list[str]:
    held = roles.user_roles(user)
    marketer, approver = roles.MARKETER in held, roles.APPROVER in held
    # Four eyes: whoever drafted it does not approve it (unless the workspace allows self-approval).
    drafted_it = broadcast.created_by_id == user.pk and not settings.JOURNEYS_ALLOW_SELF_APPROVAL
    offered = {
        "submit": marketer and broadcast.status in EDITABLE,
        "approve": approver and broadcast.status == S.PENDING_REVIEW and not drafted_it,
        "reject": approver and broadcast.status == S.PENDING_REVIEW,
        "publish": approver and broadcast.status == S.APPROVED,
        "cancel": (marketer or approver) and broadcast.status in CANCELLABLE,
    }
    return [action for action in ACTIONS if offered[action]]
