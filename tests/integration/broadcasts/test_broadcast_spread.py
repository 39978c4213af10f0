"""A broadcast to 100,000 contacts with send_over_minutes=10 spreads its sends evenly over those minutes.

Measured on the enrollments' due times (set-based, on the controlled clock): each contact waits at the trigger
until its turn, and the send follows as soon as it wakes (tests/integration/broadcasts/test_broadcast_workflow.py
runs that part through the scheduler on three contacts). Seeding is one INSERT … SELECT per table.
"""
from collections import Counter

import pytest
from django.db import connection

from audiences.models import Segment, SegmentMembership
from broadcasts.models import Broadcast
from broadcasts.services import broadcasts as services
from journeys.models import Contact, Enrollment, Launch
from journeys.services.launches import launch_step
from tests.factories import template_for_channel

pytestmark = pytest.mark.django_db

CONTACTS = 100_000
MINUTES = 10


def seed_segment(key: str, count: int, now) -> None:
    """`count` contacts, all members of the static segment `key`, in two set-based statements."""
    segment = Segment.objects.create(key=key, name=key, kind=Segment.STATIC)
    contacts, members = Contact._meta.db_table, SegmentMembership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s) "
            f"INSERT INTO {contacts} (user_id, traits, email, phone, timezone, created_at, updated_at) "
            f"SELECT 'spread-' || n, '{{}}', '', '+1555' || n, '', %s, %s FROM g", [count, now, now])
        cursor.execute(f"INSERT INTO {members} (segment_id, contact_id, entered_at) SELECT %s, id, %s FROM {contacts}",
                       [segment.pk, now])


def test_sends_of_100k_contacts_over_10_minutes_are_within_20_percent_of_even_per_minute(clock):
    # given 100,000 contacts in a segment, and an approved broadcast to it spread over 10 minutes
    seed_segment("everyone", CONTACTS, clock.now)
    template_for_channel("promo-sms", "sms")
    broadcast = services.broadcast_create(user=None, name="Big sale", segment="everyone", channel="sms",
                                          template="promo-sms", send_over_minutes=MINUTES)
    services.broadcast_submit(broadcast, user=None)
    services.broadcast_approve(broadcast, user=None)
    # when it is published and its launch enrolls everyone (the launch's batches, run in this thread)
    services.broadcast_publish(broadcast, user=None)
    launch = Launch.objects.get(journey=broadcast.journey)
    while launch_step(launch.pk, batch=10_000).state == Launch.State.RUNNING:
        pass
    # then each minute's share of the sends is within 20 % of a tenth
    assert Broadcast.objects.get().audience_size == CONTACTS
    due = Enrollment.objects.filter(journey=broadcast.journey).values_list("wake_at", flat=True)
    per_minute = Counter(int(((at or clock.now) - clock.now).total_seconds() // 60) for at in due)
    assert sum(per_minute.values()) == CONTACTS
    assert sorted(per_minute) == list(range(MINUTES))
    even = CONTACTS / MINUTES
    assert all(0.8 * even <= n <= 1.2 * even for n in per_minute.values()), per_minute
