"""DAU, WAU and MAU per day from the active-day rollup, for a range of days, in one pass each.

WAU(d) (MAU likewise with 30) counts contacts with an active day in [d - 6, d]. Each active day a of a
contact covers [a, a + 7); clipped to start after the contact's previous active day's cover ends
(max(a, prev + 7)), a contact's covers never overlap, so the count on d is the number of covers open on d:
starts ≤ d minus ends ≤ d. The database returns those +1/-1 per day (a window function over the rows that
can reach the range), and a running sum here gives every day: no per-day distinct count.
"""
from __future__ import annotations

from health.models import DailyActivity
from health.rollups import sql


def covers(window: int, start: int, end: int) -> dict[int, int]:
    """day -> distinct active contacts in the `window` days ending that day, for start..end."""
    deltas = sql.rows(f"""
        WITH r AS (
            SELECT day, LAG(day) OVER (PARTITION BY contact_id ORDER BY day) AS prev
            FROM health_activeday WHERE day >= %s AND day <= %s),
        iv AS (
            SELECT CASE WHEN prev IS NOT NULL AND prev + {window} > day THEN prev + {window} ELSE day END AS s,
                   day + {window} AS e
            FROM r WHERE day >= %s)
        SELECT pos, SUM(delta) FROM (SELECT s AS pos, 1 AS delta FROM iv UNION ALL SELECT e, -1 FROM iv) x
        GROUP BY pos ORDER BY pos""", [start - 2 * window + 1, end, start - window + 1])
    counts, running, i = {}, 0, 0
    for day in range(start, end + 1):
        while i < len(deltas) and deltas[i][0] <= day:
            running += deltas[i][1]
            i += 1
        counts[day] = running
    return counts


def recount(start: int, end: int) -> None:
    """Rewrite DailyActivity for days start..end."""
    dau = dict(sql.rows("SELECT day, COUNT(*) FROM health_activeday WHERE day >= %s AND day <= %s GROUP BY day",
                        [start, end]))
    wau, mau = covers(7, start, end), covers(30, start, end)
    DailyActivity.objects.filter(day__gte=start, day__lte=end).delete()
    DailyActivity.objects.bulk_create(
        [DailyActivity(day=d, dau=dau.get(d, 0), wau=wau[d], mau=mau[d]) for d in range(start, end + 1)],
        batch_size=1000)
