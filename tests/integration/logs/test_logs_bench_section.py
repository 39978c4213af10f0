"""`journeys_bench --only logs` runs end to end (tiny on PostgreSQL; a clear refusal on SQLite) and cleans up."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_logs_section_reports_its_figures_and_leaves_nothing_behind():
    from channels_app.models import Message
    from journeys.models import Contact, Journey

    out = StringIO()
    call_command("journeys_bench", "--only", "logs", "--logs-rows", "3000", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    if connection.vendor != "postgresql":
        assert figures["logs_skipped"] == "needs PostgreSQL"
        assert "skipped" in out.getvalue()
        return
    assert figures["logs_rows"] == 3000 and figures["logs_csv_rows"] == 3000
    assert set(figures["logs_query_ms_median"]) >= {"journey", "journey + status=suppressed", "contact (userId)"}
    assert (Message.objects.count(), Contact.objects.count(), Journey.objects.count()) == (0, 0, 0)
