"""Start a journey from a starter (journeys/starters/*.json): a draft with its graph, its templates created.

A template the workspace already has (same slug) is kept as it is: the marketer may have edited it.
"""
from __future__ import annotations

from django.db import transaction

from channels_app.models import MessageTemplate
from channels_app.services.templates import template_create
from core.errors import InvalidInput
from journeys.models import Journey
from journeys.selectors.starters import starter_get, starter_keys
from journeys.services.journeys import journey_create, parse_graph, require_marketer


def journey_create_from_starter(*, name: str, key: str, user=None) -> Journey:
    starter = starter_get(key) if isinstance(key, str) else None
    if starter is None:
        raise InvalidInput(f"unknown template {key!r}; expected one of {', '.join(starter_keys())}", field="template")
    require_marketer(user, "create journeys")
    graph = parse_graph(starter["graph"], "template")
    with transaction.atomic():
        existing = set(MessageTemplate.objects.filter(slug__in=[t["slug"] for t in starter["templates"]])
                       .values_list("slug", flat=True))
        for template in starter["templates"]:
            if template["slug"] not in existing:
                fields = {k: v for k, v in template.items() if k not in ("slug", "channel")}
                template_create(slug=template["slug"], channel=template["channel"], user=user, **fields)
        return journey_create(name=name, graph=graph, user=user)
