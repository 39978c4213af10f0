"""`GET /api/v1/messages` and `/api/v1/conversions`: filters, cursor pages, streamed CSV, masking."""
import csv
import io
from datetime import timedelta

import pytest
from django.urls import resolve

from tests.integration.logs.conftest import T0

pytestmark = pytest.mark.django_db


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_rows_carry_the_design_fields_and_their_delivery_events(api, known_history):
    # when
    body = api.get(f"/api/v1/messages?journey={known_history.journey.pk}&limit=1").json()

    # then
    row = body["results"][0]
    assert {"id", "journey", "version", "node", "userId", "channel", "status", "reason", "provider_id",
            "created_at", "events", "content", "address"} <= set(row)
    newest = known_history.messages[-1]
    assert (row["id"], row["userId"], row["version"], row["node"]) == (newest.pk, "ab-199", 1, "mb")
    assert body["next"]
    opened = known_history.messages[100]  # the first delivered email: sent, opened twice, clicked
    events = api.get(f"/api/v1/messages?userId={opened.contact.user_id}").json()["results"][0]["events"]
    assert [e["kind"] for e in events] == ["sent", "open", "open", "click"]


@pytest.mark.parametrize("query, expected", [
    ("status=suppressed", 5),
    ("status=capped,suppressed", 15),
    ("channel=email&status=capped", 10),
    ("channel=sms", 100),
    ("node=ma&status=delivered", 80),
    ("provider_id=prov-007", 1),
    ("userId=ab-150", 1),
    ("userId=nobody", 0),
    ("version=1", 200),
    ("reason=blacklist", 5),
    (f"since={(T0 + timedelta(seconds=150)).isoformat().replace('+00:00', 'Z')}", 50),
    (f"until={(T0 + timedelta(seconds=10)).isoformat().replace('+00:00', 'Z')}", 10),
    ("until=2026-05-31", 0),
    ("since=2026-06-01&until=2026-06-01", 200),
])
def test_filters(api, known_history, query, expected):
    response = api.get(f"/api/v1/messages?journey={known_history.journey.pk}&limit=500&{query}")
    assert response.status_code == 200, response.content
    assert len(ids(response)) == expected


def test_blocked_sends_show_their_reason(api, known_history):
    rows = api.get("/api/v1/messages?status=capped").json()["results"]
    assert {r["reason"] for r in rows} == {"cap 1/day"}


@pytest.mark.parametrize("query, field", [("status=lost", "status"), ("journey=abc", "journey"),
                                          ("since=yesterday", "since"), ("version=1", "version")])
def test_bad_filters_name_the_field(api, known_history, query, field):
    response = api.get(f"/api/v1/messages?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_cursor_pages_walk_the_whole_filtered_set_newest_first_without_repeats(api, known_history):
    # given 100 SMS rows, pages of 30
    seen, url, pages = [], "/api/v1/messages?channel=sms&limit=30", 0
    while url:
        body = api.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 4
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 100
    # rows written after the first page do not shift later pages (keyset, not OFFSET)


def test_csv_streams_the_whole_filtered_set(api, known_history):
    # when
    response = api.get(f"/api/v1/messages?journey={known_history.journey.pk}&status=delivered&format=csv")

    # then it is a streamed attachment with a header and one line per row, every page of the set
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 150
    assert {r["status"] for r in rows} == {"delivered"}
    first = rows[0]
    assert (first["userId"], first["channel"], first["address"], first["version"]) == ("ab-169", "email",
                                                                                       "ab169@example.com", "1")


def test_csv_export_reads_in_keyset_batches(api, known_history, monkeypatch):
    # given batches of 40 rows
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journeys.selectors import logs as log_selectors

    monkeypatch.setattr(log_selectors.iter_batches, "__defaults__", (40,))

    # when the 200 rows are exported
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/messages?format=csv")
        body = b"".join(response.streaming_content).decode()

    # then every row is there, read by short keyset queries (id < last), never all at once
    assert body.count("\n") == 201
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "channels_app_message"' in q["sql"]]
    assert len(reads) == 6  # 5 full batches of 40, then an empty probe
    assert all("LIMIT 40" in sql for sql in reads)
    assert sum('"channels_app_message"."id" <' in sql for sql in reads) == 5


def test_viewers_see_masked_addresses(viewer_api, api, known_history):
    row = viewer_api.get("/api/v1/messages?userId=ab-150").json()["results"][0]
    assert row["address"] == "a***@example.com"
    assert row["content"]["to"] == "a***@example.com"
    csv_body = b"".join(viewer_api.get("/api/v1/messages?userId=ab-150&format=csv").streaming_content).decode()
    assert "ab150@example.com" not in csv_body and "a***@example.com" in csv_body
    # a marketer sees the address
    assert api.get("/api/v1/messages?userId=ab-150").json()["results"][0]["address"] == "ab150@example.com"


def test_staff_in_the_viewer_group_are_not_masked(known_history):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory
    from tests.integration.logs.conftest import client_for

    staff = UserFactory(username="boss", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="viewer")[0])
    row = client_for(staff).get("/api/v1/messages?userId=ab-150").json()["results"][0]
    assert row["address"] == "ab150@example.com"


def test_the_log_needs_authentication(anonymous_api):
    assert anonymous_api.get("/api/v1/messages").status_code in (401, 403)
    assert anonymous_api.get("/api/v1/conversions").status_code in (401, 403)


# -- conversions ------------------------------------------------------------------------------


def test_conversion_rows_and_filters(api, known_history):
    body = api.get(f"/api/v1/conversions?journey={known_history.journey.pk}&limit=100").json()
    assert len(body["results"]) == 50 and body["next"] is None
    row = next(r for r in body["results"] if r["userId"] == "ab-007")
    assert {"id", "journey", "userId", "event", "variants", "message", "seconds_to_convert"} <= set(row)
    assert (row["event"], row["variants"], row["seconds_to_convert"]) == ("purchased", {"s": "A"}, 1800.0)
    assert row["message"] == known_history.messages[7].pk
    assert row["properties"] == {"total": 17}
    assert len(api.get("/api/v1/conversions?userId=ab-105").json()["results"]) == 1
    assert len(api.get("/api/v1/conversions?event=other").json()["results"]) == 0
    assert len(api.get("/api/v1/conversions?since=2026-06-02").json()["results"]) == 20


def test_conversion_csv(api, known_history):
    response = api.get("/api/v1/conversions?format=csv&userId=ab-007")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response.streaming and len(rows) == 1
    assert (rows[0]["event"], rows[0]["variants"], rows[0]["properties"]) == ("purchased", '{"s": "A"}', '{"total": 17}')


def test_the_timeline_route_leaves_the_inapp_routes_alone():
    assert resolve("/api/v1/contacts/u-1").url_name == "contact-timeline"
    assert resolve("/api/v1/contacts/u-1/inapp").url_name == "contact-inapp"
    assert resolve("/api/v1/contacts/u-1/inapp-token").url_name == "contact-inapp-token"
