"""The revenue a goal event carries (design section 11): its `JOURNEYS_REVENUE_PROPERTY` property."""
from __future__ import annotations

import math

from django.conf import settings


def revenue_of(properties: dict | None) -> float | None:
    """The property's value when it is a finite number (a bool is not revenue), else None."""
    name = getattr(settings, "JOURNEYS_REVENUE_PROPERTY", "revenue") or "revenue"
    value = (properties or {}).get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)
