"""A journey graph checked against this workspace: the graph rules plus the templates, segments
and computed traits that exist."""
from __future__ import annotations

from journeys import selectors
from journeys.graph.spec import Graph
from journeys.graph.validation import Issue, validate
from journeys.graph.segment_refs import unknown_ref_messages
from journeys.services.issue_text import issues_in_language
from audiences.services.segments import known_computed_keys, known_segment_keys


def journey_validate(graph: Graph) -> list[Issue]:
    issues = validate(graph, templates=selectors.template_channels())
    # Saved segments and computed traits the conditions name must exist (pinned on the naming node).
    known = unknown_ref_messages({"nodes": [{"id": n.id, "type": n.type, "config": n.config} for n in graph.nodes]},
                                 known_segment_keys(), known_computed_keys())
    return issues_in_language(issues + [Issue(node, "unknown_reference", message) for node, message in known])
