"""A 4-week retention matrix and LTV by monthly cohort (design section 11), computed by hand.

Weeks start on Monday (2026-03-02 is one); period 0 is the first-seen week itself.
"""
from datetime import datetime, timedelta, timezone

UTC = timezone.utc

import pytest

from core import clock
from health.rollups.refresh import refresh
from tests.factories import ContactFactory, EventFactory

W0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # Monday of the first cohort's week


def week(n: int, day: int = 1) -> datetime:
    return W0 + timedelta(weeks=n, days=day)


@pytest.fixture
def frozen():
    yield clock.set_time
    clock.set_time(None)


def opened(contact, when):
    EventFactory(contact=contact, name="app_opened", timestamp=when)


def test_a_four_week_retention_matrix(api, frozen):
    frozen(week(3, day=3))  # Thursday of the fourth week
    a1, a2, a3, a4, b1, b2, c1, d1, d2 = (ContactFactory() for _ in range(9))
    for contact in (a1, a2, a3, a4):
        opened(contact, week(0))
    opened(a1, week(1)), opened(a2, week(1, day=6))  # Sunday still belongs to week 1
    opened(a1, week(2))
    opened(a1, week(3)), opened(a3, week(3))
    opened(b1, week(1)), opened(b2, week(1, day=2))
    opened(b1, week(2))
    EventFactory(contact=c1, name="signed_up", timestamp=week(2))  # first seen, but not active that week
    opened(c1, week(3))
    opened(d1, week(3)), opened(d2, week(3, day=0))
    refresh()
    response = api.get("/api/v1/metrics/retention?cohort=week&periods=4")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["cohort"] for c in body["cohorts"]] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]
    assert [c["size"] for c in body["cohorts"]] == [4, 2, 1, 2]
    assert [c["active"] for c in body["cohorts"]] == [[4, 2, 1, 2], [2, 1, 0], [0, 1], [2]]
    assert [c["retention"] for c in body["cohorts"]] == [[1.0, 0.5, 0.25, 0.5], [1.0, 0.5, 0.0], [0.0, 1.0], [1.0]]


def test_retention_cells_follow_a_late_event_that_moves_a_contact_to_an_earlier_cohort(api, frozen):
    frozen(week(3, day=3))
    late = ContactFactory()
    opened(late, week(2))
    refresh()
    opened(late, week(0))  # arrives later, but happened earlier: the contact's cohort is week 0
    refresh()
    body = api.get("/api/v1/metrics/retention?cohort=week&periods=4").json()
    assert [c["size"] for c in body["cohorts"]] == [1, 0, 0, 0]
    assert body["cohorts"][0]["active"] == [1, 0, 1, 0]
    assert body["cohorts"][1]["retention"] == [None, None, None]


def test_monthly_ltv_is_cumulative_revenue_per_contact(api, frozen):
    frozen(datetime(2026, 3, 20, tzinfo=UTC))
    j1, j2, f1, m1 = (ContactFactory() for _ in range(4))
    EventFactory(contact=j1, name="order_completed", properties={"revenue": 100},
                 timestamp=datetime(2026, 1, 5, tzinfo=UTC))
    EventFactory(contact=j1, name="order_completed", properties={"revenue": 50.5},
                 timestamp=datetime(2026, 3, 1, tzinfo=UTC))
    opened(j2, datetime(2026, 1, 31, 23, 59, tzinfo=UTC))
    EventFactory(contact=f1, name="order_completed", properties={"revenue": 30},
                 timestamp=datetime(2026, 2, 10, tzinfo=UTC))
    EventFactory(contact=f1, name="order_completed", properties={"revenue": 20},
                 timestamp=datetime(2026, 3, 10, tzinfo=UTC))
    EventFactory(contact=f1, name="order_completed", properties={"revenue": "lots"},
                 timestamp=datetime(2026, 3, 11, tzinfo=UTC))
    opened(m1, datetime(2026, 3, 2, tzinfo=UTC))
    refresh()
    body = api.get("/api/v1/metrics/ltv?cohort=month&periods=3").json()
    assert [c["cohort"] for c in body["cohorts"]] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert [c["size"] for c in body["cohorts"]] == [2, 1, 1]
    assert [c["revenue"] for c in body["cohorts"]] == [[100, 100, 150.5], [30, 50], [0]]
    assert [c["ltv"] for c in body["cohorts"]] == [[50, 50, 75.25], [30, 50], [0]]


def test_revenue_arriving_later_adds_to_the_same_day(api, frozen):
    frozen(datetime(2026, 3, 20, tzinfo=UTC))
    buyer = ContactFactory()
    EventFactory(contact=buyer, name="order_completed", properties={"revenue": 10},
                 timestamp=datetime(2026, 3, 2, tzinfo=UTC))
    refresh()
    EventFactory(contact=buyer, name="order_completed", properties={"revenue": 5},
                 timestamp=datetime(2026, 3, 2, 18, tzinfo=UTC))
    refresh()
    assert api.get("/api/v1/metrics/ltv?cohort=month&periods=1").json()["cohorts"][0]["ltv"] == [15]


@pytest.mark.parametrize("query, field", [("cohort=day", "cohort"), ("periods=0", "periods"), ("periods=53", "periods"),
                                          ("periods=x", "periods")])
def test_bad_cohort_parameters_are_a_400_naming_the_field(api, db, query, field):
    for path in ("retention", "ltv"):
        response = api.get(f"/api/v1/metrics/{path}?{query}")
        assert response.status_code == 400 and field in response.json()
