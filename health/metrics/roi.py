"""Revenue, cost and ROI of one journey version, in total and per A/B variant (added to journey stats).

Cost = messages handed to a provider (PROVIDER_ACCEPTED_STATUSES, test sends left out) × the channel's
per-message cost; revenue = the conversions' revenue; roi = (revenue - cost) / cost, null when cost is 0.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum

from channels_app.models import PROVIDER_ACCEPTED_STATUSES, Message
from health.services.costs import cost_of, costs_current, roi
from journeys.models import Conversion


def add_journey_roi(result: dict, *, version, **_context) -> None:
    """Register with core.stats_extensions: fills `revenue`, `cost`, `roi` on the stats and each variant row."""
    prices = costs_current()
    messages = (Message.objects.filter(version=version, is_test=False, status__in=PROVIDER_ACCEPTED_STATUSES)
                .values("enrollment__variants", "channel").annotate(n=Count("id")))
    sends_total: dict[str, int] = defaultdict(int)
    sends_by_variant: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in messages:
        sends_total[row["channel"]] += row["n"]
        for split, key in (row["enrollment__variants"] or {}).items():
            sends_by_variant[(split, key)][row["channel"]] += row["n"]
    revenue_total = 0.0
    revenue_by_variant: dict[tuple[str, str], float] = defaultdict(float)
    for row in Conversion.objects.filter(version=version).values("variants").annotate(r=Sum("revenue")):
        revenue = float(row["r"] or 0)
        revenue_total += revenue
        for split, key in (row["variants"] or {}).items():
            revenue_by_variant[(split, key)] += revenue
    cost = cost_of(sends_total, prices["costs"])
    result.update({"revenue": round(revenue_total, 6), "cost": cost, "roi": roi(revenue_total, cost),
                   "currency": prices["currency"]})
    for split in result.get("variants", []):
        for row in split.get("variants", []):
            key = (split["split"], row["key"])
            variant_cost = cost_of(sends_by_variant.get(key, {}), prices["costs"])
            variant_revenue = round(revenue_by_variant.get(key, 0.0), 6)
            row.update({"revenue": variant_revenue, "cost": variant_cost, "roi": roi(variant_revenue, variant_cost)})
