"""`/journeys/<id>/`: the editor page.

It embeds what the editor needs to draw at once (graph, ETag, suggestions, for a live
version its counts) so the canvas is interactive without waiting for an API round trip;
the editor then talks to the v1 API (draft, validate, templates) and, for a live
version, the websocket of journeys/consumers/live.py.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import ensure_csrf_cookie

from core import roles
from core.permissions import role_page
from journeys.models import Journey, JourneyVersion
from journeys.models.journey import JourneyStatus
from journeys.pages.assets import EDITOR_BUNDLE, EDITOR_STYLES, bundle_version
from journeys.selectors import journeys as journey_selectors
from journeys.services import approvals, audit


def _workflow(user, version: JourneyVersion, live: JourneyVersion | None,
              editable: JourneyVersion | None) -> dict:
    """What this user may do to the shown version: the editor shows only those buttons (the API
    checks again). Four eyes: an approver who edited the version gets no approve button.

    `can_edit` is journey_draft_save's rule: a marketer saves the draft or, when the journey has no
    editable version, starts the next draft from the shown one (`?edit=1` on a live journey)."""
    mine = roles.user_roles(user)
    marketer, approver = roles.MARKETER in mine, roles.APPROVER in mine
    status = version.status
    editors = audit.version_editors(version)
    return {
        "user": user.get_username(),
        "roles": sorted(mine),
        "can_edit": marketer and (editable is None or editable.status == JourneyStatus.DRAFT),
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


@role_page("journeys")
@ensure_csrf_cookie
def journey_editor(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = get_object_or_404(Journey.objects.select_related("created_by"), pk=journey_id)
    live = journey_selectors.journey_live_version(journey)
    editable = journey_selectors.journey_editable_version(journey)
    view = request.GET.get("view", "")
    # A live version is shown read-only with counts when asked for, or when there is
    # nothing to edit; `?edit=1` starts a new draft from it (the first save creates it).
    live_mode = live is not None and (view == "live" or (editable is None and request.GET.get("edit") != "1"))
    if view == "live" and live is None:
        raise Http404("this journey has no live version")
    version = live if live_mode else journey_selectors.journey_latest_version(journey)
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
        "counts": journey_selectors.journey_node_counts(version) if live_mode else None,
        "ws_path": f"/ws/journeys/{journey.pk}/live/" if live_mode else None,
        "suggestions": journey_selectors.editor_suggestions(),
        "workflow": _workflow(request.user, version, live, editable),
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
        "bundle_version": bundle_version(),
        "editor_js": EDITOR_BUNDLE,
        "editor_css": EDITOR_STYLES,
        "debug": settings.DEBUG,
    }
    return render(request, "journeys/editor.html", context)
