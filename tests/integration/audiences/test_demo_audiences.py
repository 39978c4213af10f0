"""`make run`'s audiences: shoppers with a year of orders, so RFM, lifecycle and segments show something
real, and a published journey that wins back contacts who go silent."""
from __future__ import annotations

import pytest

from audiences.models import ComputedValue, Segment
from journeys.models import Contact, Event, Journey
from journeys.services.demo import demo_load
from journeys.services.demo_shoppers import SHOPPERS, demo_shoppers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_shoppers_are_the_same_every_run_and_cover_every_stage_of_life():
    from datetime import datetime, timezone

    now = datetime(2026, 11, 29, tzinfo=timezone.utc)
    first, second = demo_shoppers(now), demo_shoppers(now)
    assert [s.events for s in first] == [s.events for s in second] and len(first) == SHOPPERS
    orders = [e for s in first for e in s.events if e[0] == "order_completed"]
    assert all(isinstance(e[1]["amount"], float) and e[2] <= now for e in orders)
    days_since_last = {min((now - e[2]).days for e in s.events) for s in first}
    assert min(days_since_last) <= 1 and max(days_since_last) > 90  # recent buyers and churned ones


def test_demo_fills_rfm_lifecycle_and_segments_and_publishes_the_silent_winback():
    # when the demo loads
    demo_load(start_tour=False)
    # then shoppers have a year of history, stored as handled (no trigger fires on last year's orders)
    assert Contact.objects.filter(user_id__startswith="shopper-").count() == SHOPPERS
    assert not Event.objects.filter(contact__user_id__startswith="shopper-", name="order_completed",
                                    handled_at__isnull=True).exists()
    # and every RFM segment name and lifecycle stage in use is a real mix
    segments = set(ComputedValue.objects.filter(key="rfm_segment").values_list("value", flat=True))
    stages = set(ComputedValue.objects.filter(key="lifecycle_stage").values_list("value", flat=True))
    assert len(segments) >= 4 and {"active", "silent", "churned"} <= stages
    # and the computed traits and saved segments hold values
    assert ComputedValue.objects.filter(key="lifetime_value").count() > 100
    sizes = dict(Segment.objects.values_list("key", "size"))
    assert sizes["repeat-buyers-classic-female"] > 0 and sizes["silent-app-users"] > 0 and sizes["beta-testers"] == 15
    # and the win-back journey is live, listening for lifecycle moves to silent
    winback = Journey.objects.get(name="Win back silent users")
    assert winback.status == "live"


def test_demo_audiences_are_idempotent():
    demo_load(start_tour=False)
    counts = (Contact.objects.count(), Event.objects.filter(name="order_completed").count(), Segment.objects.count())
    demo_load(start_tour=False)
    assert (Contact.objects.count(), Event.objects.filter(name="order_completed").count(),
            Segment.objects.count()) == counts
