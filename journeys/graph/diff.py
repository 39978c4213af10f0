"""What changed between two schema-1 graph dicts, node by node, and between the template content two versions
pin: what a reviewer reads before approving."""
from __future__ import annotations

EMPTY = {"nodes": [], "edges": [], "settings": {}}


def _edge_key(edge: dict) -> tuple:
    return (edge.get("source"), edge.get("port"), edge.get("target"))


def _edge_dict(key: tuple) -> dict:
    return {"source": key[0], "port": key[1], "target": key[2]}


def graph_diff(base: dict | None, new: dict) -> dict:
    """What changed from `base` (the live graph; None: nothing live) to `new`.

    Positions are layout, not behaviour: a moved node is not a change.
    """
    base = base or EMPTY
    old_nodes = {n["id"]: n for n in base.get("nodes", [])}
    new_nodes = {n["id"]: n for n in new.get("nodes", [])}
    changed = []
    for node_id in sorted(old_nodes.keys() & new_nodes.keys()):
        a, b = old_nodes[node_id], new_nodes[node_id]
        ca, cb = a.get("config") or {}, b.get("config") or {}
        if a.get("type") != b.get("type") or ca != cb:
            changed.append({
                "id": node_id, "type": b.get("type"), "old_type": a.get("type"),
                "fields": sorted(k for k in ca.keys() | cb.keys() if ca.get(k) != cb.get(k)),
                "old": ca, "new": cb,
            })
    old_edges = {_edge_key(e) for e in base.get("edges", [])}
    new_edges = {_edge_key(e) for e in new.get("edges", [])}
    return {
        "nodes": {
            "added": [{"id": i, "type": new_nodes[i].get("type")} for i in sorted(new_nodes.keys() - old_nodes.keys())],
            "removed": [{"id": i, "type": old_nodes[i].get("type")} for i in sorted(old_nodes.keys() - new_nodes.keys())],
            "changed": changed,
        },
        "edges": {
            "added": [_edge_dict(k) for k in sorted(new_edges - old_edges, key=str)],
            "removed": [_edge_dict(k) for k in sorted(old_edges - new_edges, key=str)],
        },
        "settings_changed": (base.get("settings") or {}) != (new.get("settings") or {}),
    }


def templates_diff(base: dict | None, new: dict) -> dict:
    """What changed between two pinned-template maps (slug -> content): `base` what the live version sends
    (None: nothing live), `new` what the reviewed version would send."""
    base = base or {}
    changed = []
    for slug in sorted(base.keys() & new.keys()):
        before, after = base[slug] or {}, new[slug] or {}
        # A field one side lacks (pinned before the field existed) reads as empty.
        fields = sorted(k for k in before.keys() | after.keys() if before.get(k, "") != after.get(k, ""))
        if fields:
            changed.append({"slug": slug, "channel": after.get("channel") or before.get("channel"), "fields": fields,
                            "before": {k: before.get(k) for k in fields}, "after": {k: after.get(k) for k in fields}})
    return {
        "added": [{"slug": s, "channel": (new[s] or {}).get("channel"), "content": new[s]}
                  for s in sorted(new.keys() - base.keys())],
        "removed": [{"slug": s, "channel": (base[s] or {}).get("channel")} for s in sorted(base.keys() - new.keys())],
        "changed": changed,
    }
