"""`/broadcasts/` (list), `/broadcasts/new/` (the form) and `/broadcasts/<id>/` (review actions and stats).

Reads go through the broadcasts selectors; every write goes through the JSON API
(`/api/v1/broadcasts…`, static/js/broadcasts.js with the session and its CSRF token), which checks the
role, the status and four eyes again. So the pages depend only on the API's contract for writes.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from audiences.models import Segment
from broadcasts.models import BroadcastStatus
from broadcasts.pages.actions import available_actions
from broadcasts.selectors import broadcasts as selectors
from broadcasts.services.broadcasts import EDITABLE
from broadcasts.services.validation import MAX_SPREAD_MINUTES
from channels_app.models import Channel, MessageTemplate
from core import roles
from core.errors import InvalidInput
from core.permissions import role_page

LIST_LIMIT = 200  # newest first; older ones stay reachable through the API's cursor pages


@role_page("broadcasts")
def broadcast_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    try:
        broadcasts = list(selectors.broadcast_list(status or None)[:LIST_LIMIT])
    except InvalidInput as exc:
        messages.error(request, exc.message)
        status, broadcasts = "", list(selectors.broadcast_list()[:LIST_LIMIT])
    sizes = selectors.segment_sizes({b.segment for b in broadcasts if b.audience_size is None})
    rows = [{"broadcast": b, "audience": b.audience_size if b.audience_size is not None else sizes.get(b.segment, 0)}
            for b in broadcasts]
    return render(request, "broadcasts/list.html", {
        "rows": rows, "status": status, "statuses": BroadcastStatus.values,
        "can_create": roles.has_role(request.user, roles.MARKETER),
    })


def _form_choices() -> dict:
    """What the create and edit forms offer (templates/broadcasts/_fields.html)."""
    return {
        "segments": list(Segment.objects.order_by("name", "key").values("key", "name", "size")),
        "templates": list(MessageTemplate.objects.order_by("channel", "slug").values("slug", "name", "channel")),
        "channels": Channel.values, "max_spread": MAX_SPREAD_MINUTES,
    }


@role_page("broadcasts")
@ensure_csrf_cookie
def broadcast_new(request: HttpRequest) -> HttpResponse:
    return render(request, "broadcasts/form.html", {
        **_form_choices(), "can_create": roles.has_role(request.user, roles.MARKETER),
    })


@role_page("broadcasts")
@ensure_csrf_cookie
def broadcast_detail(request: HttpRequest, broadcast_id: int) -> HttpResponse:
    broadcast = selectors.broadcast_get(broadcast_id)
    stats = selectors.broadcast_stats(broadcast)
    segment = Segment.objects.filter(key=broadcast.segment).values("key", "name").first()
    template = MessageTemplate.objects.filter(slug=broadcast.template).values("slug", "name", "channel").first()
    # The API edits drafts and rejected ones (an edit makes it a draft again), and only for marketers.
    can_edit = broadcast.status in EDITABLE and roles.has_role(request.user, roles.MARKETER)
    return render(request, "broadcasts/detail.html", {
        **(_form_choices() if can_edit else {}), "can_edit": can_edit,
        "broadcast": broadcast, "stats": stats, "segment": segment, "template": template,
        "actions": available_actions(request.user, broadcast),
        "funnel": [(_("Audience"), stats["audience_size"]), (_("Sent"), stats["sent"]),
                   (_("Delivered"), stats["delivered"]), (_("Opened"), stats["opened"]),
                   (_("Clicked"), stats["clicked"]), (_("Converted"), stats["converted"])],
        "held": [(_("Queued"), stats["queued"]), (_("Failed"), stats["failed"]),
                 (_("Suppressed"), stats["suppressed"]), (_("Capped"), stats["capped"]),
                 (_("Deferred (quiet hours)"), stats["deferred"])],
    })
