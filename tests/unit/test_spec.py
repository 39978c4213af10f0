"""The schema-1 document: parsing, structural errors, the round trip, lookups."""

from __future__ import annotations

import copy
import json

import pytest

from journeys.graph.spec import SCHEMA_VERSION, Edge, Graph, Node, Position, SpecError


def minimal(**overrides):
    doc = {
        "schema": 1,
        "nodes": [
            {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
            {"id": "x", "type": "exit", "config": {}, "position": {"x": 10.5, "y": -3}},
        ],
        "edges": [{"source": "t", "target": "x", "port": "next"}],
        "settings": {"reentry": "never"},
    }
    doc.update(overrides)
    return doc


@pytest.mark.parametrize("name", ["welcome_series.json", "winback.json", "invalid_spin.json"])
def test_shared_examples_round_trip_exactly(load_example, name):
    # Given an example file as stored on disk
    data = load_example(name)
    # When it is parsed and written back
    out = Graph.from_dict(data).to_dict()
    # Then nothing is lost or added
    assert out == data
    assert json.loads(json.dumps(out)) == data


def test_parsed_graph_has_typed_parts():
    graph = Graph.from_dict(minimal(name="Hello"))
    assert graph.schema == SCHEMA_VERSION == 1
    assert graph.name == "Hello"
    assert graph.nodes[0] == Node("t", "trigger", {"event": "signed_up"}, Position(0, 0))
    assert graph.edges == [Edge("t", "x", "next")]
    assert graph.settings == {"reentry": "never"}


def test_to_dict_keeps_integer_positions_as_integers_and_floats_as_floats():
    out = Graph.from_dict(minimal()).to_dict()
    assert out["nodes"][0]["position"] == {"x": 0, "y": 0}
    assert type(out["nodes"][0]["position"]["x"]) is int
    assert out["nodes"][1]["position"] == {"x": 10.5, "y": -3}


def test_to_dict_omits_name_when_unset_and_includes_it_when_set():
    assert "name" not in Graph.from_dict(minimal()).to_dict()
    assert Graph.from_dict(minimal(name="N")).to_dict()["name"] == "N"
    assert "name" not in Graph.from_dict(minimal(name=None)).to_dict()


def test_optional_position_and_settings_and_config_get_defaults():
    # Given a document that leaves out the optional parts
    doc = {"schema": 1, "nodes": [{"id": "x", "type": "exit"}], "edges": []}
    # When it is parsed
    graph = Graph.from_dict(doc)
    # Then they take their defaults, and to_dict writes the canonical form
    assert graph.nodes[0].position == Position(0, 0)
    assert graph.nodes[0].config == {}
    assert graph.settings == {}
    assert graph.to_dict() == {
        "schema": 1,
        "nodes": [{"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 0}}],
        "edges": [],
        "settings": {},
    }


def test_parsing_and_writing_do_not_share_mutable_data_with_the_caller():
    doc = minimal()
    original = copy.deepcopy(doc)
    graph = Graph.from_dict(doc)
    doc["nodes"][0]["config"]["event"] = "changed"
    doc["settings"]["reentry"] = "changed"
    assert graph.to_dict() == original

    out = graph.to_dict()
    out["nodes"][0]["config"]["event"] = "changed again"
    assert graph.nodes[0].config == {"event": "signed_up"}


def test_semantic_problems_are_not_spec_errors():
    # Unknown types, bad configs, duplicate ids and dangling edges are validation
    # findings, so a draft with them can still be saved.
    doc = minimal(
        nodes=[
            {"id": "a", "type": "teleport", "config": {"warp": 9}, "position": {"x": 0, "y": 0}},
            {"id": "a", "type": "wait", "config": {"seconds": -1}, "position": {"x": 0, "y": 0}},
        ],
        edges=[{"source": "a", "target": "ghost", "port": "nowhere"}],
        settings={"reentry": "sometimes"},
    )
    assert Graph.from_dict(doc).to_dict() == doc


@pytest.mark.parametrize(
    ("doc", "path", "fragment"),
    [
        ([], "", "must be an object"),
        ("graph", "", "must be an object"),
        ({"nodes": [], "edges": []}, "schema", "is required"),
        (minimal(schema=2), "schema", "unsupported schema version 2; expected 1"),
        (minimal(schema="1"), "schema", 'unsupported schema version "1"; expected 1'),
        (minimal(schema=True), "schema", "unsupported schema version"),
        ({"schema": 1, "edges": []}, "nodes", "is required"),
        (minimal(nodes={}), "nodes", "must be a list"),
        (minimal(edges=None), "edges", "must be a list"),
        ({"schema": 1, "nodes": []}, "edges", "is required"),
        (minimal(nodes=["t"]), "nodes[0]", "a node must be an object"),
        (minimal(nodes=[{"type": "exit"}]), "nodes[0].id", "is required"),
        (minimal(nodes=[{"id": "", "type": "exit"}]), "nodes[0].id", "non-empty string"),
        (minimal(nodes=[{"id": 7, "type": "exit"}]), "nodes[0].id", "non-empty string"),
        (minimal(nodes=[{"id": "x"}]), "nodes[0].type", "is required"),
        (minimal(nodes=[{"id": "x", "type": None}]), "nodes[0].type", "non-empty string"),
        (minimal(nodes=[{"id": "x", "type": "exit", "config": []}]), "nodes[0].config", "must be an object"),
        (minimal(nodes=[{"id": "x", "type": "exit", "position": [0, 0]}]), "nodes[0].position", "must be an object"),
        (minimal(nodes=[{"id": "x", "type": "exit", "position": {"x": 0}}]), "nodes[0].position.y", "is required"),
        (minimal(nodes=[{"id": "x", "type": "exit", "position": {"x": "0", "y": 0}}]), "nodes[0].position.x", "number"),
        (minimal(nodes=[{"id": "x", "type": "exit", "position": {"x": True, "y": 0}}]), "nodes[0].position.x", "number"),
        (minimal(nodes=[{"id": "x", "type": "exit", "position": {"x": float("nan"), "y": 0}}]), "nodes[0].position.x", "finite"),
        (minimal(nodes=[{"id": "x", "type": "exit", "label": "Bye"}]), "nodes[0].label", "unknown key"),
        (minimal(edges=[7]), "edges[0]", "an edge must be an object"),
        (minimal(edges=[{"target": "x", "port": "next"}]), "edges[0].source", "is required"),
        (minimal(edges=[{"source": "t", "target": 3, "port": "next"}]), "edges[0].target", "must be a string"),
        (minimal(edges=[{"source": "t", "target": "x"}]), "edges[0].port", "is required"),
        (minimal(edges=[{"source": "t", "target": "x", "port": "next", "id": "e1"}]), "edges[0].id", "unknown key"),
        (minimal(settings=[]), "settings", "must be an object"),
        (minimal(name=5), "name", "must be a string"),
        (minimal(extra=1), "extra", "unknown key"),
    ],
)
def test_structural_problems_raise_spec_error_naming_the_field(doc, path, fragment):
    with pytest.raises(SpecError) as caught:
        Graph.from_dict(doc)
    assert caught.value.path == path
    assert fragment in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_spec_error_string_is_path_then_message():
    assert str(SpecError("nodes[3].type", "is required")) == "nodes[3].type: is required"
    assert str(SpecError("", "a journey graph must be an object")) == "a journey graph must be an object"
    assert SpecError("nodes[3].type", "is required").field == "nodes[3].type"


def test_node_lookup_finds_the_first_node_with_an_id():
    graph = Graph.from_dict(minimal())
    assert graph.node("t").type == "trigger"
    assert graph.node("missing") is None


def test_out_edges_lists_edges_leaving_a_node_in_document_order():
    graph = Graph(
        nodes=[Node("b", "branch", {}), Node("y", "exit", {}), Node("n", "exit", {})],
        edges=[Edge("b", "y", "yes"), Edge("y", "n", "next"), Edge("b", "n", "no")],
        settings={},
    )
    assert graph.out_edges("b") == [Edge("b", "y", "yes"), Edge("b", "n", "no")]
    assert graph.out_edges("n") == []


def test_lookups_follow_changes_to_the_node_and_edge_lists():
    # Given a graph whose lookups have been used
    graph = Graph.from_dict(minimal())
    assert graph.out_edges("t") == [Edge("t", "x", "next")]
    # When edges and nodes are added and removed
    graph.edges.append(Edge("t", "y", "other"))
    graph.nodes.append(Node("y", "exit", {}))
    # Then the lookups see the change
    assert graph.out_edges("t") == [Edge("t", "x", "next"), Edge("t", "y", "other")]
    assert graph.node("y") is not None
    del graph.edges[0]
    assert graph.out_edges("t") == [Edge("t", "y", "other")]
    # And an in-place replacement is seen after reindex()
    graph.edges[0] = Edge("x", "y", "next")
    graph.reindex()
    assert graph.out_edges("t") == []
