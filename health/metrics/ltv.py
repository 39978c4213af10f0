"""GET /api/v1/metrics/ltv: cumulative revenue per contact of each cohort, period by period.

Revenue is every event's revenue property (JOURNEYS_REVENUE_PROPERTY), summed per contact and day in the
rollup; a contact's cohort is when it was first seen. Only contacts with revenue are joined, so this reads
few rows even over a large event log."""
from __future__ import annotations

from datetime import date

from health.metrics.cohorts import cohort_sizes, cohort_start, elapsed_periods, recent_cohorts
from health.rollups import sql


def ltv(grain: str, periods: int, today: date) -> dict:
    cohorts = recent_cohorts(grain, periods, today)
    sizes = cohort_sizes(grain, cohorts)
    size_of_step = 7 if grain == "week" else 1
    marks = ", ".join(["%s"] * len(cohorts))
    revenue = {(cohort, period): total for cohort, period, total in sql.rows(f"""
        SELECT f.{grain}, (r.{grain} - f.{grain}) / {size_of_step}, SUM(r.revenue)
        FROM health_revenueday r JOIN health_firstseen f ON f.contact_id = r.contact_id
        WHERE f.{grain} IN ({marks}) AND r.{grain} >= f.{grain}
        GROUP BY f.{grain}, r.{grain}""", cohorts)}
    rows = []
    for cohort in cohorts:
        size, running, curve, totals = sizes.get(cohort, 0), 0.0, [], []
        for period in range(elapsed_periods(grain, cohort, today, periods)):
            running += revenue.get((cohort, period), 0.0) or 0.0
            totals.append(round(running, 6))
            curve.append(round(running / size, 6) if size else None)
        rows.append({"cohort": cohort_start(grain, cohort), "size": size, "revenue": totals, "ltv": curve})
    return {"cohort": grain, "periods": periods, "cohorts": rows}
