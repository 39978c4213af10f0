"""Every node type: its registration, its ports, and each config error."""

from __future__ import annotations

import importlib

import pytest

from journeys.graph.nodes import NODE_TYPES, NodeType, get_node_type

ALL_TYPES = ["trigger", "wait", "wait_event", "split", "branch", "send", "update", "exit"]


def errors(type_name, config):
    return NODE_TYPES[type_name].config_errors(config)


def codes(type_name, config):
    return [code for code, _ in errors(type_name, config)]


def assert_one_error(type_name, config, fragment, code="bad_config"):
    found = errors(type_name, config)
    assert len(found) == 1, found
    assert found[0][0] == code
    assert fragment in found[0][1], found
    assert found[0][1].startswith(f"{type_name}") or code != "bad_config"


# -- registry --------------------------------------------------------------------------


def test_registry_holds_exactly_the_eight_node_types():
    assert sorted(NODE_TYPES) == sorted(ALL_TYPES)
    for name, node_type in NODE_TYPES.items():
        assert isinstance(node_type, NodeType)
        assert node_type.type_name == name


@pytest.mark.parametrize("name", ALL_TYPES)
def test_each_node_type_lives_in_its_own_module(name):
    module = importlib.import_module(f"journeys.graph.nodes.{name}")
    assert type(NODE_TYPES[name]).__module__ == module.__name__


def test_get_node_type_returns_none_for_unknown_names():
    assert get_node_type("send") is NODE_TYPES["send"]
    assert get_node_type("teleport") is None
    assert get_node_type(None) is None
    assert get_node_type(["send"]) is None


def test_only_triggers_are_entry_points_and_only_waits_pause():
    assert [n for n, t in NODE_TYPES.items() if t.is_trigger] == ["trigger"]
    assert sorted(n for n, t in NODE_TYPES.items() if t.waits) == ["wait", "wait_event"]


# -- ports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "config", "ports"),
    [
        ("trigger", {"event": "e"}, ["next"]),
        ("wait", {"seconds": 1}, ["next"]),
        ("wait_event", {"event": "e", "timeout_seconds": 1}, ["event", "timeout"]),
        ("split", {"variants": [{"key": "B", "weight": 50}, {"key": "A", "weight": 50}]}, ["B", "A"]),
        ("branch", {"condition": {"attr": "a", "op": "exists"}}, ["yes", "no"]),
        ("send", {"channel": "sms", "template": "t"}, ["next"]),
        ("update", {"set": {"a": 1}}, ["next"]),
        ("exit", {}, []),
    ],
)
def test_ports_per_node_type(name, config, ports):
    assert NODE_TYPES[name].ports(config) == ports


def test_split_ports_tolerate_a_broken_config():
    split = NODE_TYPES["split"]
    assert split.ports({}) == []
    assert split.ports({"variants": "A"}) == []
    assert split.ports({"variants": [{"key": "a"}, "b", {"key": 3}, {"key": "a"}, {"key": "c"}]}) == ["a", "c"]


# -- valid configs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("trigger", {"event": "signed_up"}),
        ("trigger", {"event": "signed_up", "where": {"prop": "plan", "op": "eq", "value": "pro"}}),
        ("trigger", {"segment": {"attr": "email", "op": "exists"}}),
        ("wait", {"seconds": 86400}),
        ("wait", {"until": "10:00"}),
        ("wait", {"until": "00:00", "timezone": "contact"}),
        ("wait", {"until": "23:59", "timezone": "America/New_York"}),
        ("wait", {"until": "08:30", "timezone": "UTC"}),
        ("wait_event", {"event": "order_completed", "timeout_seconds": 3600}),
        ("wait_event", {"event": "e", "where": {"prop": "total", "op": "gt", "value": 5}, "timeout_seconds": 1}),
        ("split", {"variants": [{"key": "A", "weight": 50}, {"key": "control", "weight": 50}]}),
        ("split", {"variants": [{"key": "only", "weight": 100}]}),
        ("split", {"variants": [{"key": "a", "weight": 33.3}, {"key": "b", "weight": 33.3}, {"key": "c", "weight": 33.4}]}),
        ("branch", {"condition": {"all": [{"attr": "plan", "op": "eq", "value": "pro"}]}}),
        ("send", {"channel": "email", "template": "welcome", "on_capped": "exit"}),
        ("send", {"channel": "webhook", "template": "hook"}),
        ("send", {"channel": "inapp", "template": "banner", "on_capped": "skip"}),
        ("update", {"set": {"stage": "customer", "score": 3, "tags": ["a"], "gone": None}}),
        ("exit", {}),
    ],
)
def test_valid_configs_have_no_errors(name, config):
    assert errors(name, config) == []


@pytest.mark.parametrize("name", ALL_TYPES)
def test_a_config_that_is_not_an_object_is_bad_config(name):
    assert codes(name, ["not", "an", "object"]) == ["bad_config"]


@pytest.mark.parametrize("name", ALL_TYPES)
def test_unknown_config_keys_are_reported(name):
    found = errors(name, {"tiemout": 5})
    assert ("bad_config" in [c for c, _ in found]) and any("unknown config key 'tiemout'" in m for _, m in found)


# -- config errors, per type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({}, "exactly one of event or segment"),
        ({"event": "e", "segment": {"attr": "a", "op": "exists"}}, "exactly one of event or segment"),
        ({"event": ""}, "event must be a non-empty event name"),
        ({"event": 3}, "event must be a non-empty event name"),
        ({"event": "e", "where": {"attr": "a", "op": "exists"}}, "where: unknown condition form"),
        ({"segment": {"attr": "a", "op": "like", "value": 1}}, "segment.op: unknown op"),
        ({"segment": {"all": []}}, "segment.all: must not be empty"),
        ({"segment": {"attr": "a", "op": "exists"}, "where": {"prop": "p", "op": "exists"}}, "where only applies to an event trigger"),
    ],
)
def test_trigger_config_errors(config, fragment):
    assert_one_error("trigger", config, fragment)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({}, "exactly one of seconds or until"),
        ({"seconds": 5, "until": "10:00"}, "exactly one of seconds or until"),
        ({"seconds": 0}, "wait: seconds must be a positive integer"),
        ({"seconds": -5}, "seconds must be a positive integer"),
        ({"seconds": 1.5}, "seconds must be a positive integer"),
        ({"seconds": "60"}, "seconds must be a positive integer"),
        ({"seconds": True}, "seconds must be a positive integer"),
        ({"seconds": 60, "timezone": "UTC"}, "timezone only applies with until"),
        ({"until": "24:00"}, "until must be a time of day"),
        ({"until": "9:00"}, "until must be a time of day"),
        ({"until": "09:60"}, "until must be a time of day"),
        ({"until": 900}, "until must be a time of day"),
        ({"until": "09:00", "timezone": "Mars/Olympus"}, "timezone must be"),
        ({"until": "09:00", "timezone": "../../etc/passwd"}, "timezone must be"),
        ({"until": "09:00", "timezone": ""}, "timezone must be"),
        ({"until": "09:00", "timezone": None}, "timezone must be"),
    ],
)
def test_wait_config_errors(config, fragment):
    assert_one_error("wait", config, fragment)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({"timeout_seconds": 60}, "event is required"),
        ({"event": "", "timeout_seconds": 60}, "event must be a non-empty event name"),
        ({"event": "e"}, "timeout_seconds is required"),
        ({"event": "e", "timeout_seconds": 0}, "timeout_seconds must be a positive integer"),
        ({"event": "e", "timeout_seconds": "1h"}, "timeout_seconds must be a positive integer"),
        ({"event": "e", "timeout_seconds": 5, "where": {"prop": "p", "op": "in", "value": 1}}, "where.value: in needs a list"),
    ],
)
def test_wait_event_config_errors(config, fragment):
    assert_one_error("wait_event", config, fragment)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({}, "variants is required"),
        ({"variants": []}, "variants must be a non-empty list"),
        ({"variants": {"A": 100}}, "variants must be a non-empty list"),
        ({"variants": ["A"]}, "variants[0] must be an object"),
        ({"variants": [{"key": "", "weight": 100}]}, "variants[0].key must be a non-empty string"),
        ({"variants": [{"weight": 100}]}, "variants[0].key must be a non-empty string"),
        ({"variants": [{"key": "A", "weight": 50}, {"key": "A", "weight": 50}]}, "duplicate variant key 'A'"),
        ({"variants": [{"key": "A", "weight": "100"}]}, "variants[0].weight must be a number"),
        ({"variants": [{"key": "A", "weight": 100, "label": "x"}]}, "unknown key 'label'"),
    ],
)
def test_split_config_errors(config, fragment):
    assert_one_error("split", config, fragment)


def test_split_weights_must_sum_to_100_and_the_message_gives_the_sum():
    found = errors("split", {"variants": [{"key": "a", "weight": 70}, {"key": "b", "weight": 20}]})
    assert found == [("split_weights_sum", "split weights sum to 90, not 100")]
    found = errors("split", {"variants": [{"key": "a", "weight": 60.5}, {"key": "b", "weight": 60}]})
    assert found == [("split_weights_sum", "split weights sum to 120.5, not 100")]


def test_split_weights_must_be_positive():
    # Given weights that sum to 100 but one of them is zero
    found = errors("split", {"variants": [{"key": "a", "weight": 100}, {"key": "b", "weight": 0}]})
    # Then only the non-positive weight is reported
    assert [c for c, _ in found] == ["split_weight_not_positive"]
    assert "'b'" in found[0][1]
    # And a negative weight that also breaks the sum gives both findings
    found = codes("split", {"variants": [{"key": "a", "weight": 100}, {"key": "b", "weight": -10}]})
    assert found == ["split_weight_not_positive", "split_weights_sum"]


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({}, "condition is required"),
        ({"condition": None}, "condition: must be an object"),
        ({"condition": {"attr": "a", "op": "gt", "value": None}}, "condition.value: gt needs a number or a string"),
        ({"condition": {"any": [{"event": "e", "count": {"op": "gte", "value": -1}}]}}, "condition.any[0].count.value"),
    ],
)
def test_branch_config_errors(config, fragment):
    assert_one_error("branch", config, fragment)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({"template": "t"}, "channel is required"),
        ({"channel": "fax", "template": "t"}, "channel must be one of sms, email, webhook, inapp"),
        ({"channel": "sms"}, "template is required"),
        ({"channel": "sms", "template": ""}, "template must be a non-empty template slug"),
        ({"channel": "sms", "template": 5}, "template must be a non-empty template slug"),
        ({"channel": "sms", "template": "t", "on_capped": "retry"}, "on_capped must be one of skip, exit"),
    ],
)
def test_send_config_errors(config, fragment):
    assert_one_error("send", config, fragment)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({}, "set is required"),
        ({"set": {}}, "set must be a non-empty object"),
        ({"set": [["a", 1]]}, "set must be a non-empty object"),
        ({"set": {"": 1}}, "trait names must be non-empty strings"),
        ({"set": {1: "a"}}, "trait names must be non-empty strings"),
    ],
)
def test_update_config_errors(config, fragment):
    assert_one_error("update", config, fragment)


def test_exit_config_must_be_empty():
    assert_one_error("exit", {"reason": "done"}, "unknown config key 'reason'; the config must be empty")


def test_node_config_errors_report_every_problem_at_once():
    found = errors("send", {"channel": "fax", "template": "", "on_capped": "never", "retries": 3})
    assert len(found) == 4
