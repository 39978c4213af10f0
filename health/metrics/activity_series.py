"""GET /api/v1/metrics/activity: DAU, WAU, MAU and stickiness per UTC day, read from the rollup."""
from __future__ import annotations

from datetime import date

from health.models import DailyActivity
from health.rollups import sql


def activity_series(start: date, end: date) -> list[dict]:
    """One row per day start..end; a day the rollup has no row for had nobody active."""
    first, last = sql.to_day(start), sql.to_day(end)
    rows = {r.day: r for r in DailyActivity.objects.filter(day__gte=first, day__lte=last)}
    series = []
    for day in range(first, last + 1):
        row = rows.get(day)
        dau, wau, mau = (row.dau, row.wau, row.mau) if row else (0, 0, 0)
        series.append({"date": sql.to_date(day), "dau": dau, "wau": wau, "mau": mau,
                       "stickiness": dau / mau if mau else None})
    return series
