"""The benchmark's stand-in for autoanalyze (journeys/bench/dblimits.py) on a server without autovacuum."""
import pytest
from django.db import connection

from journeys.bench import dblimits


def _last_analyzed(table: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_analyze_count(%s::regclass)", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_runtime_tables_are_analysed_while_the_stand_in_runs():
    if connection.vendor != "postgresql" or dblimits.autovacuum_enabled() is not False:
        pytest.skip("only where PostgreSQL runs without autovacuum, as on this machine's kind")
    before = _last_analyzed("journeys_enrollment")
    with dblimits.autoanalyze_stand_in(every_seconds=3600):
        pass  # leaving it analyses once more: no waiting for the period
    assert _last_analyzed("journeys_enrollment") == before + 1
