"""RFM cut points and scores (design section 9), pure Python: the SQL in rfm.py applies the same rules.

Ties: a quintile cut point is the smallest value ABOVE the value found at each fifth of the sorted
list, so contacts with equal values always share the lower side of a cut. With most contacts on one
order, they all score F = 1 (not F = 4, which a plain "value at the 20 % position" would give them).
"""
from __future__ import annotations

from bisect import bisect_right

SEGMENTS = {
    (True, True, True): "important_value",
    (True, False, True): "important_development",
    (False, True, True): "important_retention",
    (False, False, True): "important_recovery",
    (True, True, False): "general_value",
    (True, False, False): "general_development",
    (False, True, False): "general_retention",
    (False, False, False): "general_recovery",
}
SEGMENT_NAMES = tuple(SEGMENTS.values())
HIGH = 3  # a score at or above this is "high"


def quintile_cuts(values: list[float]) -> list[float]:
    """Four ascending cut points splitting `values` into fifths, ties kept on the lower side."""
    ordered = sorted(values)
    if not ordered:
        return [0, 0, 0, 0]
    n, cuts = len(ordered), []
    for k in range(1, 5):
        at = ordered[max(0, (n * k) // 5 - 1)]
        above = bisect_right(ordered, at)  # the first value greater than `at`
        cuts.append(ordered[above] if above < n else ordered[-1] + 1)
    return cuts


def score_up(value: float, cuts: list[float]) -> int:
    """F and M: 1 below the first cut point, up to 5 at or above the last."""
    return 1 + sum(1 for cut in cuts if value >= cut)


def score_down(value: float, cuts: list[float]) -> int:
    """R (days since): 5 below the first cut point, down to 1 at or above the last."""
    return 5 - sum(1 for cut in cuts if value >= cut)


def segment(r: int, f: int, m: int) -> str:
    return SEGMENTS[(r >= HIGH, f >= HIGH, m >= HIGH)]
