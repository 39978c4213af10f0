"""The one-step journey a broadcast runs on: trigger → send → exit (schema 1)."""
from __future__ import annotations


def trigger_event(broadcast_id: int) -> str:
    """The trigger's event: nobody tracks it, so only the broadcast's launch ever enrolls anyone."""
    return f"broadcast.{broadcast_id}"


def broadcast_graph(broadcast_id: int, *, channel: str, template: str) -> dict:
    """The schema-1 graph; the send goes through the policy (caps, blacklists, quiet hours) like any step."""
    nodes = [
        {"id": "start", "type": "trigger", "config": {"event": trigger_event(broadcast_id)},
         "position": {"x": 0, "y": 0}},
        {"id": "send", "type": "send", "config": {"channel": channel, "template": template, "on_capped": "skip"},
         "position": {"x": 0, "y": 120}},
        {"id": "done", "type": "exit", "config": {}, "position": {"x": 0, "y": 240}},
    ]
    edges = [{"source": "start", "target": "send", "port": "next"},
             {"source": "send", "target": "done", "port": "next"}]
    return {"schema": 1, "nodes": nodes, "edges": edges, "settings": {"reentry": "never"}}
