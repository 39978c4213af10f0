"""The canonical journey graph, schema 1 (design section 3).

This module is the truth about the shape of a journey: the editor converts its own
state to and from exactly this, the API stores it, the runtime reads it.

`Graph.from_dict` only checks *structure* (is this a schema-1 document at all?).
Everything about meaning (unknown node types, bad configs, duplicate ids, dangling
edges, cycles) is a validation finding (see `validation.validate`), because a draft
may be saved with errors and the editor pins each finding on its node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fields import describe, is_number

SCHEMA_VERSION = 1

_GRAPH_KEYS = ("schema", "name", "nodes", "edges", "settings")
_NODE_KEYS = ("id", "type", "config", "position")
_EDGE_KEYS = ("source", "target", "port")
_POSITION_KEYS = ("x", "y")


class SpecError(ValueError):
    """A document that is not a schema-1 graph.

    `path` locates the problem ("nodes[3].type", "schema", "" for the whole
    document) so that an API can answer with the field it refers to.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)

    @property
    def field(self) -> str:
        """Alias of `path`, for callers that speak of API fields."""
        return self.path


@dataclass(frozen=True)
class Position:
    x: float
    y: float

    def to_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y}


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    config: dict[str, Any]
    position: Position = Position(0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "config": _copy_json(self.config),
            "position": self.position.to_dict(),
        }


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    port: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "target": self.target, "port": self.port}


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    settings: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    schema: int = SCHEMA_VERSION

    # -- conversion --------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Any) -> Graph:
        """Parse a schema-1 document; raises SpecError on structural problems only."""
        if not isinstance(data, dict):
            raise SpecError("", f"a journey graph must be an object, not {_type_name(data)}")
        _reject_unknown_keys(data, _GRAPH_KEYS, "")

        if "schema" not in data:
            raise SpecError("schema", f"is required (expected {SCHEMA_VERSION})")
        schema = data["schema"]
        if isinstance(schema, bool) or schema != SCHEMA_VERSION or not isinstance(schema, int):
            raise SpecError(
                "schema", f"unsupported schema version {describe(schema)}; expected {SCHEMA_VERSION}"
            )

        name = data.get("name")
        if name is not None and not isinstance(name, str):
            raise SpecError("name", f"must be a string, not {_type_name(name)}")

        nodes_data = _required_list(data, "nodes")
        edges_data = _required_list(data, "edges")
        nodes = [_parse_node(item, f"nodes[{i}]") for i, item in enumerate(nodes_data)]
        edges = [_parse_edge(item, f"edges[{i}]") for i, item in enumerate(edges_data)]

        settings = data.get("settings", {})
        if not isinstance(settings, dict):
            raise SpecError("settings", f"must be an object, not {_type_name(settings)}")

        return cls(nodes=nodes, edges=edges, settings=_copy_json(settings), name=name, schema=schema)

    def to_dict(self) -> dict[str, Any]:
        """The schema-1 JSON shape; `name` only when set. Returns fresh containers."""
        out: dict[str, Any] = {"schema": self.schema}
        if self.name is not None:
            out["name"] = self.name
        out["nodes"] = [node.to_dict() for node in self.nodes]
        out["edges"] = [edge.to_dict() for edge in self.edges]
        out["settings"] = _copy_json(self.settings)
        return out

    # -- lookups -----------------------------------------------------------------
    #
    # The runtime looks nodes and edges up on every step, so the indices are built
    # once and reused. They are rebuilt when `nodes` or `edges` is replaced or
    # changes length; Node and Edge are frozen, so the only change they miss is
    # assigning a different element at an existing index (call `reindex()` then).

    def node(self, node_id: str) -> Node | None:
        """The first node with this id, or None."""
        index = self._indices()[0]
        return index.get(node_id)

    def out_edges(self, node_id: str) -> list[Edge]:
        """Edges leaving `node_id`, in document order."""
        return list(self._indices()[1].get(node_id, ()))

    def reindex(self) -> None:
        """Forget the lookup indices (after replacing a list element in place)."""
        self.__dict__.pop("_index_cache", None)

    def _indices(self) -> tuple[dict[str, Node], dict[str, list[Edge]]]:
        key = (id(self.nodes), len(self.nodes), id(self.edges), len(self.edges))
        cached = self.__dict__.get("_index_cache")
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        by_id: dict[str, Node] = {}
        for node in self.nodes:
            by_id.setdefault(node.id, node)
        by_source: dict[str, list[Edge]] = {}
        for edge in self.edges:
            by_source.setdefault(edge.source, []).append(edge)
        self.__dict__["_index_cache"] = (key, by_id, by_source)
        return by_id, by_source


# -- parsing helpers ----------------------------------------------------------------


def _parse_node(item: Any, path: str) -> Node:
    if not isinstance(item, dict):
        raise SpecError(path, f"a node must be an object, not {_type_name(item)}")
    _reject_unknown_keys(item, _NODE_KEYS, path)
    node_id = _required_name(item, "id", path)
    node_type = _required_name(item, "type", path)
    config = item.get("config", {})
    if not isinstance(config, dict):
        raise SpecError(f"{path}.config", f"must be an object, not {_type_name(config)}")
    position = _parse_position(item["position"], f"{path}.position") if "position" in item else Position(0, 0)
    return Node(id=node_id, type=node_type, config=_copy_json(config), position=position)


def _parse_position(item: Any, path: str) -> Position:
    if not isinstance(item, dict):
        raise SpecError(path, f"must be an object {{x, y}}, not {_type_name(item)}")
    _reject_unknown_keys(item, _POSITION_KEYS, path)
    coords = []
    for axis in _POSITION_KEYS:
        if axis not in item:
            raise SpecError(f"{path}.{axis}", "is required")
        value = item[axis]
        if not is_number(value):
            raise SpecError(f"{path}.{axis}", f"must be a finite number, not {describe(value)}")
        coords.append(value)
    return Position(coords[0], coords[1])


def _parse_edge(item: Any, path: str) -> Edge:
    if not isinstance(item, dict):
        raise SpecError(path, f"an edge must be an object, not {_type_name(item)}")
    _reject_unknown_keys(item, _EDGE_KEYS, path)
    values = []
    for key in _EDGE_KEYS:
        if key not in item:
            raise SpecError(f"{path}.{key}", "is required")
        if not isinstance(item[key], str):
            raise SpecError(f"{path}.{key}", f"must be a string, not {_type_name(item[key])}")
        values.append(item[key])
    return Edge(source=values[0], target=values[1], port=values[2])


def _required_list(data: dict[str, Any], key: str) -> list[Any]:
    if key not in data:
        raise SpecError(key, "is required")
    value = data[key]
    if not isinstance(value, list):
        raise SpecError(key, f"must be a list, not {_type_name(value)}")
    return value


def _required_name(item: dict[str, Any], key: str, path: str) -> str:
    if key not in item:
        raise SpecError(f"{path}.{key}", "is required")
    value = item[key]
    if not isinstance(value, str) or not value:
        raise SpecError(f"{path}.{key}", f"must be a non-empty string, not {describe(value)}")
    return value


def _reject_unknown_keys(item: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
    # Unknown keys are refused rather than dropped: to_dict() could not give them
    # back, and a silently lost field is worse than a clear 400.
    for key in item:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise SpecError(where, f"unknown key; expected one of {', '.join(allowed)}")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _copy_json(value: Any) -> Any:
    """Deep copy of JSON-like data (much faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value
