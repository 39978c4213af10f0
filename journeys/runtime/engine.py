"""The pure decision layer: graph + enrollment cursor + contact context + now → what happens next.

No Django, no database: the batch service (journeys/services/advancing.py) loads
rows, runs `Engine.run` for each, and writes the outcomes in bulk; the dry-run
simulator runs the very same engine against an in-memory context.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from journeys.graph.conditions import ContactContext
from journeys.graph.decisions import Visit
from journeys.graph.nodes import get_node_type
from journeys.graph.spec import Graph

MAX_STEPS_PER_RUN = 500  # a validated graph cannot spin; this only stops a corrupt one


@dataclass
class Cursor:
    """The mutable part of an enrollment the engine works on."""

    node: str
    resume_port: str = ""  # "" runs `node` itself; else leave `node` through this port
    variants: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)
    path: list = field(default_factory=list)


@dataclass
class Outcome:
    kind: str  # "park" | "send" | "finish" | "fail"
    transitions: int = 0  # edges followed during this run
    entered: list[str] = field(default_factory=list)  # node ids entered, in order
    trait_updates: dict = field(default_factory=dict)
    park_until: datetime | None = None
    park_port: str = ""
    wait_event: str = ""
    wait_where: dict | None = None
    send: dict | None = None  # {"channel", "template", "on_capped"} at cursor.node
    visit: int = 0  # visit number of the node the outcome happened at
    reason: str = ""


class Engine:
    def __init__(self, graph: Graph, journey_key: str):
        self.graph = graph
        self.journey_key = journey_key
        self.nodes = {node.id: node for node in graph.nodes}
        self.edges = {(edge.source, edge.port): edge.target for edge in graph.edges}
        self.triggers = [node for node in graph.nodes if node.type == "trigger"]

    def run(self, cursor: Cursor, ctx: ContactContext, now: datetime, *, contact_key: str, timezone: str) -> Outcome:
        outcome = Outcome(kind="fail")
        for _ in range(MAX_STEPS_PER_RUN):
            if cursor.resume_port:
                target = self.edges.get((cursor.node, cursor.resume_port))
                if target is None or target not in self.nodes:
                    outcome.kind, outcome.reason = "fail", f"no edge from {cursor.node}.{cursor.resume_port}"
                    return outcome
                cursor.resume_port = ""
                self.enter(cursor, target, now)
                outcome.transitions += 1
                outcome.entered.append(target)
            node = self.nodes.get(cursor.node)
            node_type = get_node_type(node.type) if node else None
            if node_type is None:
                outcome.kind, outcome.reason = "fail", f"unknown node {cursor.node}"
                return outcome
            visit = Visit(contact_key=contact_key, journey_key=self.journey_key, node_id=node.id,
                          timezone=timezone or "UTC", variants=cursor.variants)
            decision = node_type.decide(node.config, visit, ctx, now)
            outcome.visit = cursor.visits.get(node.id, 1)
            if decision.variant is not None:
                cursor.variants[node.id] = decision.variant
            if decision.set_traits:
                outcome.trait_updates.update(decision.set_traits)
                update = getattr(ctx, "update_traits", None)
                if update is not None:
                    update(decision.set_traits)
            if decision.finish:
                outcome.kind, outcome.reason = "finish", decision.finish
                return outcome
            if decision.send is not None:
                # The caller applies policy, writes the message, then resumes through "next".
                outcome.kind, outcome.send = "send", decision.send
                return outcome
            if decision.parks:
                cursor.resume_port = decision.park_port
                outcome.kind = "park"
                outcome.park_until, outcome.park_port = decision.park_until, decision.park_port
                outcome.wait_event, outcome.wait_where = decision.wait_event, decision.wait_where
                return outcome
            cursor.resume_port = decision.port or ""
        outcome.kind, outcome.reason = "fail", f"more than {MAX_STEPS_PER_RUN} steps without a wait"
        return outcome

    @staticmethod
    def enter(cursor: Cursor, node_id: str, now: datetime) -> None:
        cursor.node = node_id
        cursor.visits[node_id] = cursor.visits.get(node_id, 0) + 1
        cursor.path.append([node_id, now.isoformat()])


def start_cursor(trigger_id: str, now: datetime) -> Cursor:
    cursor = Cursor(node=trigger_id)
    Engine.enter(cursor, trigger_id, now)
    return cursor

