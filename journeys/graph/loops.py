"""Loops that never pause: a contact moving along a loop with no wait or wait_event
would be stepped forever in one go, so every cycle must pass through one.

Each node on such a loop gets a finding naming the shortest cycle through it, found
by BFS inside its strongly connected component.
"""

from __future__ import annotations

import networkx as nx

# Above this many nodes in one wait-free loop, name one cycle for all of them
# instead of finding the shortest cycle through each (quadratic in the loop size).
_PER_NODE_CYCLE_LIMIT = 100
_MAX_CYCLE_SHOWN = 8


def loops_without_wait(pairs: list[tuple[str, str]], waits: set[str], order: dict[str, int]) -> list[tuple[str, str]]:
    """(node id, message) for every node on a loop that passes through no wait, in node order per loop.

    Drops the waits and looks for any cycle left: a strongly connected component of
    two or more nodes, or a self-loop.
    """
    spin = nx.DiGraph()
    spin.add_edges_from((u, v) for u, v in pairs if u not in waits and v not in waits)
    findings: list[tuple[str, str]] = []
    for component in nx.strongly_connected_components(spin):
        if len(component) == 1:
            (only,) = component
            if not spin.has_edge(only, only):
                continue
        findings.extend(_component_findings(spin, component, order))
    return findings


def _component_findings(spin: nx.DiGraph, component: set[str], order: dict[str, int]) -> list[tuple[str, str]]:
    members = sorted(component, key=order.__getitem__)
    if len(members) <= _PER_NODE_CYCLE_LIMIT:
        return [
            (node_id, f"cycle {_arrows(_shortest_cycle(spin, node_id, component))} passes through no wait")
            for node_id in members
        ]
    cycle = _shortest_cycle(spin, members[0], component)
    return [
        (
            node_id,
            f"{node_id!r} is in a loop of {len(members)} nodes that passes through no wait, "
            f"e.g. {_arrows(cycle)}",
        )
        for node_id in members
    ]


def _shortest_cycle(spin: nx.DiGraph, start: str, component: set[str]) -> list[str]:
    """start → ... → start, by BFS inside the strongly connected component."""
    succ = spin.succ
    if start in succ[start]:
        return [start, start]
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        next_frontier = []
        for u in frontier:
            for v in succ[u]:
                if v not in component:
                    continue
                if v == start:
                    path = [u]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    path.reverse()
                    return [*path, start]
                if v not in parent:
                    parent[v] = u
                    next_frontier.append(v)
        frontier = next_frontier
    return [start, start]  # unreachable for a real component


def _arrows(path: list[str]) -> str:
    """a → b → a; a long cycle is shortened so that messages stay small."""
    if len(path) <= _MAX_CYCLE_SHOWN + 1:
        return " → ".join(path)
    return " → ".join([*path[:_MAX_CYCLE_SHOWN], "…", path[-1]]) + f" ({len(path) - 1} nodes)"
