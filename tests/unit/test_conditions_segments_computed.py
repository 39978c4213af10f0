"""Conditions on saved segments and computed traits: evaluation, checks, the keys a graph names,
and the trigger on entering or leaving a saved segment."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from journeys.graph.condition_checks import condition_errors
from journeys.graph.conditions import InMemoryContext, evaluate
from journeys.graph.nodes import get_node_type
from journeys.graph.segment_refs import condition_refs, node_refs, segment_keys, unknown_ref_messages

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def holds(cond, segments=(), computed=None):
    return evaluate(cond, InMemoryContext({}, (), segments, computed), NOW)


def test_a_segment_condition_is_membership_and_an_unknown_key_is_no_membership():
    assert holds({"segment": "vip"}, segments={"vip"})
    assert not holds({"segment": "vip"}, segments={"other"})
    assert holds({"not": {"segment": "ghost"}})


@pytest.mark.parametrize("cond, computed, expected", [
    ({"computed": "orders", "op": "gte", "value": 3}, {"orders": 3}, True),
    ({"computed": "orders", "op": "gte", "value": 3}, {"orders": "3"}, False),  # kinds never compare
    ({"computed": "orders", "op": "neq", "value": 3}, {}, True),  # missing: only neq holds
    ({"computed": "orders", "op": "eq", "value": None}, {"orders": None}, False),  # null is no value
    ({"computed": "orders", "op": "exists"}, {"orders": 0}, True),
    ({"computed": "stage", "op": "in", "value": ["silent", "churned"]}, {"stage": "silent"}, True),
])
def test_a_computed_condition_compares_like_a_trait(cond, computed, expected):
    assert holds(cond, computed=computed) is expected


@pytest.mark.parametrize("cond, path", [
    ({"segment": ""}, "condition.segment"),
    ({"segment": 3}, "condition.segment"),
    ({"segment": "vip", "op": "eq"}, "condition.op"),
    ({"computed": "orders", "op": "like", "value": 1}, "condition.op"),
    ({"computed": "", "op": "exists"}, "condition.computed"),
    ({"computed": "orders", "segment": "vip"}, "condition"),
])
def test_bad_segment_and_computed_conditions_name_the_spot(cond, path):
    assert [p for p, _ in condition_errors(cond)][:1] == [path]


def test_good_ones_pass_and_a_where_cannot_hold_them():
    assert condition_errors({"all": [{"segment": "vip"}, {"computed": "orders", "op": "gt", "value": 1}]}) == []
    problems = condition_errors({"event": "x", "where": {"segment": "vip"}})
    assert problems and problems[0][0] == "condition.where"


def graph(*nodes):
    return {"nodes": [{"id": i, "type": t, "config": c} for i, t, c in nodes]}


def test_the_keys_a_graph_names_are_found_per_node_in_triggers_and_branches():
    g = graph(("t", "trigger", {"segment": "vip", "on": "exit"}),
              ("s", "trigger", {"segment": {"any": [{"segment": "inline"}, {"attr": "x", "op": "exists"}]}}),
              ("b", "branch", {"condition": {"not": {"all": [{"computed": "orders", "op": "gt", "value": 1}]}}}),
              ("w", "wait_event", {"event": "x", "where": {"prop": "segment", "op": "eq", "value": "no"}}))
    assert segment_keys(g) == {"vip", "inline"}
    assert node_refs(g)["b"] == {"segment": set(), "computed": {"orders"}}
    assert condition_refs({"segment": "a"}) == {"segment": {"a"}, "computed": set()}
    assert unknown_ref_messages(g, {"vip"}, set()) == [("s", "segment 'inline' does not exist"),
                                                        ("b", "computed trait 'orders' does not exist")]


@pytest.mark.parametrize("config, fragment", [
    ({"segment": "vip"}, None), ({"segment": "vip", "on": "exit"}, None),
    ({"segment": "vip", "on": "stay"}, "on must be one of enter, exit"),
    ({"segment": "", "on": "enter"}, "segment must be a segment key"),
    ({"segment": {"attr": "x", "op": "exists"}, "on": "enter"}, "on only applies"),
    ({"event": "go", "on": "enter"}, "on only applies"),
])
def test_a_trigger_on_a_saved_segment_takes_enter_or_exit(config, fragment):
    messages = [m for _, m in get_node_type("trigger").config_errors(config)]
    if fragment is None:
        assert messages == []
    else:
        assert any(fragment in m for m in messages), messages
