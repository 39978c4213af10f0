"""RFM scores for every contact with a qualifying event, as computed values (design section 9).

In the database: one aggregate over the events into a temporary table, the scores as SQL CASEs,
one upsert of the five keys. Only the quintile cut points (thresholds null) are found in Python,
from the sorted aggregate (rfm_scoring.py says how ties fall).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction

from audiences.models import ComputedValue, RfmConfig
from audiences.services import computed_sql as q
from audiences.services.rfm_scoring import HIGH, SEGMENTS, quintile_cuts
from core import clock
from journeys.interface import Event

KEYS = ("rfm_r", "rfm_f", "rfm_m", "rfm_score", "rfm_segment")
AGG, SCORED = "audiences_rfm_agg", "audiences_rfm_scored"


def rfm_update(config: RfmConfig, actor=None, **changes) -> RfmConfig:
    """Change the model and score everyone again under it, in one transaction."""
    with transaction.atomic():
        for name, value in changes.items():
            setattr(config, name, value)
        config.save()
        recompute(config, clock.now())
    return config


def recompute(config: RfmConfig | None = None, now: datetime | None = None) -> dict:
    """Score every contact; returns the cut points used ({"r": […], "f": […], "m": […]})."""
    config = config or RfmConfig.current()
    now = now or clock.now()
    with transaction.atomic():
        _drop()
        _aggregate(config, now)
        cuts = config.thresholds or _quintiles()
        _score(cuts)
        q.run(f"DELETE FROM {q.VALUES} WHERE key IN ({', '.join(['%s'] * len(KEYS))}) "
              f"AND contact_id NOT IN (SELECT contact_id FROM {AGG})", list(KEYS))
        q.run(q.upsert(_rows_select(), q.REPLACE), [q.db_time(now)])
        _drop()
    return cuts


def _drop() -> None:
    q.run(f"DROP TABLE IF EXISTS {SCORED}", [])
    q.run(f"DROP TABLE IF EXISTS {AGG}", [])


def _aggregate(config: RfmConfig, now: datetime) -> None:
    """R = whole days since the last qualifying event, F = their count, M = the sum of the amount."""
    newest = q.epoch("MAX(e.timestamp)")
    q.run(f"CREATE TEMPORARY TABLE {AGG} AS SELECT e.contact_id AS contact_id, "
          f"{q.whole_days('%s', newest)} AS r, COUNT(*) AS f, "
          f"COALESCE(SUM({q.prop_num('e.properties')}), 0) AS m "
          f"FROM {Event._meta.db_table} e WHERE e.name = %s AND e.timestamp >= %s GROUP BY e.contact_id",
          [q.stamp(now), config.amount_property, config.amount_property, config.event,
           q.db_time(now - timedelta(days=config.within_days))])


def _quintiles() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r, f, m FROM {AGG}")
        rows = cursor.fetchall()
    return {name: quintile_cuts([row[i] for row in rows]) for i, name in enumerate("rfm")}


def _steps(column: str, cuts: list) -> tuple[str, list]:
    """How many cut points the column is at or above, as SQL."""
    return "(" + " + ".join(f"CASE WHEN {column} >= %s THEN 1 ELSE 0 END" for _ in cuts) + ")", list(cuts)


def _score(cuts: dict) -> None:
    r, r_params = _steps("r", cuts["r"])
    f, f_params = _steps("f", cuts["f"])
    m, m_params = _steps("m", cuts["m"])
    q.run(f"CREATE TEMPORARY TABLE {SCORED} AS SELECT contact_id, r, f, m, 5 - {r} AS rs, 1 + {f} AS fs, "
          f"1 + {m} AS ms FROM {AGG}", [*r_params, *f_params, *m_params])


def _segment_case() -> str:
    def test(column: str, high: bool) -> str:
        return f"{column} {'>=' if high else '<'} {HIGH}"

    arms = " ".join(f"WHEN {test('rs', r)} AND {test('fs', f)} AND {test('ms', m)} THEN '{name}'"
                    for (r, f, m), name in SEGMENTS.items())
    return f"CASE {arms} END"


def _rows_select() -> str:
    empty = q.empty_object()
    score = "CAST(rs AS TEXT) || CAST(fs AS TEXT) || CAST(ms AS TEXT)"
    raw = q.json_object(recency_days="r", frequency="f", monetary="m")
    parts = [
        f"SELECT contact_id, 'rfm_r' AS key, {q.as_json_number('rs')} AS value, {empty} AS state FROM {SCORED}",
        f"SELECT contact_id, 'rfm_f', {q.as_json_number('fs')}, {empty} FROM {SCORED}",
        f"SELECT contact_id, 'rfm_m', {q.as_json_number('ms')}, {empty} FROM {SCORED}",
        f"SELECT contact_id, 'rfm_score', {q.as_json_text(score)}, {raw} FROM {SCORED}",
        f"SELECT contact_id, 'rfm_segment', {q.as_json_text(_segment_case())}, {empty} FROM {SCORED}",
    ]
    return " UNION ALL ".join(parts)


def contacts_scored() -> int:
    return ComputedValue.objects.filter(key="rfm_score").count()
