"""Reads of the API's runtime and approval views: one journey or launch, enrollments, the version
stats are for, the audit log, review comments and a user's notifications."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from journeys.models import AuditEntry, Enrollment, Journey, JourneyVersion, Launch, Notification, ReviewComment
from journeys.selectors.filters import parse_number
from journeys.selectors.journeys import journey_latest_version, journey_live_version

AUDIT_LOG_LIMIT = 500
NOTIFICATIONS_LIMIT = 100


def journey_get(journey_id: int) -> Journey:
    """The journey; Http404 when there is none."""
    return get_object_or_404(Journey, pk=journey_id)


def stats_version(journey: Journey, number: str | None) -> JourneyVersion:
    """The version `?version=` names (Http404 when it has none, BadFilter when it is no number);
    default: the live version, else the newest."""
    if number is not None:
        return get_object_or_404(journey.versions, number=parse_number(number, "version"))
    return journey_live_version(journey) or journey_latest_version(journey)


def launch_get(journey_id: int, launch_id: int) -> Launch:
    """A launch of the journey; Http404 when there is none."""
    return get_object_or_404(Launch, pk=launch_id, journey_id=journey_id)


def enrollment_list(journey_id: int, *, user_id: str = "", state: str = "") -> QuerySet[Enrollment]:
    """The journey's enrollments with contact and version, optionally of one contact (userId) or in one state."""
    enrollments = Enrollment.objects.filter(journey_id=journey_id).select_related("contact", "version")
    if user_id:
        enrollments = enrollments.filter(contact__user_id=user_id)
    if state:
        enrollments = enrollments.filter(state=state)
    return enrollments


def audit_log(journey: Journey, limit: int = AUDIT_LOG_LIMIT) -> QuerySet[AuditEntry]:
    """Every transition and draft save of the journey, newest first."""
    return AuditEntry.objects.filter(journey=journey).order_by("-id")[:limit]


def review_comments(journey: Journey, version_number: int | None = None) -> QuerySet[ReviewComment]:
    """Comments on the journey's versions (or on one version), oldest first, with their version."""
    comments = ReviewComment.objects.filter(version__journey=journey).select_related("version")
    if version_number is not None:
        comments = comments.filter(version__number=version_number)
    return comments.order_by("id")


def notifications_recent(user, limit: int = NOTIFICATIONS_LIMIT) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-id")[:limit]


def notifications_unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
