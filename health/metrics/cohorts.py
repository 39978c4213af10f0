"""Which cohorts a retention or LTV table shows: the last `periods` weeks (Mondays) or months up to today."""
from __future__ import annotations

from datetime import date

from django.db.models import Count

from health.models import FirstSeen
from health.rollups import sql

GRAINS = ("week", "month")


def recent_cohorts(grain: str, periods: int, today: date) -> list[int]:
    """Cohort numbers, oldest first: week = the Monday's day number, month = year * 12 + month - 1."""
    if grain == "week":
        current = sql.week_start(sql.to_day(today))
        return [current - 7 * i for i in range(periods - 1, -1, -1)]
    current = sql.month_number(today)
    return [current - i for i in range(periods - 1, -1, -1)]


def cohort_start(grain: str, cohort: int) -> date:
    return sql.to_date(cohort) if grain == "week" else sql.month_date(cohort)


def elapsed_periods(grain: str, cohort: int, today: date, periods: int) -> int:
    """How many of the cohort's periods have begun by today (period 0 always), at most `periods`."""
    if grain == "week":
        begun = (sql.week_start(sql.to_day(today)) - cohort) // 7 + 1
    else:
        begun = sql.month_number(today) - cohort + 1
    return max(0, min(begun, periods))


def cohort_sizes(grain: str, cohorts: list[int]) -> dict[int, int]:
    rows = (FirstSeen.objects.filter(**{f"{grain}__in": cohorts}).values(grain).annotate(n=Count("contact_id")))
    return {row[grain]: row["n"] for row in rows}
