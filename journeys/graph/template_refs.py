"""Which message templates a schema-1 graph dict refers to: what approval freezes into its version."""
from __future__ import annotations


def template_slugs(graph: dict | None) -> list[str]:
    """Every slug a send node names, sorted: its `template`, and each of a per-channel `templates` map
    (a send with channel fallback names one template per channel)."""
    slugs: set[str] = set()
    for node in (graph or {}).get("nodes", []):
        if not isinstance(node, dict) or node.get("type") != "send":
            continue
        config = node.get("config") or {}
        if isinstance(config.get("template"), str) and config["template"]:
            slugs.add(config["template"])
        per_channel = config.get("templates")
        if isinstance(per_channel, dict):
            slugs.update(slug for slug in per_channel.values() if isinstance(slug, str) and slug)
    return sorted(slugs)
