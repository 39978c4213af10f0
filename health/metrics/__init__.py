"""The metrics an alert rule can watch (design section 11), one module per family.

Each calculator takes the rule's scope and a window [start, end) and returns a number (a rate is a
fraction, 0.05 = 5 %), or None when there is nothing to measure (no message sent, no contact): no
data raises no alert. `notes` say how a scope was read when it had to fall back (a missing segment).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from health.metrics import activity, message_rates, queue


@dataclass
class Reading:
    value: float | None
    notes: list[str] = field(default_factory=list)


Calculator = Callable[[dict, datetime, datetime, list], float | None]

CALCULATORS: dict[str, Calculator] = {
    "bounce_rate": message_rates.bounce_rate,
    "complaint_rate": message_rates.complaint_rate,
    "unsubscribe_rate": message_rates.unsubscribe_rate,
    "delivery_failure_rate": message_rates.delivery_failure_rate,
    "conversion_rate": message_rates.conversion_rate,
    "send_volume": message_rates.send_volume,
    "active_share": activity.active_share,
    "churn_rate": activity.churn_rate,
    "stickiness": activity.stickiness,
    "queue_lag_seconds": queue.queue_lag_seconds,
}
METRICS = tuple(CALCULATORS)
# Scopes each metric understands beyond the workspace.
SCOPES = {name: ("journey", "channel") for name in message_rates.METRICS}
SCOPES.update({"active_share": ("segment",), "churn_rate": ("segment",), "stickiness": ("segment",),
               "queue_lag_seconds": ("channel",)})


def read(metric: str, scope, start: datetime, end: datetime) -> Reading:
    notes: list[str] = []
    value = CALCULATORS[metric](scope if isinstance(scope, dict) else {}, start, end, notes)
    return Reading(None if value is None else float(value), notes)
