"""Journey writes: create, rename, delete, save the draft. Each runs in one transaction."""
from __future__ import annotations

import copy

from django.db import transaction
from django.utils import timezone

from journeys.graph.spec import Graph
from journeys.graph.validation import Issue, validate
from journeys.models import Journey, JourneyVersion
from journeys.models.journey import EDITABLE_STATUSES, JourneyStatus
from journeys import selectors
from journeys.runtime import catalog
from journeys.services.errors import Conflict, InvalidInput, PreconditionFailed, ValidationFailed

EMPTY_GRAPH = {"schema": 1, "nodes": [], "edges": [], "settings": {"reentry": "never"}}


def parse_graph(data) -> Graph:
    """Structural parse of a schema-1 graph; `SpecError` (a 400 naming the path) on failure."""
    return Graph.from_dict(data)


def canonical_graph(graph: Graph) -> dict:
    """What we store: the schema-1 dict without `name` (the journey's name lives on the journey)."""
    data = graph.to_dict()
    data.pop("name", None)
    return data


def journey_validate(graph: Graph) -> list[Issue]:
    return validate(graph, templates=selectors.template_channels())


def journey_create(*, name: str, graph: Graph | None = None, user=None) -> Journey:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name must not be empty", field="name")
    stored = canonical_graph(graph) if graph is not None else copy.deepcopy(EMPTY_GRAPH)
    with transaction.atomic():
        journey = Journey.objects.create(name=name, created_by=user)
        JourneyVersion.objects.create(journey=journey, number=1, graph=stored, created_by=user, updated_by=user)
    return journey


def journey_import(data, *, user=None, name: str | None = None) -> Journey:
    """Create a journey from a schema-1 file that carries its own `name`."""
    graph = parse_graph(data)
    return journey_create(name=name or graph.name or "", graph=graph, user=user)


def journey_export(journey: Journey) -> dict:
    version = selectors.journey_latest_version(journey)
    return {"schema": version.graph.get("schema", 1), "name": journey.name,
            **{k: v for k, v in version.graph.items() if k not in ("schema", "name")}}


def journey_rename(journey: Journey, *, name: str) -> Journey:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name must not be empty", field="name")
    journey.name = name
    journey.save(update_fields=["name", "updated_at"])
    return journey


def journey_delete(journey: Journey) -> None:
    with transaction.atomic():
        locked = Journey.objects.select_for_update().get(pk=journey.pk)
        if locked.versions.exclude(status__in=EDITABLE_STATUSES).exists():
            raise Conflict("journey has been published; archive it instead of deleting it")
        locked.delete()


def journey_draft_save(journey: Journey, *, graph: Graph, user=None, if_match: str | None = None) -> JourneyVersion:
    """Replace the draft graph. `if_match` is the ETag the editor loaded; a stale one is refused (412)."""
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=journey.pk).first()  # serialise savers of this journey
        draft = journey.versions.select_for_update().filter(status__in=EDITABLE_STATUSES).first()
        if draft is None:
            base = selectors.journey_latest_version(journey)
            if if_match and base is not None and if_match != base.etag:
                raise PreconditionFailed("the journey changed since you loaded it; reload to see the other edits")
            draft = JourneyVersion.objects.create(
                journey=journey, number=(base.number + 1 if base else 1),
                graph=canonical_graph(graph), created_by=user, updated_by=user,
            )
        else:
            if if_match and if_match != draft.etag:
                raise PreconditionFailed("the draft was saved by someone else since you loaded it; reload to see their changes")
            if draft.status != JourneyStatus.DRAFT:
                raise Conflict(f"version {draft.number} is {draft.status}; it can no longer be edited", field="status")
            draft.graph = canonical_graph(graph)
            draft.revision += 1
            draft.updated_by = user
            draft.save(update_fields=["graph", "revision", "updated_by", "updated_at"])
        Journey.objects.filter(pk=journey.pk).update(updated_at=draft.updated_at)
    return draft


def journey_publish(journey: Journey, *, user=None) -> JourneyVersion:
    """Make the editable version live. Until the approvals workflow lands, a valid draft goes straight live.

    The previous live version becomes `finishing`: no new entries, contacts inside complete on it.
    """
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=journey.pk).first()
        draft = journey.versions.select_for_update().filter(status__in=EDITABLE_STATUSES).first()
        if draft is None:
            raise Conflict("there is no draft to publish", field="status")
        issues = journey_validate(parse_graph(draft.graph))
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise ValidationFailed(f"the draft has {len(errors)} validation error(s); fix them before publishing",
                                   [i.to_dict() for i in issues])
        journey.versions.filter(status__in=[JourneyStatus.LIVE, JourneyStatus.PAUSED]).update(status=JourneyStatus.FINISHING)
        draft.status = JourneyStatus.LIVE
        draft.published_at = timezone.now()
        draft.updated_by = user
        draft.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        journey.status = JourneyStatus.LIVE
        journey.save(update_fields=["status", "updated_at"])
        catalog.invalidate()
        transaction.on_commit(catalog.invalidate)  # again: another process may have reloaded before the commit
    return draft
