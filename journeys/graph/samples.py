"""Generated journeys of any size: for the benchmark (`manage.py journeys_bench`) and tests.

`linear_graph(n)` is a valid journey of exactly `n` nodes that uses every node type:
a trigger, then a repeating run of blocks (sends, waits, a branch diamond, an A/B
split with a holdout, a wait_event with a timeout path, a retry loop through a wait),
all ports wired, ending in one exit. `templates_for(graph)` gives the templates its
sends need.
"""

from __future__ import annotations

from collections.abc import Callable

from .spec import Edge, Graph, Node, Position

Port = tuple[str, str]  # (node id, port)


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.row = 0

    def add(self, node_type: str, config: dict, column: int = 0) -> str:
        node_id = f"n{len(self.nodes)}"
        self.nodes.append(Node(node_id, node_type, config, Position(column * 220, self.row * 120)))
        return node_id

    def wire(self, ports: list[Port], target: str) -> None:
        for source, port in ports:
            self.edges.append(Edge(source, target, port))


def _send(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    node = b.add("send", {"channel": "email", "template": "sample-email", "on_capped": "skip"})
    b.wire(frontier, node)
    return [(node, "next")]


def _wait(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    node = b.add("wait", {"seconds": 3600})
    b.wire(frontier, node)
    return [(node, "next")]


def _wait_until(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    node = b.add("wait", {"until": "09:30", "timezone": "Europe/Berlin"})
    b.wire(frontier, node)
    return [(node, "next")]


def _diamond(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    is_pro = {"all": [{"attr": "plan", "op": "eq", "value": "pro"}, {"attr": "email", "op": "exists"}]}
    branch = b.add("branch", {"condition": is_pro})
    b.wire(frontier, branch)
    b.row += 1
    yes = b.add("send", {"channel": "sms", "template": "sample-sms", "on_capped": "exit"}, column=-1)
    no = b.add("update", {"set": {"nurtured": True}}, column=1)
    b.wire([(branch, "yes")], yes)
    b.wire([(branch, "no")], no)
    return [(yes, "next"), (no, "next")]


def _split(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    variants = [{"key": "a", "weight": 45}, {"key": "b", "weight": 45}, {"key": "holdout", "weight": 10}]
    split = b.add("split", {"variants": variants})
    b.wire(frontier, split)
    b.row += 1
    a = b.add("send", {"channel": "email", "template": "sample-email", "on_capped": "skip"}, column=-1)
    c = b.add("send", {"channel": "inapp", "template": "sample-inapp", "on_capped": "skip"}, column=1)
    b.wire([(split, "a")], a)
    b.wire([(split, "b")], c)
    exits.append((split, "holdout"))
    return [(a, "next"), (c, "next")]


def _wait_event(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    big_order = {"prop": "total", "op": "gte", "value": 20}
    wait = b.add("wait_event", {"event": "order_completed", "where": big_order, "timeout_seconds": 86400})
    b.wire(frontier, wait)
    b.row += 1
    bought = b.add("update", {"set": {"stage": "customer"}}, column=-1)
    nudge = b.add("send", {"channel": "webhook", "template": "sample-webhook", "on_capped": "skip"}, column=1)
    b.wire([(wait, "event")], bought)
    b.wire([(wait, "timeout")], nudge)
    return [(bought, "next"), (nudge, "next")]


def _retry_loop(b: _Builder, frontier: list[Port], exits: list[Port]) -> list[Port]:
    # wait -> branch -(no)-> back to the wait: a loop, legal because it pauses.
    wait = b.add("wait", {"seconds": 600})
    b.wire(frontier, wait)
    b.row += 1
    check = b.add("branch", {"condition": {"event": "app_opened", "within_days": 1}})
    b.wire([(wait, "next")], check)
    b.wire([(check, "no")], wait)
    return [(check, "yes")]


_BLOCKS: list[tuple[int, Callable[[_Builder, list[Port], list[Port]], list[Port]]]] = [
    (1, _send),
    (3, _diamond),
    (1, _wait),
    (3, _split),
    (3, _wait_event),
    (2, _retry_loop),
    (1, _wait_until),
]


def linear_graph(n_nodes: int, name: str | None = None) -> Graph:
    """A valid journey of exactly `n_nodes` nodes (at least 2: a trigger and an exit)."""
    if n_nodes < 2:
        raise ValueError("a journey needs at least 2 nodes (a trigger and an exit)")
    b = _Builder()
    trigger = b.add("trigger", {"event": "signed_up", "where": {"prop": "source", "op": "neq", "value": "test"}})
    frontier: list[Port] = [(trigger, "next")]
    exits: list[Port] = []
    step = 0
    while (remaining := n_nodes - len(b.nodes) - 1) > 0:
        size, block = _BLOCKS[step % len(_BLOCKS)]
        if size > remaining:
            size, block = _BLOCKS[0]
        b.row += 1
        frontier = block(b, frontier, exits)
        step += 1
    b.row += 1
    done = b.add("exit", {})
    b.wire(frontier + exits, done)
    return Graph(
        nodes=b.nodes,
        edges=b.edges,
        settings={"reentry": "never", "goal": {"event": "order_completed", "within_seconds": 604800, "exit": True}},
        name=name if name is not None else f"Sample journey ({n_nodes} nodes)",
    )


def templates_for(graph: Graph) -> dict[str, str]:
    """slug -> channel for every send in `graph`: the templates that make it valid."""
    return {
        node.config["template"]: node.config["channel"]
        for node in graph.nodes
        if node.type == "send" and isinstance(node.config.get("template"), str)
    }
