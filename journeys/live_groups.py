"""Websocket group names and the message types sent to them.

The one contract between the services, which publish after commit through
`core.live.publish_on_commit`, and the consumers in journeys/consumers/, which join
the groups and handle the types: neither imports the other.
"""
from __future__ import annotations

# Something moved in a journey: its live viewers recount on their next tick.
JOURNEY_ACTIVITY = "journey.activity"
# An approval notice (`{"type": APPROVAL_NOTICE, "notice": {...}}`) for a user or for every approver.
APPROVAL_NOTICE = "approval.notice"

APPROVERS_GROUP = "approvals"
# Fired alerts changed (health): `{"type": ALERTS_CHANGED, "open": n, "notice": text or ""}` for every staff page's badge.
ALERTS_CHANGED = "alerts.changed"
ALERTS_GROUP = "alerts"


def journey_group(journey_id: int) -> str:
    """Everyone watching a journey live: its per-node counts and its analytics."""
    return f"journey-{journey_id}"


def user_group(user_id: int) -> str:
    """One signed-in user's approval notices: their version was approved, rejected or published."""
    return f"journey-user-{user_id}"
