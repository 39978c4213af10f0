"""Alert evaluation on a controlled clock (design section 11): levels rise with the metric and resolve,
a red rule pauses its journey or channel, each rule is evaluated once a minute, and one bad rule never
stops the others."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from channels_app.models import DeliveryEvent, Message, MessageStatus
from channels_app.services import throttling
from core import clock
from audiences.models import ComputedValue, Segment, SegmentMembership
from health.models import Alert, AlertEvaluation, AlertRule, ChannelPause
from health.services.alert_evaluation import evaluate_due
from journeys.models import AuditEntry
from tests.factories import ContactFactory, EventFactory
from tests.integration.approvals.conftest import journey_in
from tests.integration.health.alert_helpers import T0, complain, rule, sent_messages, without_seed_rules

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def controlled_clock(db):
    without_seed_rules()
    clock.set_time(T0)
    yield
    clock.set_time(None)


def _history(alert: Alert) -> list[str]:
    return [change.level for change in alert.history.all()]


def test_a_complaint_spike_fires_yellow_then_orange_then_red_and_resolves():
    watched = rule()
    messages = sent_messages(100, T0 - 10 * MINUTE)
    complain(messages[:2], T0)  # 2 %
    assert evaluate_due(T0) == 1
    alert = Alert.objects.get(rule=watched)
    assert (alert.level, alert.value, alert.threshold, alert.started_at) == ("yellow", 0.02, 0.01, T0)

    complain(messages[2:4], T0 + MINUTE)  # 4 %
    evaluate_due(T0 + MINUTE)
    alert.refresh_from_db()
    assert (alert.level, alert.threshold) == ("orange", 0.03)

    complain(messages[4:6], T0 + 2 * MINUTE)  # 6 %
    evaluate_due(T0 + 2 * MINUTE)
    alert.refresh_from_db()
    assert (alert.level, alert.value, alert.resolved_at) == ("red", 0.06, None)

    later = T0 + timedelta(hours=2)  # the window has moved past the spike
    evaluate_due(later)
    alert.refresh_from_db()
    assert alert.resolved_at == later
    assert _history(alert) == ["yellow", "orange", "red", "resolved"]
    assert Alert.objects.count() == 1  # one alert escalated, not three


def test_an_alert_never_steps_down_while_open_and_a_new_spike_after_resolution_is_a_new_alert():
    watched = rule()
    messages = sent_messages(100, T0 - 10 * MINUTE)
    complain(messages[:4], T0)
    evaluate_due(T0)
    DeliveryEvent.objects.filter(message__in=messages[2:4]).delete()  # back to 2 %: still at least yellow
    evaluate_due(T0 + MINUTE)
    alert = Alert.objects.get(rule=watched)
    assert (alert.level, alert.value, alert.resolved_at) == ("orange", 0.02, None)

    evaluate_due(T0 + timedelta(hours=2))
    fresh = sent_messages(10, T0 + timedelta(hours=3))
    complain(fresh[:1], T0 + timedelta(hours=3))
    evaluate_due(T0 + timedelta(hours=3, minutes=1))
    assert list(Alert.objects.filter(rule=watched).values_list("level", "resolved_at")) == [("red", None), (
        "orange", T0 + timedelta(hours=2))]


def test_two_evaluations_of_the_same_minute_never_double_fire():
    watched = rule()
    complain(sent_messages(100, T0 - 10 * MINUTE)[:6], T0)
    assert evaluate_due(T0) == 1
    assert evaluate_due(T0 + timedelta(seconds=30)) == 0  # a second scheduler, same minute
    assert AlertEvaluation.objects.filter(rule=watched).count() == 1
    alert = Alert.objects.get(rule=watched)
    assert _history(alert) == ["red"]
    assert evaluate_due(T0 + MINUTE) == 1  # the next minute is due again


def test_red_with_pause_journey_pauses_it_and_the_audit_log_names_the_alert():
    journey = journey_in("live")
    watched = rule(name="Journey complaints", scope={"journey": journey.pk}, on_red="pause_journey",
                   thresholds={"yellow": None, "orange": None, "red": 0.05})
    complain(sent_messages(10, T0 - MINUTE, journey=journey)[:1], T0)
    sent_messages(50, T0 - MINUTE)  # other journeys' messages are not in scope
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)
    assert alert.level == "red"
    assert journey.versions.get().status == "paused"
    entry = AuditEntry.objects.filter(journey=journey, action="pause").get()
    assert entry.actor_name == "system"
    assert f"alert #{alert.pk} complaint_rate red" in entry.comment
    assert alert.actions == [{"action": "pause_journey", "journey": journey.pk, "ok": True}]


def test_a_journey_that_cannot_be_paused_leaves_the_alert_standing_with_the_reason():
    journey = journey_in("paused")
    watched = rule(scope={"journey": journey.pk}, on_red="pause_journey")
    complain(sent_messages(10, T0 - MINUTE, journey=journey)[:1], T0)
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)
    assert alert.level == "red" and alert.actions[0]["ok"] is False and "paused" in alert.actions[0]["detail"]


def test_red_with_pause_channel_defers_that_channels_sends_until_the_alert_resolves():
    watched = rule(scope={"channel": "email"}, on_red="pause_channel")
    complain(sent_messages(10, T0 - MINUTE)[:1], T0)
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)
    assert ChannelPause.objects.get().channel == "email"

    waiting = sent_messages(2, T0, status=MessageStatus.SENDING) + sent_messages(1, T0, channel="sms",
                                                                                 status=MessageStatus.SENDING)
    go, deferred = throttling.hold_back(list(Message.objects.filter(pk__in=[m.pk for m in waiting])), T0)
    assert [m.channel for m in go] == ["sms"]
    held = Message.objects.filter(pk__in=deferred)
    assert {m.status for m in held} == {"deferred"}
    assert all(m.reason == f"channel paused: by alert #{alert.pk} complaint_rate red" for m in held)

    evaluate_due(T0 + timedelta(hours=2))  # resolved: the channel sends again
    assert not ChannelPause.objects.exists()
    assert throttling.release_throttled(T0 + timedelta(hours=2)) == 2


def test_change_pct_compares_with_the_same_window_a_day_earlier():
    watched = rule(comparison="change_pct", thresholds={"yellow": 30, "orange": None, "red": None})
    complain(sent_messages(100, T0 - timedelta(days=1, minutes=10))[:2], T0 - timedelta(days=1))  # 2 % then
    complain(sent_messages(100, T0 - 10 * MINUTE)[:3], T0)  # 3 % now: up 50 %
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)
    assert alert.level == "yellow" and alert.value == pytest.approx(50.0)


def test_one_bad_rule_never_stops_the_others():
    broken = rule(name="Broken")
    AlertRule.objects.filter(pk=broken.pk).update(metric="no_such_metric")  # bypassing the API's checks
    watched = rule(name="Fine")
    complain(sent_messages(100, T0 - MINUTE)[:2], T0)
    assert evaluate_due(T0) == 2
    broken.refresh_from_db()
    assert broken.last_error.startswith("KeyError")
    assert AlertEvaluation.objects.get(rule=broken).error.startswith("KeyError")
    assert Alert.objects.get(rule=watched).level == "yellow"


def test_churn_of_a_segment_that_does_not_exist_measures_the_workspace_and_says_so():
    watched = rule(metric="churn_rate", scope={"segment": "core_users"}, thresholds={"red": 0.05})
    for stage in ["churned"] + ["active"] * 9:
        ComputedValue.objects.create(contact=ContactFactory(), key="lifecycle_stage", value=stage)
    evaluate_due(T0)
    watched.refresh_from_db()
    assert watched.last_value == 0.1
    assert "no segment 'core_users': measured the whole workspace" in watched.last_note
    assert Alert.objects.get(rule=watched).level == "red"


def test_churn_of_an_existing_segment_counts_its_members_only():
    core = Segment.objects.create(key="core_users", name="Core", kind="static")
    for stage, member in [("churned", False), ("active", True), ("active", True)]:
        contact = ContactFactory()
        ComputedValue.objects.create(contact=contact, key="lifecycle_stage", value=stage)
        if member:
            SegmentMembership.objects.create(segment=core, contact=contact, entered_at=T0)
    watched = rule(metric="churn_rate", scope={"segment": "core_users"}, thresholds={"red": 0.05})
    evaluate_due(T0)
    watched.refresh_from_db()
    assert (watched.last_value, watched.last_note) == (0.0, "")
    assert not Alert.objects.exists()


def test_no_data_raises_nothing_even_below_a_line():
    watched = rule(metric="active_share", comparison="below", thresholds={"orange": 0.4})
    evaluate_due(T0)  # no contact at all: no share to be low
    watched.refresh_from_db()
    assert watched.last_value is None and "no data" in watched.last_note
    assert not Alert.objects.exists()


def test_active_share_counts_contacts_with_an_active_event_in_the_window():
    watched = rule(metric="active_share", comparison="below", thresholds={"orange": 0.4}, window_minutes=60 * 24)
    contacts = [ContactFactory() for _ in range(4)]
    EventFactory(contact=contacts[0], name="app_opened", timestamp=T0 - timedelta(hours=2))
    EventFactory(contact=contacts[1], name="not_an_active_event", timestamp=T0 - timedelta(hours=2))
    EventFactory(contact=contacts[2], name="app_opened", timestamp=T0 - timedelta(days=3))  # before the window
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)
    assert (alert.level, alert.value) == ("orange", 0.25)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_evaluate_each_rule_once():
    """Two threads, two connections, the same minute: the (rule, minute) claim lets exactly one through."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    without_seed_rules()
    watched = rule()
    complain(sent_messages(100, T0 - MINUTE)[:6], T0)
    barrier, counts = threading.Barrier(2), []

    def scheduler():
        try:
            barrier.wait()
            counts.append(evaluate_due(T0))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 1]
    assert [change.level for change in Alert.objects.get(rule=watched).history.all()] == ["red"]
