"""Approval notifications: a stored one per recipient, and a live notice after commit (core.live).

Approvers hear of submissions; a version's authors (its editors and submitters) hear of its
approval, rejection and publication. The groups and message type are journeys/live_groups.py's.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from core import clock, roles
from core.live import publish_on_commit
from journeys.live_groups import APPROVAL_NOTICE, APPROVERS_GROUP, user_group
from journeys.models import Journey, JourneyVersion, Notification
from journeys.models.journey import JourneyKind
from journeys.selectors.review_targets import broadcast_targets, review_url
from journeys.services.audit import actor_name, version_authors
from workspace.services.preferences import user_languages

# Written once per recipient, in their language (their stored choice, else the language of the request that
# caused it): the approvals page shows the stored text as it is.
NOTICE_TEXTS = {
    "submitted": gettext_lazy("%(by)s submitted %(name)s v%(version)s for review"),
    "approved": gettext_lazy("%(by)s approved %(name)s v%(version)s"),
    "rejected": gettext_lazy("%(by)s rejected %(name)s v%(version)s: %(comment)s"),
    "published": gettext_lazy("%(by)s published %(name)s v%(version)s"),
}
BROADCAST_SUBJECT = gettext_lazy("broadcast “%(name)s”")


def _approver_users(exclude=None):
    User = get_user_model()
    users = User.objects.filter(Q(groups__name=roles.APPROVER) | Q(is_superuser=True), is_active=True).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def _notice(journey: Journey, version: JourneyVersion, user, kind: str, text: str) -> dict:
    return {"kind": kind, "journey": journey.pk, "name": journey.name, "version": version.number,
            "by": actor_name(user), "text": text, "url": review_url(journey)}


def _publish(group: str, notice: dict) -> None:
    publish_on_commit(group, {"type": APPROVAL_NOTICE, "notice": notice})


def notice_texts(kind: str, params: dict, user_ids) -> dict[int, str]:
    """The notice for each recipient in their language."""
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    chosen = user_languages(user_ids)
    texts = {}
    for uid in user_ids:
        with translation.override(chosen.get(uid, fallback)):
            texts[uid] = (str(NOTICE_TEXTS[kind]) % params)[:500]
    return texts


def _subject(journey: Journey):
    """What the notice names: the journey, or for a broadcast's hidden journey the broadcast, said in each
    recipient's language when the text is written (hence lazy)."""
    if journey.kind != JourneyKind.BROADCAST:
        return journey.name
    target = broadcast_targets([journey.pk]).get(journey.pk)
    if target is None:
        return journey.name
    return lazy(lambda: str(BROADCAST_SUBJECT) % {"name": target["name"]}, str)()


def _params(journey: Journey, version: JourneyVersion, user, comment: str = "") -> dict:
    return {"by": actor_name(user), "name": _subject(journey), "version": version.number, "comment": comment[:300]}


def notify_approvers(journey: Journey, version: JourneyVersion, user) -> None:
    """`user` submitted the version: every other approver is told."""
    approvers = list(_approver_users(exclude=user).values_list("pk", flat=True))
    texts = notice_texts("submitted", _params(journey, version, user), approvers)
    Notification.objects.bulk_create([
        Notification(user_id=uid, journey=journey, version_number=version.number, kind="submitted", text=texts[uid])
        for uid in approvers
    ])
    text = str(NOTICE_TEXTS["submitted"]) % _params(journey, version, user)
    _publish(APPROVERS_GROUP, _notice(journey, version, user, "submitted", text))


def notify_authors(journey: Journey, version: JourneyVersion, user, kind: str, comment: str = "") -> None:
    """`user` decided on the version (`kind`: approved, rejected, published): its other authors are told."""
    authors = version_authors(version) - ({user.pk} if user is not None else set())
    texts = notice_texts(kind, _params(journey, version, user, comment), authors)
    Notification.objects.bulk_create([
        Notification(user_id=uid, journey=journey, version_number=version.number, kind=kind, text=texts[uid])
        for uid in authors
    ])
    for uid in authors:
        _publish(user_group(uid), _notice(journey, version, user, kind, texts[uid]))


def notifications_mark_read(user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only those in `ids` when given); how many were."""
    items = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        items = items.filter(id__in=ids)
    return items.update(read_at=clock.now())
