"""GET /api/v1/metrics/lift: conversion and revenue of the global control group against treated contacts.

The population is every contact enrolled (not as a test) in a journey in the window; control contacts
were enrolled too, only their sends were held out (core/control_group.py), so their conversions are what
would have happened without messages. Significance: the A/B stats' two-proportion z-test."""
from __future__ import annotations

from datetime import datetime

from django.db import connection

from core import control_group
from health.rollups import sql
from journeys.analytics import stats


def lift(start: datetime, end: datetime) -> dict:
    share = control_group.percent()
    groups = {0: (0, 0, 0.0), 1: (0, 0, 0.0)}
    for control, contacts, converted, revenue in sql.rows(f"""
            SELECT ctl, COUNT(*), SUM(conv), SUM(rev) FROM (
                SELECT e.contact_id,
                       CASE WHEN {control_group.bucket_sql('e.contact_id')} < %s THEN 1 ELSE 0 END AS ctl,
                       MAX(CASE WHEN c.id IS NULL THEN 0 ELSE 1 END) AS conv, COALESCE(SUM(c.revenue), 0) AS rev
                FROM journeys_enrollment e LEFT JOIN journeys_conversion c ON c.enrollment_id = e.id
                WHERE e.is_test = %s AND e.entered_at >= %s AND e.entered_at < %s
                GROUP BY e.contact_id) x
            GROUP BY ctl""", [share * 100, False, *_stamps(start, end)]):
        groups[int(control)] = (int(contacts), int(converted or 0), float(revenue or 0))
    (tn, tx, tr), (cn, cx, cr) = groups[0], groups[1]
    test = stats.two_proportion_ztest(tx, tn, cx, cn)
    treated_rpc, control_rpc = (tr / tn if tn else None), (cr / cn if cn else None)
    return {
        "control_percent": share, "from": start, "to": end,
        "control": _group(cn, cx, cr), "treated": _group(tn, tx, tr),
        "conversion": {**test.as_dict(), "significant": test.p_value is not None and test.p_value < 0.05},
        "revenue_per_contact": {
            "diff": treated_rpc - control_rpc if treated_rpc is not None and control_rpc is not None else None,
            "uplift": (treated_rpc - control_rpc) / control_rpc if control_rpc and treated_rpc is not None else None},
    }


def _group(contacts: int, converted: int, revenue: float) -> dict:
    return {"contacts": contacts, "converted": converted, "rate": stats.rate(converted, contacts),
            "revenue": round(revenue, 6), "revenue_per_contact": revenue / contacts if contacts else None}


def _stamps(*moments: datetime) -> list:
    """As the backend stores them (SQLite keeps UTC text), since raw SQL gets no field adaptation."""
    return [connection.ops.adapt_datetimefield_value(moment) for moment in moments]
