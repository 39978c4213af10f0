"""A per-process view of the running journey versions, refreshed at most once a second, and their engines.

Every ingested event asks "does any running journey care about this?": which
triggers, wait_event nodes and goals listen for which event names. Answering from
this in-memory catalog instead of the database keeps the event path to the
queries that actually find something. A publish, pause or archive is seen by
every process within `TTL` seconds.

`engine_for` keeps each version's parsed graph (its `Engine`) per process, keyed by
what changes when the graph does.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from journeys.graph.spec import Graph
from journeys.models import JourneyVersion
from journeys.models.journey import JourneyStatus
from journeys.runtime.engine import Engine

TTL = 1.0
# What audiences/services/membership.py records when a contact enters or leaves a saved segment.
SEGMENT_MOVE_EVENTS = {"enter": "segment_entered", "exit": "segment_exited"}
RUNNING = (JourneyStatus.LIVE, JourneyStatus.PAUSED, JourneyStatus.FINISHING)


@dataclass
class Catalog:
    versions: dict[int, JourneyVersion] = field(default_factory=dict)  # id -> version, running ones
    event_triggers: dict[str, list[tuple[JourneyVersion, dict]]] = field(default_factory=dict)  # live only
    segment_triggers: list[tuple[JourneyVersion, dict]] = field(default_factory=list)  # live only
    date_triggers: list[tuple[JourneyVersion, dict]] = field(default_factory=list)  # live only: date trait, schedule
    waited_events: set[str] = field(default_factory=set)
    goal_events: set[str] = field(default_factory=set)
    loaded_at: float = 0.0


_lock = threading.Lock()
_catalog = Catalog()


def current() -> Catalog:
    global _catalog
    if time.monotonic() - _catalog.loaded_at < TTL:
        return _catalog
    with _lock:
        if time.monotonic() - _catalog.loaded_at >= TTL:
            _catalog = _load()
    return _catalog


def invalidate() -> None:
    """After a publish / pause in this process: the next read reloads."""
    _catalog.loaded_at = 0.0


def _load() -> Catalog:
    catalog = Catalog(loaded_at=time.monotonic())
    for version in JourneyVersion.objects.filter(status__in=RUNNING):
        catalog.versions[version.pk] = version
        graph = version.graph
        goal = (graph.get("settings") or {}).get("goal")
        if goal:
            catalog.goal_events.add(goal.get("event"))
        for node in graph.get("nodes", []):
            config = node.get("config") or {}
            if node["type"] == "wait_event":
                catalog.waited_events.add(config.get("event"))
            elif node["type"] == "trigger" and version.status == JourneyStatus.LIVE:
                trigger = {"id": node["id"], **config}
                if "date_trait" in config or "schedule" in config:  # fired by the scheduler (services/date_entry.py)
                    catalog.date_triggers.append((version, trigger))
                elif "event" in config:
                    catalog.event_triggers.setdefault(config["event"], []).append((version, trigger))
                elif isinstance(config.get("segment"), str):  # a saved segment: its move events enter
                    move = SEGMENT_MOVE_EVENTS[config.get("on", "enter")]
                    trigger["where"] = {"prop": "segment", "op": "eq", "value": config["segment"]}
                    catalog.event_triggers.setdefault(move, []).append((version, trigger))
                elif "segment" in config:
                    catalog.segment_triggers.append((version, trigger))
    return catalog


def segment_moves_watched() -> set[tuple[str, str]]:
    """(segment key, "enter"|"exit") pairs a live journey triggers on: only these moves record events."""
    running = current()
    return {(trigger["segment"], on) for on, name in SEGMENT_MOVE_EVENTS.items()
            for _version, trigger in running.event_triggers.get(name, []) if isinstance(trigger.get("segment"), str)}


_engines: dict[tuple, Engine] = {}


def engine_for(version: JourneyVersion) -> Engine:
    """Live versions are immutable: their parsed graph is cached per process."""
    key = (version.pk, version.revision, version.updated_at)
    engine = _engines.get(key)
    if engine is None:
        if len(_engines) > 512:
            _engines.clear()
        engine = _engines[key] = Engine(Graph.from_dict(version.graph), str(version.journey_id))
    return engine
