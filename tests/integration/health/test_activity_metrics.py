"""DAU, WAU, MAU and stickiness (design section 11) against a data set computed by hand.

Active = a lifecycle active event (the default list: app_opened, page_viewed, order_completed).
A: app_opened Mar 1, Mar 2, Mar 10; B: page_viewed Mar 2, Mar 25; C: order_completed Mar 9 (and a
non-active signed_up Mar 20); D: only email_opened (never active).
"""
from datetime import date, datetime, timezone

import pytest

from core import clock
from health.models import DailyActivity
from health.rollups.refresh import refresh
from tests.factories import ContactFactory, EventFactory

NOW = datetime(2026, 3, 31, 12, tzinfo=timezone.utc)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def frozen():
    clock.set_time(NOW)
    yield NOW
    clock.set_time(None)


@pytest.fixture
def people(db, frozen):
    a, b, c, d = (ContactFactory() for _ in range(4))
    for day in (1, 2, 10):
        EventFactory(contact=a, name="app_opened", timestamp=at(day))
    EventFactory(contact=a, name="app_opened", timestamp=at(10, 23))  # twice a day is one active day
    for day in (2, 25):
        EventFactory(contact=b, name="page_viewed", timestamp=at(day))
    EventFactory(contact=c, name="order_completed", timestamp=at(9), properties={"revenue": 10})
    EventFactory(contact=c, name="signed_up", timestamp=at(20))
    EventFactory(contact=d, name="email_opened", timestamp=at(5))
    return a, b, c, d


EXPECTED_DAU = {1: 1, 2: 2, 9: 1, 10: 1, 25: 1}
EXPECTED_WAU = {**{d: 2 for d in range(2, 9)}, 1: 1, 9: 1, **{d: 2 for d in range(10, 16)}, 16: 1,
                **{d: 0 for d in range(17, 25)}, **{d: 1 for d in range(25, 32)}}
EXPECTED_MAU = {1: 1, **{d: 2 for d in range(2, 9)}, **{d: 3 for d in range(9, 32)}}


def test_activity_per_day_matches_the_hand_computed_figures(api, people):
    refresh()
    response = api.get("/api/v1/metrics/activity?from=2026-03-01&to=2026-03-31")
    assert response.status_code == 200, response.content
    rows = {date.fromisoformat(r["date"]).day: r for r in response.json()}
    assert sorted(rows) == list(range(1, 32))
    assert {d: r["dau"] for d, r in rows.items() if r["dau"]} == EXPECTED_DAU
    assert {d: r["wau"] for d, r in rows.items()} == EXPECTED_WAU
    assert {d: r["mau"] for d, r in rows.items()} == EXPECTED_MAU
    assert rows[2]["stickiness"] == 1.0
    assert rows[9]["stickiness"] == pytest.approx(1 / 3)
    assert rows[17]["stickiness"] == 0.0


def test_days_before_anyone_was_active_have_no_stickiness(api, people):
    refresh()
    row = api.get("/api/v1/metrics/activity?from=2026-02-27&to=2026-02-27").json()[0]
    assert row == {"date": "2026-02-27", "dau": 0, "wau": 0, "mau": 0, "stickiness": None}


def test_an_incremental_refresh_equals_a_rebuild(db, frozen):
    a, b = ContactFactory(), ContactFactory()
    EventFactory(contact=a, name="app_opened", timestamp=at(3))
    EventFactory(contact=b, name="app_opened", timestamp=at(20))
    refresh()
    # Later arrivals: one for a day already counted, one late event older than anything seen before.
    EventFactory(contact=a, name="app_opened", timestamp=at(22))
    EventFactory(contact=b, name="page_viewed", timestamp=at(1))
    assert refresh() == 2
    incremental = list(DailyActivity.objects.order_by("day").values_list("day", "dau", "wau", "mau"))
    from health.models import RollupState

    RollupState.objects.all().delete()  # forget the watermark: the next refresh rebuilds from scratch
    refresh()
    assert list(DailyActivity.objects.order_by("day").values_list("day", "dau", "wau", "mau")) == incremental
    march = {r.day: r for r in DailyActivity.objects.all()}
    from health.rollups.sql import to_day

    assert march[to_day(date(2026, 3, 22))].mau == 2 and march[to_day(date(2026, 3, 22))].dau == 1


def test_a_second_refresh_without_new_events_examines_nothing(db, people):
    assert refresh() > 0
    assert refresh() == 0


def test_changing_the_active_events_rebuilds_the_rollups(api, people):
    from audiences.models import LifecycleConfig

    refresh()
    config = LifecycleConfig.current()
    config.active_events = ["signed_up"]
    config.save()
    refresh()
    rows = {date.fromisoformat(r["date"]).day: r
            for r in api.get("/api/v1/metrics/activity?from=2026-03-01&to=2026-03-31").json()}
    assert {d: r["dau"] for d, r in rows.items() if r["dau"]} == {20: 1}


@pytest.mark.parametrize("query, field", [
    ("from=2026-03-31&to=2026-03-01", "from"), ("from=yesterday", "from"), ("to=2026-02-30", "to"),
    ("from=1969-12-31&to=1970-01-05", "from"), ("from=2020-01-01&to=2026-01-01", "from"),
])
def test_bad_ranges_are_a_400_naming_the_field(api, db, frozen, query, field):
    response = api.get(f"/api/v1/metrics/activity?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_the_default_range_is_the_last_30_days(api, db, frozen):
    rows = api.get("/api/v1/metrics/activity").json()
    assert len(rows) == 30 and rows[-1]["date"] == "2026-03-31"
