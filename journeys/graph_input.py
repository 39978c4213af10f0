"""A journey graph or a condition at the edge (design §8): checked before it is parsed, stored or evaluated.

Structure and meaning are journeys.graph's business (a draft may be saved with findings);
this refuses only what must never get in: more than 1,000 nodes, JSON nested deeper than 32
levels, bad strings and numbers (core.validation), and durations past 10 years, which would
overflow the datetime arithmetic of waits, timeouts, goals and event windows.
"""
from __future__ import annotations

from typing import Any

from core.validation import (
    MAX_JSON_DEPTH, TEN_YEARS_DAYS, TEN_YEARS_SECONDS, InputError, check_json, child_path,
)
from journeys.graph.fields import is_number
from journeys.graph.validation import MAX_NODES

MAX_EDGES = 10 * MAX_NODES
NODE_DURATIONS = ("seconds", "timeout_seconds")  # wait, wait_event


def check_graph(data: Any, field: str = "") -> Any:
    """A schema-1 document as the client sent it; `field` is where it sits in the body ("" or "draft")."""
    if not isinstance(data, dict):
        return data  # not a graph at all: Graph.from_dict says so, naming the spot
    for name, limit in (("nodes", MAX_NODES), ("edges", MAX_EDGES)):
        items = data.get(name)
        if isinstance(items, list) and len(items) > limit:
            raise InputError(child_path(field, name), f"a journey has at most {limit:,} {name}; got {len(items):,}")
    check_json(data, field, max_depth=MAX_JSON_DEPTH)
    nodes = data.get("nodes")
    for index, node in enumerate(nodes if isinstance(nodes, list) else []):
        if isinstance(node, dict) and isinstance(node.get("config"), dict):
            config_path = child_path(child_path(child_path(field, "nodes"), index), "config")
            _bound_seconds(node["config"], config_path, NODE_DURATIONS)
    settings = data.get("settings")
    if isinstance(settings, dict):
        settings_path = child_path(field, "settings")
        _bound_seconds(settings, settings_path, ("reentry_cooldown_seconds",))
        if isinstance(settings.get("goal"), dict):
            _bound_seconds(settings["goal"], child_path(settings_path, "goal"), ("within_seconds",))
    _bound_event_windows(data, field)
    return data


def check_condition(value: Any, field: str = "condition") -> Any:
    """A condition (design §3) as sent: at most 32 levels deep, event windows at most 10 years."""
    check_json(value, field, max_depth=MAX_JSON_DEPTH)
    _bound_event_windows(value, field)
    return value


def _bound_seconds(obj: dict, path: str, keys: tuple[str, ...]) -> None:
    for key in keys:
        value = obj.get(key)
        if is_number(value) and abs(value) > TEN_YEARS_SECONDS:
            raise InputError(child_path(path, key), f"must be at most {TEN_YEARS_SECONDS:,} seconds (10 years)")


def _bound_event_windows(value: Any, field: str) -> None:
    """`within_days` of every event condition in the document; iterative, the depth is already bounded."""
    stack = [(value, field)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            days = item.get("within_days")
            if "event" in item and is_number(days) and abs(days) > TEN_YEARS_DAYS:
                raise InputError(child_path(path, "within_days"), f"must be at most {TEN_YEARS_DAYS:,} days (10 years)")
            stack.extend((child, child_path(path, key)) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, child_path(path, index)) for index, child in enumerate(item))
