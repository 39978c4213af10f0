"""Which channel a waiting contact is heading to, read from the journey graph's JSON (pure, no Django).

A wait resumes on a port (`next`, `timeout`, `event`); the steps after it up to the next wait decide what
is sent when it comes due. When every send reachable before another wait uses one channel, that is the
channel; several channels, or none, leave it unknown (None). Exits and updates pass through.
"""
from __future__ import annotations

from typing import Any

from journeys.graph.nodes.send import default_order

WAITING_TYPES = ("wait", "wait_event")


def _adjacency(graph: dict[str, Any]) -> tuple[dict[str, dict], dict[str, list[tuple[str, str]]]]:
    nodes = {n["id"]: n for n in graph.get("nodes", []) if isinstance(n, dict) and isinstance(n.get("id"), str)}
    out: dict[str, list[tuple[str, str]]] = {}
    for edge in graph.get("edges", []):
        if isinstance(edge, dict) and isinstance(edge.get("source"), str):
            out.setdefault(edge["source"], []).append((str(edge.get("port", "next")), str(edge.get("target"))))
    return nodes, out


def send_channel(node: dict[str, Any]) -> str | None:
    """A send node's first channel (the one tried first, before any fallback)."""
    config = node.get("config") if isinstance(node.get("config"), dict) else {}
    order = default_order(config)
    return order[0] if order else None


def heading_channel(graph: dict[str, Any], node_id: str, port: str) -> str | None:
    """The channel of the sends a contact waiting at `node_id` meets after resuming on `port`."""
    nodes, out = _adjacency(graph if isinstance(graph, dict) else {})
    if not port:  # the node itself runs on wake
        frontier = [node_id]
    else:
        frontier = [target for edge_port, target in out.get(node_id, []) if edge_port == port]
    channels: set[str | None] = set()
    seen: set[str] = set()
    while frontier:
        current = frontier.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        node_type = nodes[current].get("type")
        if node_type == "send":
            channels.add(send_channel(nodes[current]))
        elif node_type not in WAITING_TYPES or current == node_id and not port:
            frontier.extend(target for _, target in out.get(current, []))
    return channels.pop() if len(channels) == 1 else None


def single_channel(graph: dict[str, Any]) -> str | None:
    """The one channel a whole journey sends on, if it sends on one only."""
    nodes, _ = _adjacency(graph if isinstance(graph, dict) else {})
    channels = {send_channel(node) for node in nodes.values() if node.get("type") == "send"}
    return channels.pop() if len(channels) == 1 else None
