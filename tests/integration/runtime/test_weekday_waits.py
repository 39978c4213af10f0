"""Weekday waits at runtime: a contact parked on Friday evening wakes on the next listed weekday, DST-correct."""
from datetime import datetime, timezone

import pytest

from journeys.models import Enrollment

from .conftest import chain, live_journey

pytestmark = pytest.mark.django_db
UTC = timezone.utc


def weekday_journey(tz="contact"):
    return live_journey(chain(("t", "trigger", {"event": "go"}),
                              ("w", "wait", {"until": "09:00", "weekdays": ["mon", "wed"], "timezone": tz}),
                              ("x", "exit", {})))


def test_a_weekday_wait_started_on_friday_sleeps_through_the_weekend(runner, clock):
    weekday_journey(tz="UTC")
    clock.set(datetime(2026, 6, 5, 18, 0, tzinfo=UTC))  # Friday evening
    runner.identify("ada")
    runner.track("ada", "go")
    enrollment = Enrollment.objects.get()
    assert enrollment.state == "waiting" and enrollment.wake_at == datetime(2026, 6, 8, 9, 0, tzinfo=UTC)
    clock.set(datetime(2026, 6, 7, 9, 0, tzinfo=UTC))  # Sunday at nine: still asleep
    runner.tick()
    assert Enrollment.objects.get().state == "waiting"
    clock.set(datetime(2026, 6, 8, 9, 0, tzinfo=UTC))
    runner.tick()
    assert Enrollment.objects.get().state == "completed"


def test_a_weekday_wait_in_the_contacts_zone_follows_the_dst_change(runner, clock):
    weekday_journey()
    clock.set(datetime(2027, 3, 12, 22, 0, tzinfo=UTC))  # Friday in New York; clocks spring forward on Sunday
    runner.identify("ada", timezone="America/New_York")
    runner.track("ada", "go")
    assert Enrollment.objects.get().wake_at == datetime(2027, 3, 15, 13, 0, tzinfo=UTC)  # Monday 09:00 EDT
