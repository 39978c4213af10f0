"""`/audiences/` (segments with size and trend), `/audiences/new` and `/audiences/<key>/` (the editor).

The editor page only boots the React segment editor (static/editor/src/audiences/); it previews,
saves and uploads through the segments API, which checks permissions again.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from audiences.models import Segment
from audiences.pages import reads
from audiences.selectors import segments as segment_selectors
from audiences.pages.bundle import audiences_bundle_context
from core.permissions import is_allowed, role_page
from journeys.interface import editor_suggestions


@role_page("segments")
def segment_list(request: HttpRequest) -> HttpResponse:
    return render(request, "audiences/segments.html", {
        "segments": reads.segment_rows(), "can_edit": is_allowed(request.user, "segments", "POST"),
    })


def _editor(request: HttpRequest, segment: Segment | None) -> HttpResponse:
    can_edit = is_allowed(request.user, "segments", "POST")
    boot = {
        "segment": reads.segment_document(segment) if segment else None,
        "can_edit": can_edit,
        "links": {"list": "/audiences/", "contacts": f"/contacts/?segment={segment.key}" if segment else None,
                  "csv": f"/api/v1/segments/{segment.key}/members?format=csv" if segment else None},
        # The journey editor's own autocomplete: event names, traits and properties seen lately.
        "suggestions": editor_suggestions(),
    }
    return render(request, "audiences/editor.html", {
        "segment": segment, "boot": boot, "can_edit": can_edit, **audiences_bundle_context(),
    })


@role_page("segments")
@ensure_csrf_cookie
def segment_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@role_page("segments")
@ensure_csrf_cookie
def segment_detail(request: HttpRequest, key: str) -> HttpResponse:
    return _editor(request, segment_selectors.segment_get(key))
