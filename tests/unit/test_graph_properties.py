"""Properties of generated journeys (Hypothesis).

Generated journeys use every node type with every port wired: a trigger, then nodes
that each take one or more open ports of earlier nodes (so shapes branch and merge),
sometimes a port looping back to an earlier wait or wait_event (so cycles exist, all
of them through a wait), and one final exit for the ports left open.
"""

from __future__ import annotations

import json
import string
from datetime import datetime, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.graph.condition_checks import condition_errors
from journeys.graph.conditions import InMemoryContext, evaluate
from journeys.graph.nodes import NODE_TYPES
from journeys.graph.samples import templates_for
from journeys.graph.spec import Edge, Graph, Node, Position
from journeys.graph.validation import validate

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)
)


@st.composite
def comparison(draw, key: str) -> dict[str, Any]:
    op = draw(st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "exists"]))
    cond: dict[str, Any] = {key: draw(names), "op": op}
    if op == "in":
        cond["value"] = draw(st.lists(scalars, max_size=4))
    elif op in ("gt", "gte", "lt", "lte"):
        cond["value"] = draw(st.one_of(st.integers(-100, 100), st.text(max_size=5)))
    elif op != "exists":
        cond["value"] = draw(scalars)
    return cond


def combined(leaves: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda c: {"not": c}, inner),
        ),
        max_leaves=5,
    )


property_conditions = combined(comparison("prop"))


@st.composite
def event_condition(draw) -> dict[str, Any]:
    cond: dict[str, Any] = {"event": draw(names)}
    if draw(st.booleans()):
        cond["count"] = {"op": draw(st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte"])), "value": draw(st.integers(0, 5))}
    if draw(st.booleans()):
        cond["within_days"] = draw(st.one_of(st.integers(1, 365), st.floats(0.1, 365)))
    if draw(st.booleans()):
        cond["where"] = draw(property_conditions)
    return cond


contact_conditions = combined(st.one_of(comparison("attr"), event_condition()))


@st.composite
def config_for(draw, node_type: str, index: int) -> dict[str, Any]:
    if node_type == "trigger":
        if draw(st.booleans()):
            config = {"event": draw(names)}
            if draw(st.booleans()):
                config["where"] = draw(property_conditions)
            return config
        return {"segment": draw(contact_conditions)}
    if node_type == "wait":
        if draw(st.booleans()):
            return {"seconds": draw(st.integers(1, 10**7))}
        config = {"until": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"}
        tz = draw(st.sampled_from([None, "contact", "UTC", "Europe/Berlin", "Asia/Kolkata"]))
        if tz is not None:
            config["timezone"] = tz
        return config
    if node_type == "wait_event":
        config = {"event": draw(names), "timeout_seconds": draw(st.integers(1, 10**7))}
        if draw(st.booleans()):
            config["where"] = draw(property_conditions)
        return config
    if node_type == "split":
        count = draw(st.integers(1, 4))
        cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
        bounds = [0, *cuts, 100]
        keys = draw(st.lists(names, min_size=count, max_size=count, unique=True))
        return {"variants": [{"key": k, "weight": bounds[i + 1] - bounds[i]} for i, k in enumerate(keys)]}
    if node_type == "branch":
        return {"condition": draw(contact_conditions)}
    if node_type == "send":
        channel = draw(st.sampled_from(["sms", "email", "webhook", "inapp"]))
        config = {"channel": channel, "template": f"{channel}-{draw(st.integers(0, 3))}"}
        if draw(st.booleans()):
            config["on_capped"] = draw(st.sampled_from(["skip", "exit"]))
        return config
    if node_type == "update":
        return {"set": draw(st.dictionaries(names, scalars, min_size=1, max_size=3))}
    return {}


positions = st.builds(
    Position,
    st.one_of(st.integers(-5000, 5000), st.floats(-5000, 5000)),
    st.one_of(st.integers(-5000, 5000), st.floats(-5000, 5000)),
)

journey_settings = st.fixed_dictionaries(
    {},
    optional={
        "reentry": st.sampled_from(["never", "after_exit"]),
        "reentry_cooldown_seconds": st.integers(0, 10**7),
        "goal": st.fixed_dictionaries(
            {"event": names, "within_seconds": st.integers(1, 10**7), "exit": st.booleans()},
            optional={"where": property_conditions},
        ),
        "quiet_hours": st.just({"start": "21:00", "end": "08:00"}),
        "exempt_from_caps": st.booleans(),
    },
)

STEP_TYPES = ["trigger", "wait", "wait_event", "split", "branch", "send", "update", "exit"]
# Exits close paths and triggers open new ones: draw both half as often as the
# rest so that journeys grow.
STEP_CHOICES = [*STEP_TYPES, "wait", "wait_event", "split", "branch", "send", "update"]


@st.composite
def valid_graphs(draw, max_steps: int = 25) -> Graph:
    nodes: list[Node] = []
    edges: list[Edge] = []
    waits: list[str] = []

    def add(node_type: str) -> Node:
        node = Node(f"n{len(nodes)}", node_type, draw(config_for(node_type, len(nodes))), draw(positions))
        nodes.append(node)
        if NODE_TYPES[node_type].waits:
            waits.append(node.id)
        return node

    first = add("trigger")
    open_ports: list[tuple[str, str]] = [(first.id, "next")]
    for _ in range(draw(st.integers(0, max_steps))):
        if not open_ports:
            break
        node = add(draw(st.sampled_from(STEP_CHOICES)))
        if node.type != "trigger":  # a trigger takes no edges in; it is an entry point
            taken = draw(st.lists(st.integers(0, len(open_ports) - 1), min_size=1, max_size=3, unique=True))
            for i in sorted(taken, reverse=True):
                source, port = open_ports.pop(i)
                edges.append(Edge(source, node.id, port))
        for port in NODE_TYPES[node.type].ports(node.config):
            # Sometimes loop back to a wait: a cycle that pauses is legal.
            if waits and draw(st.integers(0, 4)) == 0:
                edges.append(Edge(node.id, draw(st.sampled_from(waits)), port))
            else:
                open_ports.append((node.id, port))
    if open_ports:
        done = add("exit")
        edges.extend(Edge(source, done.id, port) for source, port in open_ports)
    order = draw(st.permutations(range(len(edges))))  # document order must not matter
    name = draw(st.one_of(st.none(), st.text(max_size=20)))
    return Graph(nodes=nodes, edges=[edges[i] for i in order], settings=draw(journey_settings), name=name)


def issues_of(graph: Graph) -> set[tuple[str | None, str]]:
    return {(i.node, i.code) for i in validate(graph, templates_for(graph))}


@FAST
@given(valid_graphs())
def test_generated_journeys_round_trip_through_json(graph):
    # When a journey is written out, sent as JSON and parsed again
    data = graph.to_dict()
    again = Graph.from_dict(json.loads(json.dumps(data)))
    # Then it is the same journey, and writes the same document
    assert again == graph
    assert again.to_dict() == data


@FAST
@given(valid_graphs())
def test_generated_journeys_validate_clean(graph):
    assert validate(graph, templates_for(graph)) == []


@FAST
@given(valid_graphs(), st.data())
def test_deleting_any_edge_leaves_a_port_unconnected(graph, data):
    # Given a valid journey with at least one edge
    index = data.draw(st.integers(0, len(graph.edges) - 1))
    removed = graph.edges[index]
    # When any one edge is deleted
    del graph.edges[index]
    # Then its port is reported unconnected, by name
    issues = validate(graph, templates_for(graph))
    assert any(
        i.node == removed.source and i.code == "port_unconnected" and repr(removed.port) in i.message for i in issues
    )


@FAST
@given(valid_graphs(), st.data())
def test_adding_a_node_no_trigger_leads_to_is_caught_as_unreachable(graph, data):
    # Given a new node whose ports lead into the journey but which nothing leads to
    node_type = data.draw(st.sampled_from([t for t in STEP_TYPES if t != "trigger"]))
    node = Node("island", node_type, data.draw(config_for(node_type, 0)), Position(0, 0))
    targets = [n.id for n in graph.nodes if n.type != "trigger"]
    graph.nodes.append(node)
    for port in NODE_TYPES[node_type].ports(node.config):
        graph.edges.append(Edge("island", data.draw(st.sampled_from(targets)), port))
    # Then that is the one finding
    assert issues_of(graph) == {("island", "unreachable")}


@FAST
@given(valid_graphs(), st.data())
def test_adding_a_loop_without_a_wait_is_caught(graph, data):
    # Given an edge u -port-> v leaving a node that does not wait
    candidates = [i for i, e in enumerate(graph.edges) if not NODE_TYPES[graph.node(e.source).type].waits]
    index = data.draw(st.sampled_from(candidates))
    u, v, port = graph.edges[index].source, graph.edges[index].target, graph.edges[index].port
    # When a branch is put on it that can loop straight back to u
    graph.nodes.append(Node("loop", "branch", {"condition": {"attr": "again", "op": "eq", "value": True}}, Position(0, 0)))
    graph.edges[index] = Edge(u, "loop", port)
    graph.edges += [Edge("loop", u, "yes"), Edge("loop", v, "no")]
    # Then both nodes on the loop are flagged
    issues = issues_of(graph)
    assert {(u, "cycle_without_wait"), ("loop", "cycle_without_wait")} <= issues
    assert {code for _, code in issues} <= {"cycle_without_wait", "edge_into_trigger"}


@FAST
@given(contact_conditions, st.dictionaries(names, scalars | st.lists(scalars, max_size=3)))
def test_generated_conditions_are_valid_and_evaluate_without_raising(cond, traits):
    assert condition_errors(cond) == []
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    events = [(name, dict(traits), now) for name in list(traits)[:3]]
    assert evaluate(cond, InMemoryContext(traits, events), now) in (True, False)
