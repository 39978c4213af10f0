"""Approval notifications: a stored one per recipient, and a live notice after commit (core.live).

Approvers hear of submissions; a version's authors (its editors and submitters) hear of its
approval, rejection and publication. The groups and message type are journeys/live_groups.py's.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from core import clock, roles
from core.live import publish_on_commit
from journeys.live_groups import APPROVAL_NOTICE, APPROVERS_GROUP, user_group
from journeys.models import Journey, JourneyVersion, Notification
from journeys.services.audit import actor_name, version_authors


def _approver_users(exclude=None):
    User = get_user_model()
    users = User.objects.filter(Q(groups__name=roles.APPROVER) | Q(is_superuser=True), is_active=True).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def _notice(journey: Journey, version: JourneyVersion, user, kind: str, text: str) -> dict:
    return {"kind": kind, "journey": journey.pk, "name": journey.name, "version": version.number,
            "by": actor_name(user), "text": text, "url": f"/journeys/{journey.pk}/"}


def _publish(group: str, notice: dict) -> None:
    publish_on_commit(group, {"type": APPROVAL_NOTICE, "notice": notice})


def notify_approvers(journey: Journey, version: JourneyVersion, user) -> None:
    """`user` submitted the version: every other approver is told."""
    text = f"{actor_name(user)} submitted {journey.name} v{version.number} for review"
    Notification.objects.bulk_create([
        Notification(user=u, journey=journey, version_number=version.number, kind="submitted", text=text)
        for u in _approver_users(exclude=user)
    ])
    _publish(APPROVERS_GROUP, _notice(journey, version, user, "submitted", text))


def notify_authors(journey: Journey, version: JourneyVersion, user, kind: str, text: str) -> None:
    """`user` decided on the version (`kind`: approved, rejected, published): its other authors are told."""
    authors = version_authors(version) - ({user.pk} if user is not None else set())
    Notification.objects.bulk_create([
        Notification(user_id=uid, journey=journey, version_number=version.number, kind=kind, text=text) for uid in authors
    ])
    notice = _notice(journey, version, user, kind, text)
    for uid in authors:
        _publish(user_group(uid), notice)


def notifications_mark_read(user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only those in `ids` when given); how many were."""
    items = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        items = items.filter(id__in=ids)
    return items.update(read_at=clock.now())
