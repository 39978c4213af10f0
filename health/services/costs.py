"""Per-message channel costs (design section 11): read with defaults, written whole by an admin."""
from __future__ import annotations

from django.db import transaction

from health.models import ChannelCosts
from workspace.services.audit import Change, audit_record


def costs_current() -> dict:
    row = ChannelCosts.current()
    return {"currency": row.currency, "costs": dict(row.costs or {})}


def costs_update(*, currency: str, costs: dict[str, float], actor=None) -> dict:
    """Replace the costs (a channel left out costs nothing), audited like other settings writes."""
    with transaction.atomic():
        row = ChannelCosts.current()
        before = {"currency": row.currency, **(row.costs or {})}
        row.currency, row.costs = currency, {k: float(v) for k, v in costs.items()}
        row.save()
        _audit(actor, before, {"currency": currency, **row.costs})
    return costs_current()


def _audit(actor, before: dict, after: dict) -> None:
    audit_record(actor, Change("channel_costs.changed", "channel_costs", None, before=before, after=after))


def cost_of(channel_counts: dict[str, int], costs: dict[str, float]) -> float:
    return round(sum(n * float(costs.get(channel, 0) or 0) for channel, n in channel_counts.items()), 6)


def roi(revenue: float, cost: float) -> float | None:
    return (revenue - cost) / cost if cost else None
