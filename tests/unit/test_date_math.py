"""Date-based entry and weekday waits: the pure calendar arithmetic (journeys/graph/dates.py)."""
from datetime import date, datetime, timezone

from journeys.graph.dates import (
    date_trait_matches, date_trait_occurrences, local_instant, month_days_entering, next_weekday_time,
    parse_trait_date, schedule_occurrences,
)
from journeys.graph.nodes import NODE_TYPES

UTC = timezone.utc


def test_offset_minus_three_enters_three_days_before_the_date():
    assert date_trait_matches(date(1990, 3, 15), date(2027, 3, 12), -3, yearly=True)
    assert not date_trait_matches(date(1990, 3, 15), date(2027, 3, 15), -3, yearly=True)


def test_a_feb_29_birthday_enters_on_feb_28_in_a_non_leap_year_and_on_feb_29_in_a_leap_year():
    assert month_days_entering(date(2027, 2, 28), 0) == [(2, 28), (2, 29)]
    assert date_trait_matches(date(2000, 2, 29), date(2027, 2, 28), 0, yearly=True)
    assert date_trait_matches(date(2000, 2, 29), date(2028, 2, 29), 0, yearly=True)
    assert not date_trait_matches(date(2000, 2, 29), date(2028, 2, 28), 0, yearly=True)
    assert date_trait_matches(date(2000, 2, 29), date(2027, 2, 25), -3, yearly=True)


def test_a_non_yearly_date_enters_on_that_exact_day_only():
    assert date_trait_matches(date(2027, 5, 1), date(2027, 4, 30), -1, yearly=False)
    assert not date_trait_matches(date(2026, 5, 1), date(2027, 4, 30), -1, yearly=False)


def test_trait_values_that_are_not_dates_parse_to_none():
    assert parse_trait_date("1990-02-28T00:00:00Z") == date(1990, 2, 28)
    assert parse_trait_date("1990-02-30") is None
    assert parse_trait_date("not a date") is None
    assert parse_trait_date(19900228) is None


def test_ten_oclock_in_new_york_moves_in_utc_across_the_dst_change():
    assert local_instant(date(2027, 3, 13), "10:00", "America/New_York") == datetime(2027, 3, 13, 15, 0, tzinfo=UTC)
    assert local_instant(date(2027, 3, 15), "10:00", "America/New_York") == datetime(2027, 3, 15, 14, 0, tzinfo=UTC)
    # a time skipped by spring-forward moves on by the gap
    assert local_instant(date(2027, 3, 14), "02:30", "America/New_York") == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)


def test_the_occurrences_of_a_birthday_for_a_sample_date():
    config = {"date_trait": "birthday", "offset_days": -3, "at": "10:00", "yearly": True}
    found = date_trait_occurrences(config, "Asia/Shanghai", datetime(2027, 1, 1, tzinfo=UTC), n=2,
                                   sample=date(1992, 2, 29))
    assert found == [datetime(2027, 2, 25, 2, 0, tzinfo=UTC), datetime(2028, 2, 26, 2, 0, tzinfo=UTC)]


def test_weekly_and_monthly_schedules_and_listed_dates():
    after = datetime(2027, 3, 1, tzinfo=UTC)  # a Monday
    weekly = schedule_occurrences({"every": "week", "weekday": "wed"}, "09:00", "UTC", after, n=3)
    assert [d.day for d in weekly] == [3, 10, 17]
    monthly = schedule_occurrences({"every": "month", "day": 28}, "09:00", "UTC", after, n=3)
    assert [(d.month, d.day) for d in monthly] == [(3, 28), (4, 28), (5, 28)]
    listed = schedule_occurrences({"dates": ["2027-02-06", "2027-06-01", "2027-03-05"]}, "10:00", "Asia/Shanghai",
                                  after, n=5)
    assert listed == [datetime(2027, 3, 5, 2, tzinfo=UTC), datetime(2027, 6, 1, 2, tzinfo=UTC)]


def test_a_weekday_wait_started_on_friday_evening_skips_the_weekend():
    friday_evening = datetime(2027, 3, 5, 18, 0, tzinfo=UTC)
    assert next_weekday_time(friday_evening, "09:00", ["mon", "tue"], "UTC") == datetime(2027, 3, 8, 9, tzinfo=UTC)
    saturday = datetime(2027, 3, 6, 8, 0, tzinfo=UTC)
    assert next_weekday_time(saturday, "09:00", ["sat"], "UTC") == datetime(2027, 3, 6, 9, tzinfo=UTC)
    assert next_weekday_time(saturday, "07:00", ["sat"], "UTC") == datetime(2027, 3, 13, 7, tzinfo=UTC)


def test_validation_names_an_unknown_weekday_and_a_bad_at():
    wait = NODE_TYPES["wait"].config_errors({"until": "09:00", "weekdays": ["mon", "funday"]})
    assert [m for _, m in wait] == ['wait: weekdays[1] must be one of mon, tue, wed, thu, fri, sat, sun, not "funday"']
    trigger = NODE_TYPES["trigger"].config_errors({"date_trait": "birthday", "at": "9am"})
    assert any("at must be a time of day" in m for _, m in trigger)
    schedule = NODE_TYPES["trigger"].config_errors(
        {"schedule": {"every": "week", "weekday": "someday"}, "at": "10:00", "timezone": "UTC", "segment": "vip"})
    assert any("schedule.weekday" in m for _, m in schedule)
    good = NODE_TYPES["trigger"].config_errors(
        {"schedule": {"every": "month", "day": 1}, "at": "10:00", "timezone": "Asia/Shanghai", "segment": "vip"})
    assert good == []
