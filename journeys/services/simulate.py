"""Dry run: the path one contact would take, with simulated time. Reads only; writes and sends nothing.

It runs the same pure engine as the runtime against an in-memory context whose
event history grows as simulated time passes the events the caller supplied.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext

from audiences.selectors.conditions import contact_computed_values, contact_segment_keys
from channels_app.services.fallback_plans import StepSend, plan_steps
from journeys.graph.conditions import MISSING, match_properties
from journeys.graph.spec import Graph
from journeys.models import Contact
from core import clock
from journeys.runtime.context import contact_traits
from journeys.runtime.engine import Engine, start_cursor
from core.errors import InvalidInput

MAX_SIM_STEPS = 200


@dataclass
class SimEvent:
    name: str
    properties: dict
    at: datetime


class SimContext:
    def __init__(self, traits: dict, events: list[SimEvent], segments: set[str] = frozenset(),
                 computed: dict | None = None):
        self.traits = dict(traits)
        self.events = events
        self.segments = set(segments)  # a stored contact's memberships and computed values, as of now
        self.computed_values = dict(computed or {})
        self.now: datetime | None = None

    def in_segment(self, key):
        return key in self.segments

    def computed(self, key):
        return self.computed_values.get(key, MISSING)

    def trait(self, name):
        return self.traits.get(name, MISSING)

    def count_events(self, name, since, where):
        return sum(1 for e in self.events if e.name == name and (self.now is None or e.at <= self.now)
                   and (since is None or e.at >= since) and match_properties(where, e.properties))

    def update_traits(self, values):
        self.traits.update(values)


def parse_sim_events(items, start: datetime) -> list[SimEvent]:
    if not isinstance(items, list):
        raise InvalidInput(gettext("events must be a list"), field="events")
    events = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("event"), str) or not item["event"]:
            raise InvalidInput(gettext("each event needs an 'event' name"), field=f"events[{index}].event")
        offset = item.get("after_seconds", 0)
        if isinstance(offset, bool) or not isinstance(offset, (int, float)) or offset < 0:
            raise InvalidInput(gettext("after_seconds must be a non-negative number"),
                               field=f"events[{index}].after_seconds")
        props = item.get("properties") or {}
        if not isinstance(props, dict):
            raise InvalidInput(gettext("properties must be an object"), field=f"events[{index}].properties")
        events.append(SimEvent(item["event"], props, start + timedelta(seconds=offset)))
    return sorted(events, key=lambda e: e.at)


def simulate(graph_data: dict, journey_id: int, *, user_id: str | None = None, traits: dict | None = None,
             events: list | None = None, start: datetime | None = None) -> dict:
    start = start or clock.now()
    graph = Graph.from_dict(graph_data)
    engine = Engine(graph, str(journey_id))
    if not engine.triggers:
        raise InvalidInput(gettext("the journey has no trigger"), field="draft")
    contact = Contact(user_id=user_id or "simulated", timezone=(traits or {}).get("timezone", ""))
    history: list[SimEvent] = []
    if user_id:
        stored = Contact.objects.filter(user_id=user_id).first()
        if stored is None:
            raise InvalidInput(gettext("no contact with userId %(user_id)s") % {"user_id": repr(user_id)},
                               field="userId")
        contact = stored
        history = [SimEvent(e.name, e.properties, e.timestamp) for e in stored.events.all()[:5000]]
    base_traits = {**(contact_traits(contact) if contact.pk else {}), **(traits or {})}
    for name in ("email", "phone"):
        if name in base_traits and not getattr(contact, name):
            setattr(contact, name, str(base_traits[name]))
    if not contact.pk:
        contact.traits = dict(base_traits)  # addresses kept in traits (wechat_openid) count for a simulated contact
    future = parse_sim_events(events or [], start)
    ctx = SimContext(base_traits, history + future,
                     *((contact_segment_keys(contact.pk), contact_computed_values(contact.pk)) if contact.pk else ()))
    settings = graph.settings or {}
    goal = settings.get("goal")
    trigger = _entry_trigger(engine, future)
    cursor = start_cursor(trigger.id, start)
    now = start
    steps = [{"node": trigger.id, "type": "trigger", "at": start.isoformat()}]
    outcome_kind, converted = "waiting", None
    for _ in range(MAX_SIM_STEPS):
        ctx.now = now
        outcome = engine.run(cursor, ctx, now, contact_key=str(contact.pk or contact.user_id), timezone=contact.timezone)
        for node_id in outcome.entered:
            steps.append({"node": node_id, "type": engine.nodes[node_id].type, "at": now.isoformat()})
        if outcome.kind == "send":
            verdict = _simulate_send(contact, outcome, cursor.node, journey_id, settings, now, steps[-1])
            if not verdict.allowed and outcome.send.get("on_capped") == "exit":
                outcome_kind = "exited"
                break
            cursor.resume_port = "next"
            continue
        if outcome.kind in ("finish", "fail"):
            outcome_kind = "completed" if outcome.reason == "completed" else "failed"
            break
        # Parked: jump simulated time to the matching event or the wake-up, whichever comes first.
        wake, port = outcome.park_until, outcome.park_port
        if outcome.wait_event:
            match = next((e for e in future if e.name == outcome.wait_event and now <= e.at <= wake
                          and match_properties(outcome.wait_where, e.properties)), None)
            if match:
                wake, port = match.at, "event"
        goal_hit = _goal_event(goal, future, start, now, wake)
        if goal_hit and converted is None:
            converted = {"event": goal_hit.name, "at": goal_hit.at.isoformat(),
                         "seconds_to_convert": (goal_hit.at - start).total_seconds()}
            if goal.get("exit"):
                outcome_kind = "exited"
                break
        steps[-1]["waits_until"] = wake.isoformat()
        now, cursor.resume_port = wake, port
    if converted is None and goal:
        # A contact who left the journey early (a holdout, say) still converts within the window.
        goal_hit = _goal_event(goal, future, start, start, start + timedelta(seconds=goal["within_seconds"]))
        if goal_hit:
            converted = {"event": goal_hit.name, "at": goal_hit.at.isoformat(),
                         "seconds_to_convert": (goal_hit.at - start).total_seconds()}
    for step in steps:  # the canvas shows each split's variant on its node
        if step["type"] == "split" and step["node"] in cursor.variants:
            step["variant"] = cursor.variants[step["node"]]
    return {"path": steps, "edges": _taken_edges(engine, steps), "outcome": outcome_kind, "variants": cursor.variants,
            "converted": converted, "traits": ctx.traits, "ended_at": now.isoformat()}


def _taken_edges(engine: Engine, steps: list[dict]) -> list[dict]:
    """The edges between consecutive steps, for the canvas to highlight (the port read back from the graph)."""
    taken = []
    for before, after in zip(steps, steps[1:]):
        port = next((p for (source, p), target in engine.edges.items()
                     if source == before["node"] and target == after["node"]), None)
        if port is not None:
            taken.append({"source": before["node"], "port": port, "target": after["node"], "at": after["at"]})
    return taken


def _simulate_send(contact, outcome, node_id: str, journey_id: int, settings: dict, now: datetime, step: dict):
    """The send step as the runtime would take it: each channel tried in order (ranked for "auto"), and why."""
    planned = plan_steps([StepSend(contact=contact, send=outcome.send, enrollment_id=0, journey_id=journey_id,
                                   version_id=None, node=node_id, visit=outcome.visit,
                                   exempt_from_caps=bool(settings.get("exempt_from_caps")),
                                   quiet_hours=settings.get("quiet_hours"),
                                   transactional=bool(settings.get("transactional")))], now)[0]
    chosen, verdict = planned.rows[-1], planned.verdict
    step.update({"channel": chosen.channel, "template": chosen.template, "would": verdict.status,
                 "reason": chosen.reason})
    if "channels" in outcome.send:  # fallback: every channel tried, and why the chosen one
        step["why"] = (chosen.fallback or {}).get("why", "")
        step["attempts"] = [{"channel": row.channel, "template": row.template, "would": row.status,
                             "reason": row.reason} for row in planned.rows]
    return verdict


def _entry_trigger(engine: Engine, future: list[SimEvent]):
    """The trigger the first supplied event would fire, else the first trigger."""
    for event in future:
        for trigger in engine.triggers:
            if trigger.config.get("event") == event.name and match_properties(trigger.config.get("where"), event.properties):
                return trigger
    return engine.triggers[0]


def _goal_event(goal, events: list[SimEvent], start: datetime, since: datetime, until: datetime):
    if not goal:
        return None
    deadline = start + timedelta(seconds=goal["within_seconds"])
    for event in events:
        if (event.name == goal["event"] and since <= event.at <= min(until, deadline)
                and match_properties(goal.get("where"), event.properties) and event.at > start):
            return event
    return None
