"""The send policy's reads: a fixed number of statements per batch however many cap rules, same verdicts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.policy import SendRequest, check_plans, check_sends
from tests.factories import (
    ContactFactory,
    FrequencyCapRuleFactory,
    JourneyFactory,
    MessageFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _ago(**delta) -> datetime:
    return NOW - timedelta(**delta)


def _queries_of_one_check(plans) -> int:
    with CaptureQueriesContext(connection) as captured:
        check_plans(plans, NOW)
    return len(captured.captured_queries)


def test_one_check_costs_the_same_statements_with_one_rule_as_with_five():
    journey = JourneyFactory()
    contacts = [ContactFactory(phone=f"+1555010{n:04d}") for n in range(3)]
    for contact in contacts:
        MessageFactory(contact=contact, channel="sms", status="sent", created_at=_ago(minutes=5))
    SuppressionFactory(channel="sms", address=contacts[0].phone)
    plans = [[SendRequest(contact, "sms", "hello-sms", journey.pk),
              SendRequest(contact, "email", "hello-email", journey.pk)] for contact in contacts]
    FrequencyCapRuleFactory(channel="all", limit=50, window_seconds=86400)
    with_one_rule = _queries_of_one_check(plans)
    FrequencyCapRuleFactory(channel="sms", limit=50, window_seconds=3600)
    FrequencyCapRuleFactory(channel="email", limit=50, window_seconds=600)
    FrequencyCapRuleFactory(channel="all", limit=50, window_seconds=7 * 86400, journey=journey)
    FrequencyCapRuleFactory(channel="sms", limit=50, window_seconds=60, journey=journey)
    assert _queries_of_one_check(plans) == with_one_rule
    assert with_one_rule <= 4  # templates, blacklist, rules, one grouped count


def test_a_batch_of_exempt_sends_reads_no_cap_rules_or_counts():
    FrequencyCapRuleFactory(channel="all", limit=1, window_seconds=86400)
    contact = ContactFactory(phone="+15550109999")
    with CaptureQueriesContext(connection) as captured:
        (verdict,) = check_sends([SendRequest(contact, "sms", "hello-sms", None, exempt_from_caps=True)], NOW)
    assert verdict.status == "queued"
    tables_read = " ".join(query["sql"] for query in captured.captured_queries)
    assert '"channels_app_frequencycaprule"' not in tables_read
    assert '"channels_app_message"' not in tables_read


def test_mixed_rules_give_the_verdicts_each_rule_alone_would():
    first, second = JourneyFactory(), JourneyFactory()
    every_channel_day = FrequencyCapRuleFactory(channel="all", limit=4, window_seconds=86400)
    FrequencyCapRuleFactory(channel="sms", limit=1, window_seconds=3600)
    first_journey_week = FrequencyCapRuleFactory(channel="all", limit=1, window_seconds=7 * 86400, journey=first)
    FrequencyCapRuleFactory(channel="email", limit=2, window_seconds=600)
    assert every_channel_day.pk < first_journey_week.pk  # rules are checked in id order
    ada, bob, cy, di = (ContactFactory(phone=f"+1555020{n:04d}") for n in range(4))
    # Ada: an sms half an hour ago (the hourly sms cap), an email of the first journey two days ago (its week cap).
    MessageFactory(contact=ada, channel="sms", status="sent", journey=second, created_at=_ago(minutes=30))
    MessageFactory(contact=ada, channel="email", status="delivered", journey=first, created_at=_ago(days=2))
    # Bob: an sms two hours ago (out of the hourly window), a test sms just now (uncounted), two emails just now.
    MessageFactory(contact=bob, channel="sms", status="sent", created_at=_ago(hours=2))
    MessageFactory(contact=bob, channel="sms", status="sent", is_test=True, created_at=_ago(minutes=1))
    MessageFactory.create_batch(2, contact=bob, channel="email", status="queued", created_at=_ago(minutes=5))
    # Cy: an sms of the first journey long ago (outside every window), a blocked one just now (not counted).
    MessageFactory(contact=cy, channel="sms", status="sent", journey=first, created_at=_ago(days=400))
    MessageFactory(contact=cy, channel="sms", status="suppressed", journey=first, created_at=_ago(minutes=1))
    # Di: two emails of no journey in the last ten minutes.
    MessageFactory.create_batch(2, contact=di, channel="email", status="sent", created_at=_ago(minutes=3))

    requests = [
        SendRequest(ada, "sms", "hello-sms", second.pk),
        SendRequest(ada, "email", "hello-email", second.pk),
        SendRequest(ada, "email", "hello-email", first.pk),
        SendRequest(bob, "sms", "hello-sms", second.pk),
        SendRequest(bob, "email", "hello-email", second.pk),  # Bob's sms just above was his fourth today
        SendRequest(cy, "sms", "hello-sms", first.pk),
        SendRequest(cy, "email", "hello-email", first.pk),  # the first journey's weekly one went just above
        SendRequest(di, "email", "hello-email", second.pk),
        SendRequest(ada, "sms", "hello-sms", second.pk, exempt_from_caps=True),
    ]
    verdicts = [(v.status, v.reason) for v in check_sends(requests, NOW)]
    assert verdicts == [
        ("capped", "cap of 1 sms message(s) per hour reached"),
        ("queued", ""),
        ("capped", f"cap of 1 all channels message(s) per 7 days in journey {first.pk} reached"),
        ("queued", ""),
        ("capped", "cap of 4 all channels message(s) per day reached"),
        ("queued", ""),
        ("capped", f"cap of 1 all channels message(s) per 7 days in journey {first.pk} reached"),
        ("capped", "cap of 2 email message(s) per 10 minutes reached"),
        ("queued", ""),
    ]


def test_a_blacklisted_address_in_either_form_still_wins_over_caps():
    FrequencyCapRuleFactory(channel="all", limit=1, window_seconds=86400)
    contact = ContactFactory(phone="+15550301111", email="Ada@Example.com")
    SuppressionFactory(channel="all", address="ada@example.com", reason="bounced")
    (email, sms) = check_sends([SendRequest(contact, "email", "hello-email", None),
                                SendRequest(contact, "sms", "hello-sms", None)], NOW)
    assert (email.status, email.reason) == ("suppressed", "blacklisted on all channels: bounced")
    assert (sms.status, sms.reason) == ("queued", "")
