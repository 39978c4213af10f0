"""`GET /api/v1/calendar` (design section 10): every kind of entry on its UTC day with its count."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_api(db):
    return api_client_for(with_roles(UserFactory(username="cal-viewer"), "viewer"))


def _entries(api, start="2026-06-01", end="2026-06-20"):
    response = api.get(f"/api/v1/calendar?from={start}&to={end}")
    assert response.status_code == 200, response.content
    return response.json()


def test_each_kind_of_entry_lands_on_its_utc_day_with_its_count(viewer_api, calendar_world):
    # when a viewer reads the first twenty days of June
    entries = _entries(viewer_api)
    # then broadcasts sit on their send day, the launch on its day, waits per day and heading channel
    welcome = calendar_world["welcome"].pk
    assert entries == [
        {"date": "2026-06-10", "kind": "broadcast", "id": calendar_world["planned"].pk, "name": "Summer sale",
         "channel": "sms", "count": 120},
        {"date": "2026-06-11", "kind": "broadcast", "id": calendar_world["sent_now"].pk, "name": "Flash news",
         "channel": "email", "count": 3},
        {"date": "2026-06-12", "kind": "journey", "id": welcome, "name": "Welcome", "channel": None, "count": 40},
        {"date": "2026-06-15", "kind": "waits", "id": welcome, "name": "Welcome", "channel": "email", "count": 2},
        {"date": "2026-06-15", "kind": "waits", "id": welcome, "name": "Welcome", "channel": "sms", "count": 3},
        {"date": "2026-06-16", "kind": "waits", "id": welcome, "name": "Welcome", "channel": None, "count": 1},
    ]


def test_a_range_of_one_day_holds_only_that_day(viewer_api, calendar_world):
    entries = _entries(viewer_api, "2026-06-16", "2026-06-16")
    assert [(e["date"], e["kind"], e["count"]) for e in entries] == [("2026-06-16", "waits", 1)]


def test_a_journey_published_without_a_launch_shows_on_its_publish_day(viewer_api, db):
    from tests.integration.calendar.conftest import live_journey, utc
    from journeys.models import JourneyVersion

    # given a journey whose version went live on the 3rd, sending on SMS only
    journey, version = live_journey("Birthday", graph={"schema": 1, "nodes": [
        {"id": "t", "type": "trigger", "config": {"event": "x"}},
        {"id": "s", "type": "send", "config": {"channel": "sms", "template": "bday"}}], "edges": []})
    JourneyVersion.objects.filter(pk=version.pk).update(published_at=utc(3, 0, 0))
    # then it is on the 3rd, with its one channel and nobody enrolled by a launch
    assert _entries(viewer_api) == [{"date": "2026-06-03", "kind": "journey", "id": journey.pk, "name": "Birthday",
                                     "channel": "sms", "count": 0}]


def test_an_empty_range_is_an_empty_list(viewer_api, calendar_world):
    assert _entries(viewer_api, "2026-07-01", "2026-07-31") == []


@pytest.mark.parametrize("query,field", [
    ("to=2026-06-30", "from"),
    ("from=2026-06-01", "to"),
    ("from=2026-13-01&to=2026-06-30", "from"),
    ("from=2026-06-01&to=June", "to"),
    ("from=&to=2026-06-30", "from"),
    ("from=2026-06-30&to=2026-06-01", "to"),
    ("from=2026-01-01&to=2026-04-03", "to"),  # 93 days
    ("from=1969-12-31&to=1970-01-02", "from"),
])
def test_bad_input_is_a_400_naming_the_field(viewer_api, query, field):
    response = viewer_api.get(f"/api/v1/calendar?{query}")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_a_quarter_of_92_days_is_accepted(viewer_api):
    assert viewer_api.get("/api/v1/calendar?from=2026-07-01&to=2026-09-30").status_code == 200


def test_the_errors_speak_the_callers_language(viewer_api):
    response = viewer_api.get("/api/v1/calendar?from=2026-06-30&to=2026-06-01", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["to"][0])


@pytest.mark.parametrize("role", ["viewer", "marketer", "approver", "admin"])
def test_every_role_reads_the_calendar(db, role):
    api = api_client_for(with_roles(UserFactory(username=f"cal-{role}"), role))
    assert api.get("/api/v1/calendar?from=2026-06-01&to=2026-06-30").status_code == 200


def test_no_role_anonymous_and_write_keys_are_refused(db, write_key):
    url = "/api/v1/calendar?from=2026-06-01&to=2026-06-30"
    assert api_client_for(UserFactory(username="cal-nobody")).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401
    keyed = APIClient()
    keyed.credentials(HTTP_AUTHORIZATION=f"Token {write_key}")
    assert keyed.get(url).status_code == 403


def test_the_entries_are_counted_in_a_fixed_number_of_queries(calendar_world, django_assert_max_num_queries):
    from broadcasts.calendar.entries import calendar_entries
    from tests.integration.calendar.conftest import live_journey, utc, waiting
    from datetime import date

    # given many more waiting contacts, across more journeys and days
    for n in range(3):
        _, version = live_journey(f"More {n}")
        for day in (15, 16, 17):
            waiting(version, "w1", "next", utc(day), n=4)
    # then reading the range costs the same few queries, whatever the number of rows
    with django_assert_max_num_queries(10):
        entries = calendar_entries(date(2026, 6, 1), date(2026, 6, 20))
    assert sum(e.count for e in entries if e.kind == "waits" and e.name.startswith("More")) == 36
