"""Journey graph validation (design section 3), with NetworkX.

`validate(graph, templates)` returns every finding at once, each pinned to a node id
(or None for journey-level findings) so the editor can mark the node. A draft may be
saved with errors; it cannot be submitted for approval with any (`has_errors`).

The work is linear in the size of the graph: one pass over the nodes (ids, types,
configs, ports), one over the edges, one DiGraph build, one multi-source BFS from
the triggers and one strongly-connected-components pass over the nodes that are not
waits. A 1,000-node journey validates in a few milliseconds.

The settings checks are settings_checks.py, the wait-free loop search loops.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .fields import is_non_empty_str
from .loops import loops_without_wait
from .nodes import NODE_TYPES, NodeType
from .nodes.send import CHANNELS, send_templates
from .settings_checks import settings_errors
from .spec import Graph, Node

MAX_NODES = 1000

ERROR = "error"
WARNING = "warning"


@dataclass
class Issue:
    node: str | None
    code: str
    message: str
    severity: str = ERROR

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "code": self.code, "message": self.message, "severity": self.severity}


def has_errors(issues: list[Issue]) -> bool:
    """True when any finding is an error (warnings do not block approval)."""
    return any(issue.severity == ERROR for issue in issues)


def validate(graph: Graph, templates: Mapping[str, str] | None = None) -> list[Issue]:
    """All findings for `graph`, sorted by node order then code.

    `templates` maps template slug -> channel; None skips the template checks (for
    callers that do not know the templates, such as a pure file lint).
    """
    issues: list[Issue] = []

    if len(graph.nodes) > MAX_NODES:
        issues.append(
            Issue(None, "too_many_nodes", f"the journey has {len(graph.nodes)} nodes; at most {MAX_NODES} are allowed")
        )
    issues.extend(Issue(None, "bad_settings", message) for message in settings_errors(graph.settings))

    # -- nodes: ids, types, configs, ports ---------------------------------------------
    # Later nodes with an already used id are reported and otherwise ignored: edges
    # name nodes by id, so only one of them can take part in the graph.
    first: dict[str, Node] = {}
    order: dict[str, int] = {}
    duplicates: dict[str, int] = {}
    for index, node in enumerate(graph.nodes):
        if node.id in first:
            duplicates[node.id] = duplicates.get(node.id, 1) + 1
        else:
            first[node.id] = node
            order[node.id] = index
    for node_id, count in duplicates.items():
        issues.append(Issue(node_id, "duplicate_id", f"node id {node_id!r} is used by {count} nodes; ids must be unique"))

    ports_of: dict[str, list[str]] = {}  # only nodes of a known type
    types_of: dict[str, NodeType] = {}
    triggers: list[str] = []
    waits: set[str] = set()
    for node_id, node in first.items():
        node_type = NODE_TYPES.get(node.type)
        if node_type is None:
            issues.append(
                Issue(node_id, "unknown_type", f"unknown node type {node.type!r}; expected one of {', '.join(NODE_TYPES)}")
            )
            continue
        types_of[node_id] = node_type
        for code, message in node_type.config_errors(node.config):
            issues.append(Issue(node_id, code, message))
        ports_of[node_id] = node_type.ports(node.config)
        if node_type.is_trigger:
            triggers.append(node_id)
        if node_type.waits:
            waits.add(node_id)

    if not triggers:
        issues.append(Issue(None, "no_trigger", "the journey has no trigger; add one so that contacts can enter"))

    # -- edges ----------------------------------------------------------------------------
    pairs: list[tuple[str, str]] = []
    port_edges: dict[tuple[str, str], int] = {}
    for edge in graph.edges:
        has_source, has_target = edge.source in first, edge.target in first
        if not (has_source and has_target):
            issues.append(_missing_end_issue(edge.source, edge.target, edge.port, has_source, has_target))
            continue
        # Every edge between existing nodes counts for reachability and loops, even a
        # misplaced one, so a single mistake does not cascade into more findings.
        pairs.append((edge.source, edge.target))
        ports = ports_of.get(edge.source)
        if ports is not None:
            if edge.port in ports:
                key = (edge.source, edge.port)
                port_edges[key] = port_edges.get(key, 0) + 1
            else:
                have = f"its ports are {', '.join(ports)}" if ports else "it has no ports"
                issues.append(
                    Issue(edge.source, "unknown_port", f"{edge.source!r} has no port {edge.port!r} ({have})")
                )
        target_type = types_of.get(edge.target)
        if target_type is not None and target_type.is_trigger:
            issues.append(
                Issue(
                    edge.target,
                    "edge_into_trigger",
                    f"an edge from {edge.source!r} leads into trigger {edge.target!r}; "
                    "contacts arriving there just continue from it",
                    WARNING,
                )
            )

    for (node_id, port), count in port_edges.items():
        if count > 1:
            issues.append(
                Issue(node_id, "port_multiple_edges", f"port {port!r} of {node_id!r} has {count} edges; a port takes one")
            )
    for node_id, ports in ports_of.items():
        for port in ports:
            if (node_id, port) not in port_edges:
                issues.append(Issue(node_id, "port_unconnected", f"port {port!r} of {node_id!r} is not connected"))

    # -- reachability, loops that never pause, templates -----------------------------------
    # Without a trigger every node is unreachable; `no_trigger` already says so.
    if triggers:
        issues.extend(_unreachable_issues(first, pairs, triggers))
    for node_id, message in loops_without_wait(pairs, waits, order):
        issues.append(Issue(node_id, "cycle_without_wait", message))
    if templates is not None:
        issues.extend(_template_issues(first, templates))

    # Journey-level findings first, then by node order, then code; stable otherwise.
    issues.sort(key=lambda issue: (-1 if issue.node is None else order.get(issue.node, -1), issue.code))
    return issues


def _missing_end_issue(source: str, target: str, port: str, has_source: bool, has_target: bool) -> Issue:
    if has_source:
        return Issue(source, "edge_missing_node", f"port {port!r} of {source!r} leads to missing node {target!r}")
    if has_target:
        return Issue(target, "edge_missing_node", f"an edge into {target!r} comes from missing node {source!r}")
    return Issue(None, "edge_missing_node", f"an edge joins missing nodes {source!r} and {target!r}")


def _unreachable_issues(first: dict[str, Node], pairs: list[tuple[str, str]], triggers: list[str]) -> list[Issue]:
    """One BFS from all triggers at once."""
    graph_nx = nx.DiGraph()
    graph_nx.add_nodes_from(first)
    graph_nx.add_edges_from(pairs)
    reached: set[str] = set()
    for layer in nx.bfs_layers(graph_nx, triggers):
        reached.update(layer)
    return [Issue(node_id, "unreachable", f"{node_id!r} is not reachable from a trigger")
            for node_id in first if node_id not in reached]


def _template_issues(first: dict[str, Node], templates: Mapping[str, str]) -> list[Issue]:
    """Send nodes whose template does not exist or belongs to another channel."""
    issues: list[Issue] = []
    for node_id, node in first.items():
        if node.type != "send" or not isinstance(node.config, dict):
            continue
        for channel, slug in send_templates(node.config):  # one per channel tried (fallback)
            if not is_non_empty_str(slug):
                continue  # already a bad_config finding
            if slug not in templates:
                issues.append(Issue(node_id, "template_missing", f"template {slug!r} does not exist"))
            elif channel in CHANNELS and templates[slug] != channel:
                issues.append(
                    Issue(
                        node_id,
                        "template_channel_mismatch",
                        f"template {slug!r} is a {templates[slug]} template, but this node sends {channel}",
                    )
                )
    return issues
