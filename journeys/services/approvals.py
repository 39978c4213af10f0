"""The approval workflow (design section 5): guarded transitions of a JourneyVersion, the audit log,
review comments, notifications, and the diff against the live version.

    draft --submit--> in_review --approve--> approved --publish--> live <--pause/resume--> paused
      ^                  |                                           |  (a newer publish)    |
      +--reject/withdraw-+                                       finishing --archive--> archived

Every transition runs in one transaction that locks the journey row, checks the
version's current status against `TRANSITIONS` (a bad one raises `Conflict`, 409),
checks the user's role (`Forbidden`, 403), writes the new status and one
`AuditEntry`, and sends notices after commit.

`user=None` is a trusted system actor (the demo, the benchmark, tests about
something else): it holds every role and four eyes does not apply; its audit
entries read "system". Requests always pass their user, so API and browser
users follow the real workflow.
"""
from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import roles
from core.live import publish_on_commit
from journeys.models import (
    AuditAction,
    AuditEntry,
    Enrollment,
    Journey,
    JourneyVersion,
    Notification,
    ReviewComment,
)
from journeys.models.enrollment import LIVE_STATES, EnrollmentState
from journeys.models.journey import EDITABLE_STATUSES
from journeys.models.journey import JourneyStatus as S
from core import clock
from journeys.runtime import catalog
from core.errors import Conflict, Forbidden, InvalidInput, ValidationFailed

log = logging.getLogger(__name__)

SYSTEM = "system"

# action -> (statuses it starts from, status it ends in, role it needs)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    AuditAction.SUBMIT: ((S.DRAFT,), S.IN_REVIEW, roles.MARKETER),
    AuditAction.WITHDRAW: ((S.IN_REVIEW,), S.DRAFT, roles.MARKETER),
    AuditAction.APPROVE: ((S.IN_REVIEW,), S.APPROVED, roles.APPROVER),
    AuditAction.REJECT: ((S.IN_REVIEW,), S.DRAFT, roles.APPROVER),
    AuditAction.PUBLISH: ((S.APPROVED,), S.LIVE, roles.APPROVER),
    AuditAction.PAUSE: ((S.LIVE,), S.PAUSED, roles.APPROVER),
    AuditAction.RESUME: ((S.PAUSED,), S.LIVE, roles.APPROVER),
    AuditAction.ARCHIVE: ((S.LIVE, S.PAUSED, S.FINISHING), S.ARCHIVED, roles.APPROVER),
}


# -- small helpers ---------------------------------------------------------------------------


def content_hash(graph: dict) -> str:
    return hashlib.sha256(json.dumps(graph, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def actor_name(user) -> str:
    return user.get_username() if user is not None else SYSTEM


def audit(version: JourneyVersion, action: str, user, *, from_status: str = "", to_status: str = "",
          comment: str = "", details: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        journey_id=version.journey_id, version=version, version_number=version.number, action=action,
        actor=user, actor_name=actor_name(user), from_status=from_status, to_status=to_status,
        comment=comment, content_hash=content_hash(version.graph), details=details or {},
    )


def version_editors(version: JourneyVersion) -> set[int]:
    """Ids of everyone who edited this version: its creator, its savers (audit log) and its last editor."""
    ids = set(AuditEntry.objects.filter(version=version, action__in=[AuditAction.CREATE, AuditAction.SAVE],
                                        actor__isnull=False).values_list("actor_id", flat=True))
    ids.update(i for i in (version.created_by_id, version.updated_by_id) if i is not None)
    return ids


def may_approve(user, version: JourneyVersion) -> bool:
    """Four eyes: an approver who did not edit this version (or self-approval allowed)."""
    if user is None:
        return True
    if not roles.has_role(user, roles.APPROVER):
        return False
    return settings.JOURNEYS_ALLOW_SELF_APPROVAL or user.pk not in version_editors(version)


def _check_role(user, action: str) -> None:
    if user is None:
        return
    needed = TRANSITIONS[action][2]
    if not roles.has_role(user, needed):
        raise Forbidden(f"only a user with the {needed} role may {action}", field="role")


def _journey_status(journey: Journey) -> str:
    """The denormalised Journey.status: the live version's, else the editable one's, else the newest's."""
    versions = list(journey.versions.order_by("-number").values_list("status", flat=True))
    for group in ((S.LIVE, S.PAUSED), EDITABLE_STATUSES, (S.FINISHING,), (S.ARCHIVED,)):
        found = next((s for s in versions if s in group), None)
        if found:
            return found
    return S.DRAFT


def _refresh_journey_status(journey: Journey) -> None:
    journey.status = _journey_status(journey)
    journey.save(update_fields=["status", "updated_at"])


def _lock(journey: Journey) -> Journey:
    """Serialise workflow actions on one journey (and draft saves, which lock the same row)."""
    return Journey.objects.select_for_update().get(pk=journey.pk)


def _bad_transition(action: str, version: JourneyVersion | None, allowed: tuple[str, ...]) -> Conflict:
    if version is None:
        return Conflict(f"cannot {action}: the journey has no version that is {' or '.join(allowed)}", field="status")
    return Conflict(f"cannot {action} version {version.number}: it is {version.status}, "
                    f"and only a {' or '.join(allowed)} version can be {_past(action)}", field="status")


def _past(action: str) -> str:
    return {"submit": "submitted", "withdraw": "withdrawn", "approve": "approved", "reject": "rejected",
            "publish": "published", "pause": "paused", "resume": "resumed", "archive": "archived"}[action]


def _editable(journey: Journey) -> JourneyVersion | None:
    return journey.versions.select_for_update().filter(status__in=EDITABLE_STATUSES).first()


def _running(journey: Journey) -> JourneyVersion | None:
    return journey.versions.select_for_update().filter(status__in=[S.LIVE, S.PAUSED]).first()


def _move(version: JourneyVersion, action: str, user, *, comment: str = "", details: dict | None = None,
          extra_fields: tuple[str, ...] = ()) -> JourneyVersion:
    allowed, target, _ = TRANSITIONS[action]
    if version.status not in allowed:
        raise _bad_transition(action, version, allowed)
    before = version.status
    version.status = target
    version.save(update_fields=["status", "updated_at", *extra_fields])
    audit(version, action, user, from_status=before, to_status=target, comment=comment, details=details)
    return version


# -- the transitions ---------------------------------------------------------------------------


def version_submit(journey: Journey, *, user=None, comment: str = "", notify: bool = True) -> JourneyVersion:
    """draft -> in_review. A version with validation errors cannot be submitted (409 with the issues)."""
    from journeys.services.journeys import journey_validate, parse_graph

    _check_role(user, AuditAction.SUBMIT)
    with transaction.atomic():
        journey = _lock(journey)
        version = _editable(journey)
        allowed = TRANSITIONS[AuditAction.SUBMIT][0]
        if version is None or version.status not in allowed:
            raise _bad_transition("submit", version, allowed)
        issues = journey_validate(parse_graph(version.graph))
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise ValidationFailed(f"version {version.number} has {len(errors)} validation error(s); "
                                   "fix them before submitting it for approval", [i.to_dict() for i in issues])
        _move(version, AuditAction.SUBMIT, user, comment=comment)
        _refresh_journey_status(journey)
        if comment.strip():
            _comment(version, user, comment)
        if notify:
            _notify_approvers(journey, version, user)
    return version


def version_withdraw(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """in_review -> draft, by its author (someone who edited it), to change it again."""
    _check_role(user, AuditAction.WITHDRAW)
    with transaction.atomic():
        journey = _lock(journey)
        version = _editable(journey)
        allowed = TRANSITIONS[AuditAction.WITHDRAW][0]
        if version is None or version.status not in allowed:
            raise _bad_transition("withdraw", version, allowed)
        if user is not None and user.pk not in version_editors(version) | _submitters(version):
            raise Forbidden("only the author of a version may withdraw it", field="author")
        _move(version, AuditAction.WITHDRAW, user, comment=comment)
        _refresh_journey_status(journey)
    return version


def version_approve(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    _check_role(user, AuditAction.APPROVE)
    with transaction.atomic():
        journey = _lock(journey)
        version = _editable(journey)
        allowed = TRANSITIONS[AuditAction.APPROVE][0]
        if version is None or version.status not in allowed:
            raise _bad_transition("approve", version, allowed)
        if not may_approve(user, version):
            raise Forbidden("four eyes: you edited this version, so someone else must approve it", field="approver")
        _move(version, AuditAction.APPROVE, user, comment=comment)
        _refresh_journey_status(journey)
        if comment.strip():
            _comment(version, user, comment)
        _notify_authors(journey, version, user, "approved",
                        f"{actor_name(user)} approved {journey.name} v{version.number}")
    return version


def version_reject(journey: Journey, *, user=None, comment: str) -> JourneyVersion:
    """in_review -> draft with a mandatory comment, which also becomes a review comment for the author."""
    if not (comment or "").strip():
        raise InvalidInput("a rejection needs a comment saying what to change", field="comment")
    _check_role(user, AuditAction.REJECT)
    with transaction.atomic():
        journey = _lock(journey)
        version = _editable(journey)
        allowed = TRANSITIONS[AuditAction.REJECT][0]
        if version is None or version.status not in allowed:
            raise _bad_transition("reject", version, allowed)
        _move(version, AuditAction.REJECT, user, comment=comment.strip())
        _refresh_journey_status(journey)
        _comment(version, user, comment.strip())
        _notify_authors(journey, version, user, "rejected",
                        f"{actor_name(user)} rejected {journey.name} v{version.number}: {comment.strip()[:300]}")
    return version


def version_publish(journey: Journey, *, user=None, migrate_waiting: bool = False, comment: str = "") -> JourneyVersion:
    """approved -> live. The previous live (or paused) version becomes `finishing`: no new entries,
    contacts inside complete on it; or, with `migrate_waiting`, contacts waiting at a node that still
    exists (same id, same type) in the new version move onto it and continue there.

    A system actor (user None) takes a valid draft through submit and approve first.
    """
    with transaction.atomic():
        journey = _lock(journey)
        version = _editable(journey)
        if user is None and version is not None and version.status == S.DRAFT:
            version_submit(journey, user=None, notify=False)
            version = _editable(journey)
        if user is None and version is not None and version.status == S.IN_REVIEW:
            version_approve(journey, user=None)
            version = _editable(journey)
        _check_role(user, AuditAction.PUBLISH)
        allowed = TRANSITIONS[AuditAction.PUBLISH][0]
        if version is None or version.status not in allowed:
            if version is not None and version.status in (S.DRAFT, S.IN_REVIEW):
                raise Conflict(f"cannot publish version {version.number}: it is {version.status}; "
                               "it must be submitted and approved first", field="status")
            raise _bad_transition("publish", version, allowed)
        previous = _running(journey)
        moved = 0
        if previous is not None:
            before = previous.status
            previous.status = S.FINISHING
            previous.save(update_fields=["status", "updated_at"])
            if migrate_waiting:
                moved = _migrate_waiting(previous, version)
            audit(previous, AuditAction.FINISH, user, from_status=before, to_status=S.FINISHING,
                  details={"replaced_by": version.number, "moved_waiting": moved})
        version.published_at = timezone.now()
        _move(version, AuditAction.PUBLISH, user, comment=comment, extra_fields=("published_at",),
              details={"replaces": previous.number if previous else None, "migrate_waiting": migrate_waiting,
                       "moved_waiting": moved})
        _refresh_journey_status(journey)
        _notify_authors(journey, version, user, "published", f"{actor_name(user)} published {journey.name} v{version.number}")
        _catalog_changed()
    return version


def _migrate_waiting(old: JourneyVersion, new: JourneyVersion) -> int:
    """Waiting contacts of `old` whose node (same id and type) exists in `new` continue on `new`.

    Conditional on still WAITING: a row the scheduler claimed a moment ago stays on `old` and finishes
    there. The unique live enrollment per (journey, contact) is untouched, so nobody is enrolled twice.
    """
    old_types = {n["id"]: n["type"] for n in old.graph.get("nodes", [])}
    same = [n["id"] for n in new.graph.get("nodes", []) if old_types.get(n["id"]) == n["type"]]
    if not same:
        return 0
    return Enrollment.objects.filter(version=old, state=EnrollmentState.WAITING, current_node__in=same).update(
        version=new, updated_at=clock.now())


def version_pause(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """live -> paused: no entries, and the scheduler holds its waiting contacts (their waits do not fire)."""
    return _running_transition(journey, AuditAction.PAUSE, user, comment)


def version_resume(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """paused -> live: entries again, and waits that fell due during the pause fire on the next tick."""
    return _running_transition(journey, AuditAction.RESUME, user, comment)


def _running_transition(journey: Journey, action: str, user, comment: str) -> JourneyVersion:
    _check_role(user, action)
    with transaction.atomic():
        journey = _lock(journey)
        version = _running(journey)
        allowed = TRANSITIONS[action][0]
        if version is None or version.status not in allowed:
            raise _bad_transition(action, version, allowed)
        _move(version, action, user, comment=comment)
        _refresh_journey_status(journey)
        _catalog_changed()
    return version


def journey_archive(journey: Journey, *, user=None, comment: str = "") -> list[JourneyVersion]:
    """Every running version (live, paused, finishing) -> archived; every active or waiting enrollment
    of the journey ends with exit reason "archived". A draft, if any, stays (it may be published later)."""
    _check_role(user, AuditAction.ARCHIVE)
    with transaction.atomic():
        journey = _lock(journey)
        running = list(journey.versions.select_for_update().filter(status__in=TRANSITIONS[AuditAction.ARCHIVE][0]))
        if not running:
            raise Conflict("cannot archive: the journey has no live, paused or finishing version", field="status")
        now = clock.now()
        ended = Enrollment.objects.filter(journey=journey, state__in=LIVE_STATES).update(
            state=EnrollmentState.EXITED, exit_reason="archived", exited_at=now, wake_at=None, waiting_for="",
            updated_at=now)
        for version in running:
            _move(version, AuditAction.ARCHIVE, user, comment=comment, details={"ended_enrollments": ended})
        _refresh_journey_status(journey)
        _catalog_changed()
    return running


def _catalog_changed() -> None:
    catalog.invalidate()
    transaction.on_commit(catalog.invalidate)  # again: another thread may have reloaded before the commit


# -- comments ------------------------------------------------------------------------------------


def _comment(version: JourneyVersion, user, body: str, node: str = "") -> ReviewComment:
    return ReviewComment.objects.create(version=version, author=user, author_name=actor_name(user),
                                        node=node, body=body)


def comment_add(journey: Journey, *, user, body: str, node: str = "", version_number: int | None = None) -> ReviewComment:
    if user is not None and not roles.user_roles(user) & {roles.MARKETER, roles.APPROVER}:
        raise Forbidden("only marketers and approvers comment on versions", field="role")
    body = (body or "").strip()
    if not body:
        raise InvalidInput("the comment is empty", field="body")
    versions = journey.versions.all()
    version = (versions.filter(number=version_number).first() if version_number
               else (versions.filter(status__in=EDITABLE_STATUSES).first() or versions.order_by("-number").first()))
    if version is None:
        raise InvalidInput(f"journey has no version {version_number}", field="version")
    if node and node not in {n["id"] for n in version.graph.get("nodes", [])}:
        raise InvalidInput(f"version {version.number} has no node {node!r}", field="node")
    return _comment(version, user, body, node)


# -- notifications -------------------------------------------------------------------------------


def approvers_group() -> str:
    return "approvals"


def user_group(user_id: int) -> str:
    return f"journey-user-{user_id}"


def _approver_users(exclude=None):
    User = get_user_model()
    users = User.objects.filter(Q(groups__name=roles.APPROVER) | Q(is_superuser=True), is_active=True).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def _notify_approvers(journey: Journey, version: JourneyVersion, user) -> None:
    text = f"{actor_name(user)} submitted {journey.name} v{version.number} for review"
    Notification.objects.bulk_create([
        Notification(user=u, journey=journey, version_number=version.number, kind="submitted", text=text)
        for u in _approver_users(exclude=user)
    ])
    _push_on_commit(approvers_group(), {"kind": "submitted", "journey": journey.pk, "name": journey.name,
                                        "version": version.number, "by": actor_name(user), "text": text,
                                        "url": f"/journeys/{journey.pk}/"})


def _submitters(version: JourneyVersion) -> set[int]:
    return set(AuditEntry.objects.filter(version=version, action=AuditAction.SUBMIT, actor__isnull=False)
               .values_list("actor_id", flat=True))


def _notify_authors(journey: Journey, version: JourneyVersion, user, kind: str, text: str) -> None:
    authors = (version_editors(version) | _submitters(version)) - ({user.pk} if user is not None else set())
    Notification.objects.bulk_create([
        Notification(user_id=uid, journey=journey, version_number=version.number, kind=kind, text=text) for uid in authors
    ])
    payload = {"kind": kind, "journey": journey.pk, "name": journey.name, "version": version.number,
               "by": actor_name(user), "text": text, "url": f"/journeys/{journey.pk}/"}
    for uid in authors:
        _push_on_commit(user_group(uid), payload)


def _push_on_commit(group: str, payload: dict) -> None:
    publish_on_commit(group, {"type": "approval.notice", "notice": payload})


def notifications_mark_read(user, ids: list[int] | None = None) -> int:
    items = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        items = items.filter(id__in=ids)
    return items.update(read_at=timezone.now())


# -- the diff ------------------------------------------------------------------------------------


def graph_diff(base: dict | None, new: dict) -> dict:
    """What changed from `base` (the live graph; None: nothing live) to `new`, node by node.

    Positions are layout, not behaviour: a moved node is not a change.
    """
    base = base or {"nodes": [], "edges": [], "settings": {}}
    old_nodes = {n["id"]: n for n in base.get("nodes", [])}
    new_nodes = {n["id"]: n for n in new.get("nodes", [])}
    changed = []
    for node_id in sorted(old_nodes.keys() & new_nodes.keys()):
        a, b = old_nodes[node_id], new_nodes[node_id]
        if a.get("type") != b.get("type") or (a.get("config") or {}) != (b.get("config") or {}):
            ca, cb = a.get("config") or {}, b.get("config") or {}
            changed.append({
                "id": node_id, "type": b.get("type"), "old_type": a.get("type"),
                "fields": sorted(k for k in ca.keys() | cb.keys() if ca.get(k) != cb.get(k)),
                "old": ca, "new": cb,
            })

    def edge_key(e: dict) -> tuple:
        return (e.get("source"), e.get("port"), e.get("target"))

    old_edges = {edge_key(e) for e in base.get("edges", [])}
    new_edges = {edge_key(e) for e in new.get("edges", [])}
    as_dict = lambda k: {"source": k[0], "port": k[1], "target": k[2]}
    return {
        "nodes": {
            "added": [{"id": i, "type": new_nodes[i].get("type")} for i in sorted(new_nodes.keys() - old_nodes.keys())],
            "removed": [{"id": i, "type": old_nodes[i].get("type")} for i in sorted(old_nodes.keys() - new_nodes.keys())],
            "changed": changed,
        },
        "edges": {
            "added": [as_dict(k) for k in sorted(new_edges - old_edges, key=str)],
            "removed": [as_dict(k) for k in sorted(old_edges - new_edges, key=str)],
        },
        "settings_changed": (base.get("settings") or {}) != (new.get("settings") or {}),
    }


def version_diff(journey: Journey, version_number: int | None = None) -> dict:
    """The diff of a version (default: the editable one, else the newest) against the live version."""
    versions = journey.versions.all()
    if version_number:
        version = versions.filter(number=version_number).first()
        if version is None:
            raise InvalidInput(f"journey has no version {version_number}", field="version")
    else:
        version = versions.filter(status__in=EDITABLE_STATUSES).first() or versions.order_by("-number").first()
    live = versions.filter(status__in=[S.LIVE, S.PAUSED]).first()
    base = live if live is not None and live.pk != version.pk else None
    diff = graph_diff(base.graph if base else None, version.graph)
    return {"journey": journey.pk, "version": version.number, "version_status": version.status,
            "base_version": base.number if base else None, **diff}
