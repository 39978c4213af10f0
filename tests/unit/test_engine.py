"""The pure decision layer: every node type's decision and the engine loop, no database."""
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from journeys.graph.conditions import InMemoryContext
from journeys.graph.decisions import Visit
from journeys.graph.nodes import get_node_type
from journeys.graph.nodes.split import assign_variant
from journeys.graph.spec import Graph
from journeys.graph.timeofday import next_local_time, quiet_until
from journeys.runtime.engine import Cursor, Engine, start_cursor

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def decide(node_type, config, ctx=None, tz="UTC", node_id="n"):
    visit = Visit(contact_key="42", journey_key="7", node_id=node_id, timezone=tz)
    return get_node_type(node_type).decide(config, visit, ctx or InMemoryContext({}, []), NOW)


def test_trigger_follows_next():
    assert decide("trigger", {"event": "signed_up"}).port == "next"


def test_wait_seconds_parks_until_then_next():
    decision = decide("wait", {"seconds": 90})
    assert (decision.park_until, decision.park_port) == (NOW + timedelta(seconds=90), "next")


def test_wait_until_uses_the_contacts_time_zone():
    # 12:00 UTC is 08:00 in New York (EDT): 10:00 there is 14:00 UTC the same day
    decision = decide("wait", {"until": "10:00", "timezone": "contact"}, tz="America/New_York")
    assert decision.park_until == datetime(2026, 6, 1, 14, 0, tzinfo=timezone.utc)


def test_wait_until_a_fixed_zone_overrides_the_contact():
    decision = decide("wait", {"until": "10:00", "timezone": "Asia/Tokyo"}, tz="America/New_York")
    assert decision.park_until == datetime(2026, 6, 2, 1, 0, tzinfo=timezone.utc)  # 10:00 JST next day


@pytest.mark.parametrize("now, expected", [
    # the day before US DST starts (8 Mar 2026): 10:00 EST = 15:00 UTC
    (datetime(2026, 3, 7, 16, 0, tzinfo=timezone.utc), datetime(2026, 3, 8, 14, 0, tzinfo=timezone.utc)),
    # the day before DST ends (1 Nov 2026): 10:00 EST again = 15:00 UTC
    (datetime(2026, 10, 31, 15, 0, tzinfo=timezone.utc), datetime(2026, 11, 1, 15, 0, tzinfo=timezone.utc)),
])
def test_wait_until_is_dst_correct(now, expected):
    assert next_local_time(now, "10:00", "America/New_York") == expected


def test_wait_until_a_time_skipped_by_dst_fires_shifted_by_the_gap():
    # 02:30 does not exist in New York on 8 Mar 2026 (02:00 jumps to 03:00): it fires at 03:30 EDT = 07:30 UTC
    fired = next_local_time(datetime(2026, 3, 8, 5, 0, tzinfo=timezone.utc), "02:30", "America/New_York")
    assert fired == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)


def test_wait_until_a_time_repeated_by_dst_fires_once_at_its_first_occurrence():
    # 01:30 happens twice in New York on 1 Nov 2026: first at 01:30 EDT = 05:30 UTC
    fired = next_local_time(datetime(2026, 11, 1, 4, 0, tzinfo=timezone.utc), "01:30", "America/New_York")
    assert fired == datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc)
    after = next_local_time(fired, "01:30", "America/New_York")
    assert after == datetime(2026, 11, 2, 6, 30, tzinfo=timezone.utc)  # next day, EST


def test_wait_event_parks_until_timeout_on_the_timeout_port():
    decision = decide("wait_event", {"event": "paid", "timeout_seconds": 60, "where": {"prop": "x", "op": "exists"}})
    assert (decision.park_until, decision.park_port, decision.wait_event) == (NOW + timedelta(seconds=60), "timeout", "paid")
    assert decision.wait_where == {"prop": "x", "op": "exists"}


def test_branch_follows_yes_or_no_on_traits_and_event_counts():
    cond = {"all": [{"attr": "plan", "op": "eq", "value": "pro"},
                    {"event": "order", "count": {"op": "gte", "value": 2}, "within_days": 30}]}
    recent = [("order", {}, NOW - timedelta(days=1)), ("order", {}, NOW - timedelta(days=2))]
    old = [("order", {}, NOW - timedelta(days=40)), ("order", {}, NOW - timedelta(days=2))]
    assert decide("branch", {"condition": cond}, InMemoryContext({"plan": "pro"}, recent)).port == "yes"
    assert decide("branch", {"condition": cond}, InMemoryContext({"plan": "pro"}, old)).port == "no"
    assert decide("branch", {"condition": cond}, InMemoryContext({"plan": "free"}, recent)).port == "no"


def test_send_asks_for_a_message_then_next():
    decision = decide("send", {"channel": "sms", "template": "t"})
    assert decision.send == {"channel": "sms", "template": "t", "on_capped": "skip"} and decision.port == "next"


def test_update_sets_traits_and_exit_finishes():
    assert decide("update", {"set": {"stage": "customer"}}).set_traits == {"stage": "customer"}
    assert decide("exit", {}).finish == "completed"


def test_split_is_deterministic_per_contact_journey_and_node():
    variants = [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]
    assert {assign_variant(variants, "c1", "j1", "s") for _ in range(5)} == {assign_variant(variants, "c1", "j1", "s")}
    picks = {assign_variant(variants, f"c{i}", "j1", "s") != assign_variant(variants, f"c{i}", "j2", "s")
             for i in range(200)}
    assert picks == {True, False}  # another journey draws independently


def test_split_honours_the_weights_within_sampling_error():
    variants = [{"key": "a", "weight": 45}, {"key": "b", "weight": 45}, {"key": "control", "weight": 10}]
    n = 20_000
    counts = Counter(assign_variant(variants, str(i), "j", "s") for i in range(n))
    for variant in variants:
        p = variant["weight"] / 100
        sigma = (n * p * (1 - p)) ** 0.5
        assert abs(counts[variant["key"]] - n * p) < 4 * sigma, counts


GRAPH = Graph.from_dict({
    "schema": 1,
    "nodes": [
        {"id": "t", "type": "trigger", "config": {"event": "e"}, "position": {"x": 0, "y": 0}},
        {"id": "u", "type": "update", "config": {"set": {"vip": True}}, "position": {"x": 0, "y": 0}},
        {"id": "b", "type": "branch", "config": {"condition": {"attr": "vip", "op": "eq", "value": True}},
         "position": {"x": 0, "y": 0}},
        {"id": "s", "type": "send", "config": {"channel": "sms", "template": "x"}, "position": {"x": 0, "y": 0}},
        {"id": "w", "type": "wait", "config": {"seconds": 10}, "position": {"x": 0, "y": 0}},
        {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 0}},
    ],
    "edges": [
        {"source": "t", "target": "u", "port": "next"}, {"source": "u", "target": "b", "port": "next"},
        {"source": "b", "target": "s", "port": "yes"}, {"source": "b", "target": "x", "port": "no"},
        {"source": "s", "target": "w", "port": "next"}, {"source": "w", "target": "x", "port": "next"},
    ],
    "settings": {},
})


def test_engine_runs_until_a_send_then_a_wait_then_the_exit():
    engine = Engine(GRAPH, "7")
    cursor = start_cursor("t", NOW)
    # the update node's traits feed the branch: the in-memory context must see them
    ctx = _MutableContext()
    first = engine.run(cursor, ctx, NOW, contact_key="1", timezone="UTC")
    assert first.kind == "send" and cursor.node == "s" and first.trait_updates == {"vip": True}
    assert first.entered == ["u", "b", "s"] and first.transitions == 3
    cursor.resume_port = "next"
    second = engine.run(cursor, ctx, NOW, contact_key="1", timezone="UTC")
    assert second.kind == "park" and cursor.node == "w" and cursor.resume_port == "next"
    third = engine.run(cursor, ctx, NOW + timedelta(seconds=10), contact_key="1", timezone="UTC")
    assert third.kind == "finish" and cursor.node == "x"
    assert [step[0] for step in cursor.path] == ["t", "u", "b", "s", "w", "x"]
    assert cursor.visits == {"t": 1, "u": 1, "b": 1, "s": 1, "w": 1, "x": 1}


def test_engine_fails_cleanly_on_a_missing_edge():
    engine = Engine(GRAPH, "7")
    cursor = Cursor(node="x", resume_port="next")
    assert engine.run(cursor, _MutableContext(), NOW, contact_key="1", timezone="UTC").kind == "fail"


class _MutableContext(InMemoryContext):
    def __init__(self):
        super().__init__({}, [])
        self._traits = {}

    def trait(self, name):
        from journeys.graph.conditions import MISSING

        return self._traits.get(name, MISSING)

    def update_traits(self, values):
        self._traits.update(values)


@pytest.mark.parametrize("local, inside", [("22:30", True), ("07:59", True), ("08:00", False), ("12:00", False),
                                           ("21:00", True), ("20:59", False)])
def test_quiet_hours_across_midnight(local, inside):
    hour, minute = map(int, local.split(":"))
    now = datetime(2026, 6, 1, hour, minute, tzinfo=timezone.utc)
    until = quiet_until(now, "21:00", "08:00", "UTC")
    assert (until is not None) == inside
    if inside:
        assert until.hour == 8 and until > now
