"""Which level a value reaches under a rule: pure arithmetic, no database."""
from __future__ import annotations

from health.models import LEVELS


def rank(level: str | None) -> int:
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def _rising(comparison: str, thresholds: dict) -> bool:
    if comparison == "above":
        return True
    if comparison == "below":
        return False
    given = [v for v in (thresholds.get(level) for level in LEVELS) if v is not None]
    return all(v >= 0 for v in given)  # change_pct: up when the percentages are positive


def level_for(comparison: str, thresholds: dict, value: float) -> tuple[str | None, float | None]:
    """The highest level whose threshold `value` reaches (≥ going up, ≤ going down), and that threshold."""
    rising = _rising(comparison, thresholds)
    reached, line = None, None
    for level in LEVELS:
        threshold = thresholds.get(level)
        if threshold is None:
            continue
        if (value >= threshold) if rising else (value <= threshold):
            reached, line = level, threshold
    return reached, line


def change_pct(current: float | None, previous: float | None) -> float | None:
    """Percent change from the same window a day earlier; None when there was nothing to compare with."""
    if current is None or not previous:
        return None
    return (current - previous) / previous * 100.0
