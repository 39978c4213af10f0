"""A/B significance and small distributions for journey analytics. Pure Python, no Django.

The test used is the classic two-sided two-proportion z-test with a pooled
standard error (what Braze, Optimizely's "frequentist" mode and every stats
textbook report); the 95 % confidence interval of the difference uses the
unpooled (Wald) standard error, so it does not assume the null it reports on.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

Z_95 = 1.959963984540054  # the 97.5th percentile of N(0, 1)

# Time-to-convert buckets: (label, upper bound in seconds, exclusive); the last is open-ended.
TIME_BUCKETS: tuple[tuple[str, float], ...] = (
    ("< 1 h", 3600.0), ("1–6 h", 6 * 3600.0), ("6–24 h", 86400.0),
    ("1–3 d", 3 * 86400.0), ("3–7 d", 7 * 86400.0), ("≥ 7 d", math.inf),
)


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (never a fake 0 %)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Comparison:
    """A variant against the control: difference in conversion rate and its significance."""

    z: float | None
    p_value: float | None
    diff: float | None  # rate(variant) - rate(control)
    ci_low: float | None  # 95 % CI of diff
    ci_high: float | None
    uplift: float | None  # diff / rate(control), relative

    def as_dict(self) -> dict:
        return asdict(self)


def two_proportion_ztest(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Compare variant (x1 conversions of n1) with control (x2 of n2).

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with the pooled p = (x1 + x2) / (n1 + n2);
    p-value = P(|Z| >= |z|) = erfc(|z| / sqrt 2). Undefined (None) when a group is empty or
    the pooled rate is 0 or 1 (no variance: nothing to test).
    """
    if n1 <= 0 or n2 <= 0:
        return Comparison(None, None, None, None, None, None)
    p1, p2 = x1 / n1, x2 / n2
    diff = p1 - p2
    uplift = diff / p2 if p2 else None
    unpooled = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    ci_low, ci_high = diff - Z_95 * unpooled, diff + Z_95 * unpooled
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return Comparison(None, None, diff, ci_low, ci_high, uplift)
    z = diff / se
    p_value = math.erfc(abs(z) / math.sqrt(2))
    return Comparison(z, p_value, diff, ci_low, ci_high, uplift)


def time_to_convert_histogram(seconds: list[float]) -> list[dict]:
    """Counts per TIME_BUCKETS bucket, in order, every bucket present (zeros included)."""
    counts = [0] * len(TIME_BUCKETS)
    for value in seconds:
        for i, (_, upper) in enumerate(TIME_BUCKETS):
            if value < upper:
                counts[i] += 1
                break
    return [{"bucket": label, "count": n} for (label, _), n in zip(TIME_BUCKETS, counts)]


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Linear-interpolation percentile (q in 0..100) of an already sorted list; None when empty."""
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return sorted_values[0]
    k = (len(sorted_values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)
