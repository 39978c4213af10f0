"""Journey writes (create, import, rename, delete, save the draft, publish) and the export; each write is one transaction.

Validating a graph against the workspace is journeys/services/validation.py; the approval
workflow that publishing goes through is journeys/services/approvals.py.
"""
from __future__ import annotations

import copy

from django.db import transaction
from django.utils.translation import gettext

from core import roles
from core.errors import Conflict, Forbidden, InvalidInput, PreconditionFailed
from journeys import selectors
from journeys.graph.spec import Graph
from journeys.graph_input import check_graph
from journeys.models import AuditAction, Journey, JourneyVersion
from journeys.models.journey import EDITABLE_STATUSES, JourneyStatus
from journeys.services import approval_text, approvals, audit

EMPTY_GRAPH = {"schema": 1, "nodes": [], "edges": [], "settings": {"reentry": "never"}}


def parse_graph(data, field: str = "") -> Graph:
    """Structural parse of a schema-1 graph; `SpecError` (a 400 naming the path) on failure.

    First the edge's limits (journeys.graph_input: size, depth, strings, numbers), so nothing
    recursive ever sees an oversized document; `field` is where the graph sits in the request.
    """
    return Graph.from_dict(check_graph(data, field))


def canonical_graph(graph: Graph) -> dict:
    """What we store: the schema-1 dict without `name` (the journey's name lives on the journey)."""
    data = graph.to_dict()
    data.pop("name", None)
    return data


def require_marketer(user, doing: str) -> None:
    """Editing is the marketer's job (design section 5); user None is a trusted system actor."""
    if user is not None and not roles.has_role(user, roles.MARKETER):
        raise Forbidden(approval_text.marketer_refusal(doing), field="role")


def journey_create(*, name: str, graph: Graph | None = None, user=None) -> Journey:
    require_marketer(user, "create journeys")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(gettext("name must not be empty"), field="name")
    stored = canonical_graph(graph) if graph is not None else copy.deepcopy(EMPTY_GRAPH)
    with transaction.atomic():
        journey = Journey.objects.create(name=name, created_by=user)
        version = JourneyVersion.objects.create(journey=journey, number=1, graph=stored, created_by=user, updated_by=user)
        audit.record(version, AuditAction.CREATE, user, to_status=version.status)
    return journey


def journey_import(data, *, user=None, name: str | None = None) -> Journey:
    """Create a journey from a schema-1 file that carries its own `name`."""
    graph = parse_graph(data)
    return journey_create(name=name or graph.name or "", graph=graph, user=user)


def journey_export(journey: Journey) -> dict:
    version = selectors.journey_latest_version(journey)
    return {"schema": version.graph.get("schema", 1), "name": journey.name,
            **{k: v for k, v in version.graph.items() if k not in ("schema", "name")}}


def journey_rename(journey: Journey, *, name: str, user=None) -> Journey:
    require_marketer(user, "rename journeys")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(gettext("name must not be empty"), field="name")
    journey.name = name
    journey.save(update_fields=["name", "updated_at"])
    return journey


def journey_delete(journey: Journey, *, user=None) -> None:
    require_marketer(user, "delete journeys")
    with transaction.atomic():
        locked = Journey.objects.select_for_update().get(pk=journey.pk)
        if locked.versions.exclude(status__in=EDITABLE_STATUSES).exists():
            raise Conflict(gettext("journey has been published; archive it instead of deleting it"))
        locked.delete()


def journey_draft_save(journey: Journey, *, graph: Graph, user=None, if_match: str | None = None) -> JourneyVersion:
    """Replace the draft graph. `if_match` is the ETag the editor loaded; a stale one is refused (412).

    Editing a live journey creates the next draft from it. Every save is in the audit log.
    """
    require_marketer(user, "edit drafts")
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=journey.pk).first()  # serialise savers of this journey
        draft = journey.versions.select_for_update().filter(status__in=EDITABLE_STATUSES).first()
        if draft is None:
            base = selectors.journey_latest_version(journey)
            if if_match and base is not None and if_match != base.etag:
                raise PreconditionFailed(
                    gettext("the journey changed since you loaded it; reload to see the other edits"))
            draft = JourneyVersion.objects.create(
                journey=journey, number=(base.number + 1 if base else 1),
                graph=canonical_graph(graph), created_by=user, updated_by=user,
            )
            audit.record(draft, AuditAction.CREATE, user, to_status=draft.status,
                            details={"from_version": base.number if base else None})
        else:
            if if_match and if_match != draft.etag:
                raise PreconditionFailed(
                    gettext("the draft was saved by someone else since you loaded it; reload to see their changes"))
            if draft.status != JourneyStatus.DRAFT:
                raise Conflict(gettext("version %(number)s is %(status)s; it can no longer be edited")
                               % {"number": draft.number, "status": draft.status}, field="status")
            draft.graph = canonical_graph(graph)
            draft.revision += 1
            draft.updated_by = user
            draft.save(update_fields=["graph", "revision", "updated_by", "updated_at"])
            audit.record(draft, AuditAction.SAVE, user, details={"revision": draft.revision})
        Journey.objects.filter(pk=journey.pk).update(updated_at=draft.updated_at)
    return draft


def journey_publish(journey: Journey, *, user=None, migrate_waiting: bool = False) -> JourneyVersion:
    """Make the approved version live (see `approvals.version_publish`).

    `user=None` is a trusted system action (demo, benchmark, import scripts, tests about the runtime):
    it takes a valid draft through submit and approve first, each step in the audit log as "system".
    A user must hold the approver role and the version must be approved.
    """
    return approvals.version_publish(journey, user=user, migrate_waiting=migrate_waiting)
