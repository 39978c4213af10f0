"""`/approvals/` and `/journeys/<id>/history/`: the pages of the approval workflow (design sections
5 and 6), the approvals inbox and a journey's version history (versions, audit log, diff against
the live version, review comments)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core import roles
from core.permissions import role_page
from journeys.models import AuditEntry, Journey, Notification, ReviewComment
from journeys.selectors import journeys as journey_selectors
from journeys.selectors.review_targets import broadcast_targets
from journeys.services import approvals, audit, review


@role_page("approvals")
def approvals_inbox(request: HttpRequest) -> HttpResponse:
    """Versions awaiting review (approvers act on them), and the user's own notifications."""
    rows = []
    versions = list(journey_selectors.versions_in_review())
    notices = list(Notification.objects.filter(user=request.user).select_related("journey").order_by("-id")[:50])
    # A broadcast's hidden journey is listed as its broadcast, reviewed on the broadcast's page.
    broadcasts = broadcast_targets({v.journey_id for v in versions} | {n.journey_id for n in notices})
    for version in versions:
        author = version.updated_by or version.created_by
        rows.append({"journey": version.journey, "version": version, "author": author.get_username() if author else "system",
                     "can_approve": approvals.may_approve(request.user, version),
                     "broadcast": broadcasts.get(version.journey_id)})
    for notice in notices:
        notice.broadcast = broadcasts.get(notice.journey_id)
    context = {"rows": rows, "notices": notices, "is_approver": roles.has_role(request.user, roles.APPROVER)}
    return render(request, "journeys/approvals.html", context)


@role_page("journeys")
def journey_history(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = get_object_or_404(Journey, pk=journey_id)
    versions = list(journey.versions.select_related("created_by", "updated_by").order_by("-number"))
    entries = AuditEntry.objects.filter(journey=journey).order_by("-id")[:500]
    comments = ReviewComment.objects.filter(version__journey=journey).select_related("version").order_by("id")
    diff = review.version_diff(journey) if versions else None
    context = {"journey": journey, "versions": [(v, audit.content_hash(v.graph)) for v in versions],
               "entries": entries, "comments": comments, "diff": diff}
    return render(request, "journeys/history.html", context)
