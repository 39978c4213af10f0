"""Journey validation: every rule, the example journeys, ordering, the size limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from journeys.graph.samples import linear_graph, templates_for
from journeys.graph.spec import Edge, Graph, Node, Position
from journeys.graph.validation import MAX_NODES, Issue, has_errors, validate

def make_graph(
    nodes: list[tuple[str, str, dict[str, Any]]],
    edges: list[tuple[str, str, str]],
    settings: dict[str, Any] | None = None,
) -> Graph:
    """A journey in a few lines: nodes as (id, type, config), edges as (source, port, target)."""
    return Graph(
        nodes=[Node(node_id, kind, config, Position(0, i * 100)) for i, (node_id, kind, config) in enumerate(nodes)],
        edges=[Edge(source, target, port) for source, port, target in edges],
        settings=settings or {},
    )


TRIGGER = {"event": "signed_up"}
SMS = {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}
COND = {"attr": "plan", "op": "eq", "value": "pro"}


def found(graph, templates=None):
    return [(i.node, i.code) for i in validate(graph, templates)]


def by_code(graph, code, templates=None):
    return [i for i in validate(graph, templates) if i.code == code]


def simple(settings=None):
    """trigger -> send -> exit, valid."""
    return make_graph(
        [("t", "trigger", TRIGGER), ("s", "send", SMS), ("x", "exit", {})],
        [("t", "next", "s"), ("s", "next", "x")],
        settings,
    )


def test_a_valid_journey_has_no_findings():
    assert validate(simple(), {"hello-sms": "sms"}) == []


# -- the example journeys ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["welcome_series.json", "winback.json"])
def test_shared_valid_examples_have_no_findings(load_example, example_templates, name):
    graph = Graph.from_dict(load_example(name))
    assert validate(graph, example_templates) == []


def test_invalid_spin_example_gives_the_documented_errors(load_example):
    # Given the invalid example and no templates at all
    graph = Graph.from_dict(load_example("invalid_spin.json"))
    # When it is validated
    issues = validate(graph, {})
    # Then the README's findings are all there
    pairs = {(i.node, i.code) for i in issues}
    assert {
        ("s", "cycle_without_wait"),
        ("b1", "cycle_without_wait"),
        ("s", "split_weights_sum"),
        ("orphan", "unreachable"),
        ("orphan", "template_missing"),
    } <= pairs
    messages = {(i.node, i.code): i.message for i in issues}
    assert messages[("s", "cycle_without_wait")] == "cycle s → b1 → s passes through no wait"
    assert messages[("b1", "cycle_without_wait")] == "cycle b1 → s → b1 passes through no wait"
    assert messages[("s", "split_weights_sum")] == "split weights sum to 90, not 100"
    assert "'nope'" in messages[("orphan", "template_missing")]
    assert all(i.severity == "error" for i in issues)


# -- rules --------------------------------------------------------------------------------


def test_no_trigger_is_a_journey_level_error_and_does_not_flag_every_node_unreachable():
    graph = make_graph([("s", "send", SMS), ("x", "exit", {})], [("s", "next", "x")])
    assert found(graph) == [(None, "no_trigger")]


def test_duplicate_ids_are_reported_once_on_the_id():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("x", "exit", {}), ("x", "exit", {}), ("x", "send", SMS)],
        [("t", "next", "x")],
    )
    issues = by_code(graph, "duplicate_id")
    assert [(i.node, i.message) for i in issues] == [("x", "node id 'x' is used by 3 nodes; ids must be unique")]


def test_unknown_node_type():
    graph = make_graph([("t", "trigger", TRIGGER), ("z", "teleport", {})], [("t", "next", "z")])
    assert found(graph) == [("z", "unknown_type")]


def test_bad_node_config_is_reported_with_the_node_modules_code():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait", {"seconds": 0}), ("x", "exit", {})],
        [("t", "next", "w"), ("w", "next", "x")],
    )
    [issue] = validate(graph)
    assert (issue.node, issue.code) == ("w", "bad_config")
    assert "wait: seconds must be a positive integer" in issue.message


def test_split_weight_findings_come_from_the_split_module():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("ab", "split", {"variants": [{"key": "a", "weight": 0}, {"key": "b", "weight": 90}]}), ("x", "exit", {})],
        [("t", "next", "ab"), ("ab", "a", "x"), ("ab", "b", "x")],
    )
    assert found(graph) == [("ab", "split_weight_not_positive"), ("ab", "split_weights_sum")]


def test_edge_to_a_missing_node_is_pinned_on_the_source():
    graph = simple()
    graph.edges.append(Edge("x", "ghost", "next"))
    issues = by_code(graph, "edge_missing_node")
    assert [(i.node, i.message) for i in issues] == [("x", "port 'next' of 'x' leads to missing node 'ghost'")]


def test_edge_from_a_missing_node_is_pinned_on_the_target():
    graph = simple()
    graph.edges.append(Edge("ghost", "s", "next"))
    assert [i.node for i in by_code(graph, "edge_missing_node")] == ["s"]


def test_edge_between_two_missing_nodes_is_journey_level():
    graph = simple()
    graph.edges.append(Edge("ghost", "phantom", "next"))
    assert found(graph) == [(None, "edge_missing_node")]


def test_edge_from_a_port_the_node_does_not_have():
    graph = simple()
    graph.edges.append(Edge("s", "x", "yes"))
    [issue] = validate(graph)
    assert (issue.node, issue.code) == ("s", "unknown_port")
    assert "'s' has no port 'yes'" in issue.message


def test_edge_out_of_an_exit_is_an_unknown_port():
    graph = simple()
    graph.edges.append(Edge("x", "s", "next"))
    assert ("x", "unknown_port") in found(graph)


def test_a_port_with_two_edges():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("a", "exit", {}), ("b", "exit", {})],
        [("t", "next", "a"), ("t", "next", "b")],
    )
    [issue] = validate(graph)
    assert (issue.node, issue.code) == ("t", "port_multiple_edges")
    assert "port 'next' of 't' has 2 edges" in issue.message


def test_an_unconnected_port_names_the_port():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait_event", {"event": "e", "timeout_seconds": 60}), ("x", "exit", {})],
        [("t", "next", "w"), ("w", "event", "x")],
    )
    [issue] = validate(graph)
    assert (issue.node, issue.code) == ("w", "port_unconnected")
    assert "'timeout'" in issue.message


def test_split_variant_ports_must_each_be_connected():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("ab", "split", {"variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]}), ("x", "exit", {})],
        [("t", "next", "ab"), ("ab", "a", "x")],
    )
    assert found(graph) == [("ab", "port_unconnected")]


def test_a_node_not_reachable_from_any_trigger():
    # Given a second trigger's path and an island that no trigger leads to
    graph = make_graph(
        [("t1", "trigger", TRIGGER), ("t2", "trigger", {"segment": COND}), ("x", "exit", {}),
         ("island", "send", SMS), ("island_end", "exit", {})],
        [("t1", "next", "x"), ("t2", "next", "x"), ("island", "next", "island_end")],
    )
    # Then only the island is unreachable
    assert found(graph) == [("island", "unreachable"), ("island_end", "unreachable")]
    assert by_code(graph, "unreachable")[0].message == "'island' is not reachable from a trigger"


def test_a_loop_through_a_wait_is_fine():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait", {"seconds": 60}), ("b", "branch", {"condition": COND}), ("x", "exit", {})],
        [("t", "next", "w"), ("w", "next", "b"), ("b", "no", "w"), ("b", "yes", "x")],
    )
    assert validate(graph) == []


def test_a_loop_through_a_wait_event_is_fine():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait_event", {"event": "e", "timeout_seconds": 60}), ("s", "send", SMS), ("x", "exit", {})],
        [("t", "next", "w"), ("w", "timeout", "s"), ("s", "next", "w"), ("w", "event", "x")],
    )
    assert validate(graph) == []


def test_a_loop_without_a_wait_flags_every_node_on_it():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("a", "send", SMS), ("b", "update", {"set": {"n": 1}}),
         ("c", "branch", {"condition": COND}), ("x", "exit", {})],
        [("t", "next", "a"), ("a", "next", "b"), ("b", "next", "c"), ("c", "yes", "a"), ("c", "no", "x")],
    )
    issues = by_code(graph, "cycle_without_wait")
    assert [(i.node, i.message) for i in issues] == [
        ("a", "cycle a → b → c → a passes through no wait"),
        ("b", "cycle b → c → a → b passes through no wait"),
        ("c", "cycle c → a → b → c passes through no wait"),
    ]


def test_a_self_loop_without_a_wait():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("b", "branch", {"condition": COND}), ("x", "exit", {})],
        [("t", "next", "b"), ("b", "yes", "b"), ("b", "no", "x")],
    )
    [issue] = validate(graph)
    assert (issue.node, issue.code, issue.message) == ("b", "cycle_without_wait", "cycle b → b passes through no wait")


def test_a_self_loop_on_a_wait_is_fine():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait_event", {"event": "e", "timeout_seconds": 5}), ("x", "exit", {})],
        [("t", "next", "w"), ("w", "timeout", "w"), ("w", "event", "x")],
    )
    assert validate(graph) == []


def test_only_the_wait_free_part_of_a_mixed_loop_structure_is_flagged():
    # Given a loop a -> b -> a with no wait, and a bigger loop a -> w -> a through a wait
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("a", "branch", {"condition": COND}), ("b", "branch", {"condition": COND}),
         ("w", "wait", {"seconds": 1}), ("x", "exit", {})],
        [("t", "next", "a"), ("a", "yes", "b"), ("a", "no", "w"), ("w", "next", "a"), ("b", "yes", "a"), ("b", "no", "x")],
    )
    assert sorted(i.node for i in by_code(graph, "cycle_without_wait")) == ["a", "b"]


def test_a_huge_wait_free_loop_is_reported_on_every_node_without_quadratic_work():
    n = 600
    nodes = [("t", "trigger", TRIGGER)] + [(f"u{i}", "update", {"set": {"i": i}}) for i in range(n)]
    edges = [("t", "next", "u0")] + [(f"u{i}", "next", f"u{(i + 1) % n}") for i in range(n)]
    issues = by_code(make_graph(nodes, edges), "cycle_without_wait")
    assert len(issues) == n
    assert "loop of 600 nodes" in issues[0].message
    assert "u0 → u1 → u2 → u3 → u4 → u5 → u6 → u7 → … → u0 (600 nodes)" in issues[0].message
    assert max(len(i.message) for i in issues) < 200


def test_edges_into_a_trigger_are_a_warning():
    graph = make_graph(
        [("t", "trigger", TRIGGER), ("w", "wait", {"seconds": 60})],
        [("t", "next", "w"), ("w", "next", "t")],
    )
    [issue] = validate(graph)
    assert (issue.node, issue.code, issue.severity) == ("t", "edge_into_trigger", "warning")
    assert not has_errors([issue])


def test_send_template_must_exist():
    [issue] = validate(simple(), {"other": "sms"})
    assert (issue.node, issue.code) == ("s", "template_missing")
    assert issue.message == "template 'hello-sms' does not exist"


def test_send_template_must_be_of_the_nodes_channel():
    [issue] = validate(simple(), {"hello-sms": "email"})
    assert (issue.node, issue.code) == ("s", "template_channel_mismatch")
    assert issue.message == "template 'hello-sms' is a email template, but this node sends sms"


def test_a_node_built_in_code_with_a_non_object_config_is_reported_not_a_crash():
    graph = simple()
    graph.nodes[1] = Node("s", "send", ["sms"])  # type: ignore[arg-type]
    assert found(graph, {}) == [("s", "bad_config")]


def test_template_checks_are_skipped_without_templates():
    assert validate(simple(), None) == []


def test_more_than_1000_nodes_is_an_error():
    assert MAX_NODES == 1000
    graph = linear_graph(MAX_NODES + 1)
    assert found(graph, templates_for(graph)) == [(None, "too_many_nodes")]
    graph = linear_graph(MAX_NODES)
    assert validate(graph, templates_for(graph)) == []


# -- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"reentry": "never"},
        {"reentry": "after_exit", "reentry_cooldown_seconds": 0},
        {"goal": {"event": "order_completed", "within_seconds": 3600, "exit": True}},
        {"goal": {"event": "e", "where": {"prop": "total", "op": "gt", "value": 0}, "within_seconds": 1, "exit": False}},
        {"quiet_hours": {"start": "21:00", "end": "08:00"}},
        {"exempt_from_caps": True},
    ],
)
def test_valid_settings(settings):
    assert validate(simple(settings)) == []


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"reentry": "always"}, "settings.reentry must be one of never, after_exit"),
        ({"reentry_cooldown_seconds": -1}, "settings.reentry_cooldown_seconds must be a non-negative integer"),
        ({"reentry_cooldown_seconds": 1.5}, "settings.reentry_cooldown_seconds must be a non-negative integer"),
        ({"goal": "order_completed"}, "settings.goal must be an object"),
        ({"goal": {"within_seconds": 1, "exit": True}}, "settings.goal.event must be a non-empty event name"),
        ({"goal": {"event": "e", "exit": True}}, "settings.goal.within_seconds must be a positive integer"),
        ({"goal": {"event": "e", "within_seconds": 0, "exit": True}}, "settings.goal.within_seconds must be a positive integer"),
        ({"goal": {"event": "e", "within_seconds": 1}}, "settings.goal.exit must be true or false"),
        ({"goal": {"event": "e", "within_seconds": 1, "exit": "yes"}}, "settings.goal.exit must be true or false"),
        ({"goal": {"event": "e", "within_seconds": 1, "exit": True, "where": {"attr": "a", "op": "exists"}}}, "settings.goal.where"),
        ({"goal": {"event": "e", "within_seconds": 1, "exit": True, "value": 3}}, "settings.goal: unknown key 'value'"),
        ({"quiet_hours": ["21:00", "08:00"]}, "settings.quiet_hours must be an object"),
        ({"quiet_hours": {"start": "21:00"}}, "settings.quiet_hours.end must be a time of day"),
        ({"quiet_hours": {"start": "25:00", "end": "08:00"}}, "settings.quiet_hours.start must be a time of day"),
        ({"quiet_hours": {"start": "08:00", "end": "08:00"}}, "start and end are the same"),
        ({"quiet_hours": {"start": "21:00", "end": "08:00", "tz": "UTC"}}, "settings.quiet_hours: unknown key 'tz'"),
        ({"exempt_from_caps": "true"}, "settings.exempt_from_caps must be true or false"),
        ({"reentry_limit": 3}, "settings: unknown key 'reentry_limit'"),
    ],
)
def test_bad_settings_are_journey_level_errors(settings, fragment):
    issues = validate(simple(settings))
    assert [(i.node, i.code) for i in issues] == [(None, "bad_settings")]
    assert fragment in issues[0].message


def test_settings_that_are_not_an_object():
    graph = simple()
    graph.settings = ["reentry"]
    assert found(graph) == [(None, "bad_settings")]


# -- the result ------------------------------------------------------------------------------


def test_findings_are_sorted_journey_level_first_then_by_node_order_then_code():
    # Given problems spread over nodes in a mixed-up order
    graph = Graph(
        nodes=[
            Node("x", "exit", {"oops": 1}),
            Node("w", "wait", {"seconds": -1}),
            Node("s", "send", {"channel": "sms", "template": "zzz"}),
        ],
        edges=[Edge("s", "x", "next"), Edge("w", "s", "next"), Edge("s", "x", "next")],
        settings={"reentry": "sometimes"},
    )
    issues = validate(graph, {})
    # Then the order is stable and predictable
    assert [(i.node, i.code) for i in issues] == [
        (None, "bad_settings"),
        (None, "no_trigger"),
        ("x", "bad_config"),
        ("w", "bad_config"),
        ("s", "port_multiple_edges"),
        ("s", "template_missing"),
    ]


def test_issue_serialises_to_the_api_shape():
    issue = Issue("n1", "unreachable", "'n1' is not reachable from a trigger")
    assert issue.to_dict() == {
        "node": "n1",
        "code": "unreachable",
        "message": "'n1' is not reachable from a trigger",
        "severity": "error",
    }
    assert Issue(None, "no_trigger", "m").to_dict()["node"] is None


def test_has_errors_ignores_warnings():
    assert has_errors([Issue(None, "x", "m")]) is True
    assert has_errors([Issue("t", "edge_into_trigger", "m", "warning")]) is False
    assert has_errors([]) is False


def test_sample_graphs_of_any_size_are_valid_and_exact():
    for n in (2, 3, 4, 7, 15, 50, 333):
        graph = linear_graph(n)
        assert len(graph.nodes) == n
        assert validate(graph, templates_for(graph)) == []
    with pytest.raises(ValueError):
        linear_graph(1)


def test_sample_graph_uses_every_node_type_and_a_loop_through_a_wait():
    graph = linear_graph(40)
    assert {n.type for n in graph.nodes} == {"trigger", "wait", "wait_event", "split", "branch", "send", "update", "exit"}
    assert Graph.from_dict(graph.to_dict()) == graph
    assert set(templates_for(graph).values()) == {"sms", "email", "webhook", "inapp"}


def test_invalid_spin_example_gives_every_error_its_expectation_file_lists(examples_dir):
    # Given the invalid example and the findings its expectation file says it must produce
    expected = json.loads((examples_dir / "invalid_spin.expected.json").read_text())
    graph = Graph.from_dict(json.loads((examples_dir / expected["example"]).read_text()))
    # When it is validated with the listed templates
    found = {(i.node, i.code): i.message for i in validate(graph, expected["templates"])}
    # Then each expected finding is there, with its message where one is given
    for error in expected["errors"]:
        assert (error["node"], error["code"]) in found, error
        if "message" in error:
            assert found[(error["node"], error["code"])] == error["message"]
