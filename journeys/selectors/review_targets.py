"""Where a journey under review is looked at: a broadcast's hidden journey (Journey.kind "broadcast") is
reviewed on its broadcast's page, every other journey in its editor.

The broadcast is reached through the reverse one-to-one `journey.broadcast` in the ORM, so journeys never
imports the broadcasts app (tests/unit/test_import_layers.py).
"""
from __future__ import annotations

from collections.abc import Iterable

from journeys.models import Journey
from journeys.models.journey import JourneyKind


def broadcast_targets(journey_ids: Iterable[int]) -> dict[int, dict]:
    """{journey id: {"broadcast_id", "name", "url"}} for those of `journey_ids` that carry a broadcast."""
    ids = {pk for pk in journey_ids if pk is not None}
    if not ids:
        return {}
    rows = (Journey.objects.filter(pk__in=ids, kind=JourneyKind.BROADCAST, broadcast__isnull=False)
            .values_list("pk", "broadcast__pk", "broadcast__name"))
    return {pk: {"broadcast_id": bid, "name": name, "url": f"/broadcasts/{bid}/"} for pk, bid, name in rows}


def review_url(journey: Journey) -> str:
    """The page a notice about `journey` links to."""
    if journey.kind == JourneyKind.BROADCAST:
        target = broadcast_targets([journey.pk]).get(journey.pk)
        if target:
            return target["url"]
    return f"/journeys/{journey.pk}/"
