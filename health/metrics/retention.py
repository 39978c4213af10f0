"""GET /api/v1/metrics/retention: per cohort (first seen in a week or month), the share of its contacts
active in each later period; period 0 is the first-seen period itself. Read from the rollup cells."""
from __future__ import annotations

from datetime import date

from health.metrics.cohorts import cohort_sizes, cohort_start, elapsed_periods, recent_cohorts
from health.models import RetentionCell


def retention(grain: str, periods: int, today: date) -> dict:
    cohorts = recent_cohorts(grain, periods, today)
    sizes = cohort_sizes(grain, cohorts)
    active: dict[tuple[int, int], int] = {
        (c.cohort, c.period): c.active
        for c in RetentionCell.objects.filter(grain=grain, cohort__in=cohorts, period__lt=periods)}
    rows = []
    for cohort in cohorts:
        size = sizes.get(cohort, 0)
        counts = [active.get((cohort, p), 0) for p in range(elapsed_periods(grain, cohort, today, periods))]
        rows.append({"cohort": cohort_start(grain, cohort), "size": size, "active": counts,
                     "retention": [n / size if size else None for n in counts]})
    return {"cohort": grain, "periods": periods, "cohorts": rows}
