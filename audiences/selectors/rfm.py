"""Reads of the RFM model: the grid (recency × frequency) and the contacts per named segment. No writes."""
from __future__ import annotations

from django.db import connection

from audiences.services import computed_sql as q
from audiences.services.rfm_scoring import SEGMENT_NAMES


def grid() -> list[dict]:
    """All 25 cells {"r", "f", "contacts", "avg_monetary"}, R from 5 (recent) down, empty cells included."""
    score = q.text_of("value")
    monetary = q.num("state", "monetary")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT substr({score}, 1, 1), substr({score}, 2, 1), COUNT(*), AVG({monetary}) "
                       f"FROM {q.VALUES} WHERE key = 'rfm_score' GROUP BY 1, 2")
        found = {(int(r), int(f)): (n, avg) for r, f, n, avg in cursor.fetchall()}
    return [{"r": r, "f": f, "contacts": found.get((r, f), (0, None))[0],
             "avg_monetary": _money(found.get((r, f), (0, None))[1])}
            for r in range(5, 0, -1) for f in range(1, 6)]


def segments() -> list[dict]:
    """Contacts per named segment, every one of the eight listed (zero included)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q.text_of('value')}, COUNT(*) FROM {q.VALUES} WHERE key = 'rfm_segment' GROUP BY 1")
        counts = dict(cursor.fetchall())
    return [{"segment": name, "contacts": counts.get(name, 0)} for name in SEGMENT_NAMES]


def _money(value) -> float | None:
    return None if value is None else round(float(value), 2)
