"""Which saved segments and computed traits a schema-1 graph dict refers to (pure).

Used to refuse deleting a segment a running journey still needs, and to report a key that
does not exist on the node that names it.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .condition_checks import MAX_DEPTH


def _conditions(node: dict) -> Iterator[Any]:
    """Every contact condition a node carries (trigger segments, branch conditions)."""
    config = node.get("config") or {}
    if not isinstance(config, dict):
        return
    if node.get("type") == "trigger" and "segment" in config:
        yield config["segment"] if isinstance(config["segment"], dict) else {"segment": config["segment"]}
    if node.get("type") == "branch":
        yield config.get("condition")


def _walk(cond: Any, found: dict[str, set[str]], depth: int = 0) -> None:
    if not isinstance(cond, dict) or depth > MAX_DEPTH:
        return
    for form in ("all", "any"):
        if isinstance(cond.get(form), list):
            for item in cond[form]:
                _walk(item, found, depth + 1)
    if "not" in cond:
        _walk(cond["not"], found, depth + 1)
    for form in ("segment", "computed"):
        if isinstance(cond.get(form), str) and cond[form]:
            found[form].add(cond[form])


def condition_refs(cond: Any) -> dict[str, set[str]]:
    """{"segment": keys, "computed": keys} named anywhere in one condition."""
    found: dict[str, set[str]] = {"segment": set(), "computed": set()}
    _walk(cond, found)
    return found


def node_refs(graph: dict | None) -> dict[str, dict[str, set[str]]]:
    """Per node id: the segment and computed-trait keys its conditions name (nodes naming none left out)."""
    refs: dict[str, dict[str, set[str]]] = {}
    for node in (graph or {}).get("nodes", []):
        if not isinstance(node, dict):
            continue
        found: dict[str, set[str]] = {"segment": set(), "computed": set()}
        for cond in _conditions(node):
            _walk(cond, found)
        if found["segment"] or found["computed"]:
            refs[str(node.get("id"))] = found
    return refs


def segment_keys(graph: dict | None) -> set[str]:
    """Every saved segment the graph names."""
    return {key for found in node_refs(graph).values() for key in found["segment"]}


def unknown_ref_messages(graph: dict | None, segments: set[str], computed: set[str]) -> list[tuple[str, str]]:
    """(node id, message) for each segment or computed-trait key that does not exist."""
    messages = []
    for node_id, found in node_refs(graph).items():
        for key in sorted(found["segment"] - segments):
            messages.append((node_id, f"segment {key!r} does not exist"))
        for key in sorted(found["computed"] - computed):
            messages.append((node_id, f"computed trait {key!r} does not exist"))
    return messages
