"""The calendar page's grid (pure): which days a month or a week view shows, and where prev / next lead.

Weeks start on Monday (ISO, and the custom in China). A month view shows whole weeks, so 4 to 6 rows.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

VIEWS = ("month", "week")


@dataclass
class Day:
    date: date
    in_range: bool  # in the month shown (always, in a week view)
    is_today: bool
    entries: list = field(default_factory=list)


@dataclass
class Grid:
    view: str
    anchor: date
    first: date  # the first day drawn
    last: date  # the last day drawn
    weeks: list[list[Day]]
    previous: date
    next: date


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, 1)


def build_grid(view: str, anchor: date, today: date) -> Grid:
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=6)
        previous, following = anchor - timedelta(days=7), anchor + timedelta(days=7)
        in_range = lambda d: True  # noqa: E731
    else:
        month_first = anchor.replace(day=1)
        month_last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
        first = month_first - timedelta(days=month_first.weekday())
        last = month_last + timedelta(days=6 - month_last.weekday())
        previous, following = _add_months(anchor, -1), _add_months(anchor, 1)
        in_range = lambda d: d.month == anchor.month  # noqa: E731
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    weeks = [[Day(d, in_range(d), d == today) for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    return Grid(view, anchor, first, last, weeks, previous, following)


def place(grid: Grid, entries) -> int:
    """Puts each entry in its day's cell; answers how many were placed."""
    cells = {day.date: day for week in grid.weeks for day in week}
    placed = 0
    for entry in entries:
        if entry.date in cells:
            cells[entry.date].entries.append(entry)
            placed += 1
    return placed
