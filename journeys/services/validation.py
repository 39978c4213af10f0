"""A journey graph checked against this workspace: the graph rules plus the templates that exist."""
from __future__ import annotations

from journeys import selectors
from journeys.graph.spec import Graph
from journeys.graph.validation import Issue, validate


def journey_validate(graph: Graph) -> list[Issue]:
    return validate(graph, templates=selectors.template_channels())
