"""Which running journeys name a saved segment: a segment they need cannot be deleted."""
from __future__ import annotations

from journeys.graph.segment_refs import segment_keys
from journeys.models import JourneyVersion
from journeys.models.journey import JourneyStatus

RUNNING = (JourneyStatus.LIVE, JourneyStatus.PAUSED, JourneyStatus.FINISHING)


def journeys_using_segment(key: str) -> list[dict]:
    """`{"id", "name"}` of each journey with a live, paused or finishing version naming segment `key`
    (in a trigger or any condition), newest journey first."""
    found: dict[int, dict] = {}
    versions = (JourneyVersion.objects.filter(status__in=RUNNING).select_related("journey")
                .order_by("-journey_id").only("graph", "journey__id", "journey__name"))
    for version in versions:
        if key in segment_keys(version.graph):
            found.setdefault(version.journey_id, {"id": version.journey_id, "name": version.journey.name})
    return list(found.values())
