"""Websocket consumers of the journeys app; journeys/asgi.py routes to them.

- live.py: per-node counts of a journey's live version, pushed on a tick;
- analytics.py: the journey's whole stats payload on the same tick and group;
- approvals.py: approval notices for approvers and authors.

They learn of changes only through the groups and message types of journeys/live_groups.py,
which the services publish to after commit (core.live); no service imports a consumer.
"""
