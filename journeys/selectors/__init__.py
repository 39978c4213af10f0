"""Reads used by pages, the API, consumers and commands. No writes here.

One module per concern: `journeys` (journeys, versions, per-node counts, the list and
the editor's suggestions), `filters` (the query parameters both logs share), `logs`
(the delivery log and keyset CSV export), `conversions`, `timeline` (one contact),
`analytics` (one version's stats), `overview` (the dashboard), `templates` (the templates
a version pins, and the journeys still sending one) and `review_targets` (where a journey under review is
looked at: its broadcast's page for a broadcast's hidden journey).

The journey reads are re-exported here, so `from journeys import selectors` and
`selectors.journey_live_version(...)` keep working at their many call sites (services,
API views, consumers, commands).
"""
from journeys.selectors.journeys import (
    contact_by_user_id,
    enrollment_state_counts,
    journey_editable_version,
    journey_latest_version,
    journey_list,
    journey_live_version,
    journey_node_counts,
    template_channels,
    versions_in_review,
)

__all__ = [
    "contact_by_user_id",
    "enrollment_state_counts",
    "journey_editable_version",
    "journey_latest_version",
    "journey_list",
    "journey_live_version",
    "journey_node_counts",
    "template_channels",
    "versions_in_review",
]
