"""The engine's own cost per node: the pure `Engine` over the `run` section's six-node journey, in memory.

No database, no broker: in-memory contacts (unsaved `Contact` rows behind the runtime's own
`DbContactContext`) are driven the way journeys/services/advancing.py drives enrollments, in rounds:
each runs from the trigger until it parks or finishes, a send resumes through "next" (policy
allowing everything), and parked ones resume once the wait has elapsed, until every contact has
finished. CPU time (time.process_time) covers the `Engine.run` calls and this driver's few lines
around them; building the contacts and contexts is outside it, as the database reads are in the runtime.

It is the ceiling the rest of the runtime (locking, policy, bulk writes) is paid from.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

from journeys.bench.world import journey_graph
from journeys.graph.decisions import Visit
from journeys.graph.nodes import get_node_type
from journeys.graph.spec import Graph
from journeys.graph.timeofday import zone_name
from journeys.models import Contact
from journeys.runtime.context import DbContactContext
from journeys.runtime.engine import Cursor, Engine, start_cursor
from journeys.services.journeys import canonical_graph, parse_graph

DEFAULT_CONTACTS = 20_000
JOURNEY_KEY = "bench-engine"
STARTED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=dt_timezone.utc)  # fixed: every run decides the same things
ZONES = ("Europe/Paris", "America/New_York", "", "Asia/Tokyo")  # "" is a contact without one: UTC


def build_engine() -> Engine:
    """As the runtime has it: the graph parsed, stored canonical, then loaded by journeys/runtime/catalog.py."""
    stored = canonical_graph(parse_graph(journey_graph("bench_engine_start")))
    return Engine(Graph.from_dict(stored), JOURNEY_KEY)


@dataclass
class _Contact:
    key: str
    context: DbContactContext
    timezone: str
    cursor: Cursor


def _contacts(engine: Engine, count: int) -> list[_Contact]:
    trigger = engine.triggers[0].id
    people = []
    for i in range(1, count + 1):
        contact = Contact(user_id=f"bench-engine-{i}", email=f"c{i}@bench.example", phone=f"+1555{i:07d}",
                          timezone=ZONES[i % len(ZONES)], traits={"first_name": f"C{i}"})
        people.append(_Contact(str(i), DbContactContext(contact), zone_name(contact.timezone),
                               start_cursor(trigger, STARTED_AT)))
    return people


def drive(engine: Engine, contacts: int) -> dict:
    """Every contact from its trigger to the end; figures of the whole drive."""
    pending = _contacts(engine, contacts)
    now = STARTED_AT
    transitions = sends = finished = failed = rounds = 0
    cpu = 0.0
    while pending:
        rounds += 1
        parked: list[_Contact] = []
        wake = now
        begun = time.process_time()
        for person in pending:
            while True:
                outcome = engine.run(person.cursor, person.context, now, contact_key=person.key,
                                     timezone=person.timezone)
                transitions += outcome.transitions
                if outcome.kind != "send":
                    break
                sends += 1
                person.cursor.resume_port = "next"  # the policy allowed it and the message was written
            if outcome.kind == "park":
                parked.append(person)  # the engine left the cursor at the wait's resume port
                wake = max(wake, outcome.park_until)
            elif outcome.kind == "finish" and outcome.reason == "completed":
                finished += 1
            else:
                failed += 1
        cpu += time.process_time() - begun
        now, pending = wake, parked  # the wait has elapsed for everyone parked in this round
    return {"contacts": contacts, "transitions": transitions, "sends": sends, "finished": finished,
            "failed": failed, "rounds": rounds, "cpu_s": cpu}


def decide_cost_by_type(engine: Engine, contacts: int) -> dict[str, float]:
    """µs of CPU per `decide` call for each node type of the journey, each called once per contact."""
    now = STARTED_AT
    people = _contacts(engine, contacts)
    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    for node in engine.graph.nodes:
        node_type = get_node_type(node.type)
        visits = [(Visit(contact_key=p.key, journey_key=JOURNEY_KEY, node_id=node.id, timezone=p.timezone),
                   p.context) for p in people]
        begun = time.process_time()
        for visit, context in visits:
            node_type.decide(node.config, visit, context, now)
        spent[node.type] = spent.get(node.type, 0.0) + time.process_time() - begun
        calls[node.type] = calls.get(node.type, 0) + len(visits)
    return {kind: spent[kind] / calls[kind] * 1e6 for kind in spent}


def nodes_per_contact(engine: Engine) -> int:
    """Transitions one contact makes: every node after the trigger once (both split ports lead on to the send)."""
    return len(engine.nodes) - len(engine.triggers)


def run(stdout, contacts: int = DEFAULT_CONTACTS) -> dict:
    engine = build_engine()
    figures = drive(engine, contacts)
    per_transition = figures["cpu_s"] / max(figures["transitions"], 1) * 1e6
    ceiling = 1e6 / per_transition if per_transition else 0.0
    decide = decide_cost_by_type(engine, contacts)
    stdout.write(f"engine: {contacts:,} in-memory contacts through the six-node journey: "
                 f"{figures['transitions']:,} transitions ({nodes_per_contact(engine)} per contact), "
                 f"{figures['sends']:,} sends, {figures['finished']:,} finished, {figures['failed']:,} failed, "
                 f"in {figures['rounds']} rounds")
    stdout.write(f"engine: {figures['cpu_s'] * 1000:,.0f} ms CPU = {per_transition:.1f} µs per transition "
                 f"→ at most {ceiling:,.0f} transitions/s on one core (engine alone, no database)")
    stdout.write("engine: decide() per node type: " + ", ".join(f"{kind} {us:.1f} µs" for kind, us in decide.items())
                 + "; the rest of each step is the engine's own stepping")
    return {
        "engine_contacts": contacts, "engine_transitions": figures["transitions"],
        "engine_finished": figures["finished"], "engine_failed": figures["failed"], "engine_sends": figures["sends"],
        "engine_cpu_s": round(figures["cpu_s"], 3), "engine_us_per_transition": round(per_transition, 2),
        "engine_transitions_per_s_one_core": round(ceiling),
        **{f"engine_decide_us_{kind}": round(us, 2) for kind, us in decide.items()},
    }
