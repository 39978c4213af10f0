"""Date-based entry on a controlled clock: birthdays in the contact's zone (DST, Feb 29), weekly schedules
on a segment entering each member once per occurrence even with two schedulers, bad date traits skipped."""
import logging
from datetime import datetime, timezone

import pytest

from audiences.models import Segment, SegmentMembership
from journeys.models import Contact, DateEntry, Enrollment, JourneyVersion
from journeys.services.date_entry import _schedule_due, date_entries_run, enter_once

from .conftest import chain, live_journey

pytestmark = pytest.mark.django_db
UTC = timezone.utc


def birthday_journey(tz="contact", offset=-3, at="10:00", reentry="never"):
    return live_journey(chain(("t", "trigger", {"date_trait": "birthday", "offset_days": offset, "at": at,
                                                "timezone": tz, "yearly": True}),
                              ("x", "exit", {}), settings={"reentry": reentry}))


def contact(user_id, birthday, tz=""):
    return Contact.objects.create(user_id=user_id, traits={"birthday": birthday}, timezone=tz)


def entered(journey):
    return sorted(Enrollment.objects.filter(journey=journey).values_list("contact__user_id", flat=True))


def test_birthday_minus_three_days_at_ten_in_shanghai(runner, clock):
    journey = birthday_journey()
    contact("li", "1990-06-10", "Asia/Shanghai")
    contact("other", "1990-06-11", "Asia/Shanghai")
    clock.set(datetime(2026, 6, 7, 1, 59, tzinfo=UTC))  # 09:59 in Shanghai
    runner.tick()
    assert entered(journey) == []
    clock.set(datetime(2026, 6, 7, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai, three days before the birthday
    runner.tick()
    runner.tick()
    assert entered(journey) == ["li"]


def test_birthday_in_new_york_follows_the_spring_dst_change(runner, clock):
    journey = birthday_journey()
    contact("before", "1985-03-10", "America/New_York")  # enters 2027-03-07, EST: 10:00 = 15:00 UTC
    contact("after", "1985-03-17", "America/New_York")  # enters 2027-03-14, EDT: 10:00 = 14:00 UTC
    clock.set(datetime(2027, 3, 7, 14, 59, tzinfo=UTC))
    runner.tick()
    assert entered(journey) == []
    clock.set(datetime(2027, 3, 7, 15, 0, tzinfo=UTC))
    runner.tick()
    assert entered(journey) == ["before"]
    clock.set(datetime(2027, 3, 14, 13, 59, tzinfo=UTC))
    runner.tick()
    assert entered(journey) == ["before"]
    clock.set(datetime(2027, 3, 14, 14, 0, tzinfo=UTC))  # 10:00 EDT; a fixed -5h offset would say 15:00
    runner.tick()
    assert entered(journey) == ["after", "before"]


def test_a_feb_29_birthday_enters_on_feb_28_in_a_non_leap_year(runner, clock):
    journey = birthday_journey(tz="UTC", offset=0)
    contact("leap", "2000-02-29")
    contact("eve", "2000-02-28")
    contact("march", "2000-03-01")
    clock.set(datetime(2027, 2, 28, 10, 0, tzinfo=UTC))
    runner.tick()
    assert entered(journey) == ["eve", "leap"]
    clock.set(datetime(2027, 3, 1, 10, 0, tzinfo=UTC))
    runner.tick()
    assert entered(journey) == ["eve", "leap", "march"]


def test_a_trait_that_is_not_a_date_skips_that_contact_with_a_logged_reason(runner, clock, caplog):
    journey = birthday_journey(tz="UTC", offset=0)
    contact("good", "1990-06-15")
    bad = contact("bad", "next tuesday")
    clock.set(datetime(2026, 6, 15, 10, 0, tzinfo=UTC))
    with caplog.at_level(logging.WARNING, logger="journeys.services.date_entry"):
        runner.tick()
    assert entered(journey) == ["good"]
    row = DateEntry.objects.get(journey=journey, contact=bad)
    assert row.enrollment_id is None and "birthday is not a date" in row.skipped_reason
    assert any("not a date" in r.getMessage() for r in caplog.records)


def test_nothing_enters_for_an_occurrence_before_the_journey_went_live(runner, clock):
    contact("li", "1990-06-01", "UTC")
    journey = birthday_journey(tz="UTC", offset=0)  # published at noon on June 1st; the 10:00 entry has passed
    runner.tick()
    assert entered(journey) == []


def weekly_segment_journey(reentry="after_exit"):
    segment = Segment.objects.create(key="vip", name="VIP", kind=Segment.STATIC)
    members = [Contact.objects.create(user_id=f"m{i}") for i in range(3)]
    Contact.objects.create(user_id="outsider")
    for member in members:
        SegmentMembership.objects.create(segment=segment, contact=member, entered_at=datetime(2026, 1, 1, tzinfo=UTC))
    journey = live_journey(chain(("t", "trigger", {"schedule": {"every": "week", "weekday": "mon"}, "at": "10:00",
                                                   "timezone": "Asia/Shanghai", "segment": "vip"}),
                                 ("x", "exit", {}), settings={"reentry": reentry}))
    return journey, segment


def test_a_weekly_schedule_enters_each_member_once_a_week_with_two_schedulers(runner, clock):
    journey, _ = weekly_segment_journey()
    monday = datetime(2026, 6, 8, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
    clock.set(monday)
    version = JourneyVersion.objects.get(journey=journey, status="live")
    trigger = {"id": "t", **version.graph["nodes"][0]["config"]}
    stale_pages = list(_schedule_due(version, trigger, monday))  # scheduler A has scanned, not yet inserted
    with runner.capture(execute=True):
        assert date_entries_run(monday) == 3  # scheduler B enters everyone
        assert date_entries_run(monday) == 0  # B again on its next tick
        assert sum(enter_once(version, "t", page, monday) for page in stale_pages) == 0  # A, late: the constraint
    runner.drain()
    assert entered(journey) == ["m0", "m1", "m2"]
    clock.set(datetime(2026, 6, 10, 2, 0, tzinfo=UTC))  # Wednesday: not a run day
    runner.tick()
    assert len(entered(journey)) == 3
    clock.set(datetime(2026, 6, 15, 3, 0, tzinfo=UTC))  # next Monday: a new occurrence, re-entry after_exit
    runner.tick()
    runner.tick()
    assert entered(journey) == ["m0", "m0", "m1", "m1", "m2", "m2"]
    assert DateEntry.objects.filter(journey=journey).count() == 6


def test_a_weekly_schedule_honours_reentry_never_across_occurrences(runner, clock):
    journey, _ = weekly_segment_journey(reentry="never")
    for day in (8, 15):
        clock.set(datetime(2026, 6, day, 2, 0, tzinfo=UTC))
        runner.tick()
    assert entered(journey) == ["m0", "m1", "m2"]
    assert set(DateEntry.objects.filter(occurrence="2026-06-15").values_list("skipped_reason", flat=True)) == {
        "re-entry is not allowed (reentry: never)"}


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enter_each_member_exactly_once(clock, monkeypatch):
    import threading

    from django.db import connection

    from journeys.runtime import catalog, dispatch

    if connection.vendor != "postgresql":
        pytest.skip("concurrent schedulers need PostgreSQL (CI runs it)")
    monkeypatch.setattr(dispatch, "_send", lambda *args, **kwargs: None)
    journey, segment = weekly_segment_journey()
    for i in range(300):
        SegmentMembership.objects.create(segment=segment, contact=Contact.objects.create(user_id=f"x{i}"),
                                         entered_at=datetime(2026, 1, 1, tzinfo=UTC))
    catalog.invalidate()
    monday = datetime(2026, 6, 8, 2, 0, tzinfo=UTC)
    counts: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def scheduler(name):
        barrier.wait()
        try:
            counts[name] = date_entries_run(monday)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts["a"] + counts["b"] == 303
    assert Enrollment.objects.filter(journey=journey).count() == 303
    assert Enrollment.objects.filter(journey=journey).values("contact").distinct().count() == 303
