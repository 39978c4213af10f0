"""Server-rendered pages around the editor (design section 6). Thin: parse, call a
service or a read, render.

- `/journeys/`: the list (search, create, import a schema-1 file);
- `/journeys/<id>/`: the editor page. It embeds what the editor needs to draw at
  once (graph, ETag, suggestions, for a live version its counts) so the canvas is
  interactive without waiting for an API round trip; the editor then talks to the
  v1 API (draft, validate, templates) and, for a live version, the websocket of
  journeys/consumers.py.
"""
from __future__ import annotations

import json
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from core import roles
from journeys import selectors
from journeys.graph.spec import SpecError
from journeys.models import Contact, Enrollment, Event, Journey, JourneyVersion
from journeys.models.enrollment import LIVE_STATES
from journeys.models.journey import EDITABLE_STATUSES, JourneyStatus
from journeys.services import approvals
from journeys.services import journeys as journey_services
from core.errors import Forbidden, ServiceError

EDITOR_BUNDLE = "editor/dist/editor.js"
EDITOR_STYLES = "editor/dist/editor.css"
MAX_IMPORT_BYTES = 2 * 1024 * 1024
LIST_LIMIT = 200
LIVE_STATUSES = (JourneyStatus.LIVE, JourneyStatus.PAUSED)


# -- reads for the pages -------------------------------------------------------------
# Whole-list reads in a fixed number of queries (no per-row lookups).


def _list_rows(journeys: list[Journey]) -> list[dict]:
    ids = [j.pk for j in journeys]
    versions: dict[int, list[JourneyVersion]] = {}
    for v in JourneyVersion.objects.filter(journey_id__in=ids).only(
        "id", "journey_id", "number", "status", "graph", "updated_at"
    ).order_by("-number"):
        versions.setdefault(v.journey_id, []).append(v)
    enrolled = {
        row["journey_id"]: row
        for row in Enrollment.objects.filter(journey_id__in=ids).values("journey_id").annotate(
            total=Count("id"), active=Count("id", filter=Q(state__in=LIVE_STATES)),
            converted=Count("id", filter=Q(converted_at__isnull=False)),
        )
    }
    rows = []
    for journey in journeys:
        mine = versions.get(journey.pk, [])
        live = next((v for v in mine if v.status in LIVE_STATUSES), None)
        editable = next((v for v in mine if v.status in EDITABLE_STATUSES), None)
        latest = editable or (mine[0] if mine else None)
        counts = enrolled.get(journey.pk, {})
        rows.append({
            "id": journey.pk,
            "name": journey.name,
            "status": journey.status,
            "live_version": live.number if live else None,
            "draft_version": editable.number if editable else None,
            "draft_status": editable.status if editable else None,
            "steps": len((latest.graph or {}).get("nodes", [])) if latest else 0,
            "created_by": journey.created_by.get_username() if journey.created_by else None,
            "updated_at": journey.updated_at,
            "enrolled": counts.get("total", 0),
            "active": counts.get("active", 0),
            "converted": counts.get("converted", 0),
        })
    return rows


def _suggestions() -> dict[str, list[str]]:
    """Event names, traits and event properties seen lately, for the editor's autocomplete.

    Samples the newest rows by primary key (an index walk), never a DISTINCT over
    the whole event table.
    """
    events: dict[str, None] = {}
    properties: dict[str, None] = {}
    for name, props in Event.objects.order_by("-id").values_list("name", "properties")[:3000]:
        events.setdefault(name, None)
        if isinstance(props, dict):
            for key in props:
                properties.setdefault(key, None)
    traits: dict[str, None] = {}
    for contact_traits in Contact.objects.order_by("-id").values_list("traits", flat=True)[:500]:
        if isinstance(contact_traits, dict):
            for key in contact_traits:
                traits.setdefault(key, None)
    return {
        "events": sorted(events)[:300],
        "traits": sorted(traits)[:300],
        "properties": sorted(properties)[:300],
    }


def _bundle_version() -> str:
    """A cache buster for the fixed bundle file names: the bundle's mtime."""
    path = finders.find(EDITOR_BUNDLE)
    if not path:
        return ""
    return str(int(os.path.getmtime(path)))


def _workflow(user, version: JourneyVersion, live: JourneyVersion | None) -> dict:
    """What this user may do to the shown version: the editor shows only those buttons (the API
    checks again). Four eyes: an approver who edited the version gets no approve button."""
    mine = roles.user_roles(user)
    marketer, approver = roles.MARKETER in mine, roles.APPROVER in mine
    status = version.status
    editors = approvals.version_editors(version)
    return {
        "user": user.get_username(),
        "roles": sorted(mine),
        "can_edit": marketer and status == JourneyStatus.DRAFT,
        "can_submit": marketer and status == JourneyStatus.DRAFT,
        "can_withdraw": marketer and status == JourneyStatus.IN_REVIEW and user.pk in editors,
        "can_approve": status == JourneyStatus.IN_REVIEW and approvals.may_approve(user, version),
        "can_reject": approver and status == JourneyStatus.IN_REVIEW,
        "four_eyes_blocked": approver and status == JourneyStatus.IN_REVIEW and not approvals.may_approve(user, version),
        "can_publish": approver and status == JourneyStatus.APPROVED,
        "can_pause": approver and live is not None and live.status == JourneyStatus.LIVE,
        "can_resume": approver and live is not None and live.status == JourneyStatus.PAUSED,
        "can_archive": approver and live is not None,
        "can_comment": bool(mine & {roles.MARKETER, roles.APPROVER}),
        "is_editor": user.pk in editors,
        "may_approve": approvals.may_approve(user, version),
        "live_status": live.status if live else None,
        "notices_ws": "/ws/approvals/",
    }


# -- pages ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def journey_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create_or_import(request)
    search = request.GET.get("q", "").strip()
    journeys = list(selectors.journey_list(search=search)[:LIST_LIMIT])
    return render(request, "journeys/list.html", {"journeys": _list_rows(journeys), "search": search,
                                                  "can_create": roles.has_role(request.user, roles.MARKETER)})


def _create_or_import(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "create":
            journey = journey_services.journey_create(name=request.POST.get("name", ""), user=request.user)
        elif action == "import":
            upload = request.FILES.get("file")
            if upload is None:
                raise ServiceError("choose a schema-1 JSON file to import", field="file")
            if upload.size > MAX_IMPORT_BYTES:
                raise ServiceError("that file is larger than 2 MB", field="file")
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ServiceError(f"{upload.name} is not JSON: {exc}", field="file") from exc
            name = request.POST.get("name", "").strip() or None
            if name is None and not (isinstance(data, dict) and data.get("name")):
                name = upload.name.rsplit(".", 1)[0]
            journey = journey_services.journey_import(data, user=request.user, name=name)
        else:
            raise ServiceError("unknown action", field="action")
    except Forbidden as exc:
        return HttpResponseForbidden(exc.message)
    except SpecError as exc:
        messages.error(request, f"Not imported: {exc}")
        return redirect("journey-list")
    except ServiceError as exc:
        messages.error(request, f"{exc.field + ': ' if exc.field else ''}{exc.message}")
        return redirect("journey-list")
    return redirect("journey-editor", journey_id=journey.pk)


@login_required
@ensure_csrf_cookie
def journey_editor(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = get_object_or_404(Journey.objects.select_related("created_by"), pk=journey_id)
    live = selectors.journey_live_version(journey)
    editable = selectors.journey_editable_version(journey)
    view = request.GET.get("view", "")
    # A live version is shown read-only with counts when asked for, or when there is
    # nothing to edit; `?edit=1` starts a new draft from it (the first save creates it).
    live_mode = live is not None and (view == "live" or (editable is None and request.GET.get("edit") != "1"))
    if view == "live" and live is None:
        raise Http404("this journey has no live version")
    version = live if live_mode else selectors.journey_latest_version(journey)
    if version is None:
        raise Http404("this journey has no version")

    boot = {
        "journey": {
            "id": journey.pk, "name": journey.name, "status": journey.status,
            "live_version": live.number if live else None,
            "draft_version": editable.number if editable else None,
        },
        "mode": "live" if live_mode else "edit",
        "version": version.number,
        "version_status": version.status,
        "graph": version.graph,
        "etag": None if live_mode else version.etag,
        "counts": selectors.journey_node_counts(version) if live_mode else None,
        "ws_path": f"/ws/journeys/{journey.pk}/live/" if live_mode else None,
        "suggestions": _suggestions(),
        "workflow": _workflow(request.user, version, live),
        "links": {
            "history": f"/journeys/{journey.pk}/history/",
            "approvals": "/approvals/",
            "list": "/journeys/",
            "live": f"/journeys/{journey.pk}/?view=live" if live and not live_mode else None,
            "edit": (f"/journeys/{journey.pk}/" if editable else f"/journeys/{journey.pk}/?edit=1") if live_mode else None,
        },
    }
    context = {
        "journey": journey,
        "boot": boot,
        "bundle_missing": finders.find(EDITOR_BUNDLE) is None,
        "bundle_version": _bundle_version(),
        "editor_js": EDITOR_BUNDLE,
        "editor_css": EDITOR_STYLES,
        "debug": settings.DEBUG,
    }
    return render(request, "journeys/editor.html", context)
