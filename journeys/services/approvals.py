"""The approval workflow (design section 5): guarded transitions of a JourneyVersion.

    draft --submit--> in_review --approve--> approved --publish--> live <--pause/resume--> paused
      ^                  |                                           |  (a newer publish)    |
      +--reject/withdraw-+                                       finishing --archive--> archived

Every transition runs in one transaction and starts with `_transition`: it checks the
user's role (`Forbidden`, 403), locks the journey row, picks the version the action
applies to and checks its status against `TRANSITIONS` (a bad one raises `Conflict`,
409). The action then writes the new status and one audit entry (`_move`), and its
notices go out after commit (journeys/services/notifications.py).

`user=None` is a trusted system actor (the demo, the benchmark, tests about
something else): it holds every role and four eyes does not apply; its audit
entries read "system". Requests always pass their user, so API and browser
users follow the real workflow.
"""
from __future__ import annotations

from typing import Callable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from core import clock, roles
from core.errors import Conflict, Forbidden, InvalidInput, ValidationFailed
from journeys.graph.spec import Graph
from journeys.models import AuditAction, Enrollment, Journey, JourneyVersion
from journeys.models.enrollment import LIVE_STATES, EnrollmentState
from journeys.models.journey import EDITABLE_STATUSES
from journeys.models.journey import JourneyStatus as S
from journeys.runtime import catalog
from journeys.services import approval_text, audit, notifications
from journeys.services.pinning import freeze_templates
from journeys.services.review import review_comment
from journeys.services.validation import journey_validate

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


def may_approve(user, version: JourneyVersion) -> bool:
    """Four eyes: an approver who did not edit this version (or self-approval allowed)."""
    if user is None:
        return True
    if not roles.has_role(user, roles.APPROVER):
        return False
    return settings.JOURNEYS_ALLOW_SELF_APPROVAL or user.pk not in audit.version_editors(version)


# -- the one way into a transition ------------------------------------------------------------


def _editable(journey: Journey) -> JourneyVersion | None:
    return journey.versions.select_for_update().filter(status__in=EDITABLE_STATUSES).first()


def _running(journey: Journey) -> JourneyVersion | None:
    return journey.versions.select_for_update().filter(status__in=[S.LIVE, S.PAUSED]).first()


def _archivable(journey: Journey) -> JourneyVersion | None:
    return journey.versions.select_for_update().filter(status__in=TRANSITIONS[AuditAction.ARCHIVE][0]).first()


def _refusal(action: str, version: JourneyVersion | None, allowed: tuple[str, ...]) -> Conflict:
    if version is None and action == AuditAction.ARCHIVE:
        return Conflict(approval_text.no_archivable_version(), field="status")
    if version is None:
        return Conflict(approval_text.no_version(action, allowed), field="status")
    if action == AuditAction.PUBLISH and version.status in (S.DRAFT, S.IN_REVIEW):
        return Conflict(approval_text.not_yet_approved(version.number, version.status), field="status")
    return Conflict(approval_text.wrong_status(action, version.number, version.status, allowed), field="status")


def _transition(journey: Journey, action: str, user,
                pick: Callable[[Journey], JourneyVersion | None] = _editable) -> tuple[Journey, JourneyVersion]:
    """Start `action` inside the caller's transaction: role check, journey row lock, the version `pick`
    chooses, and its status checked against `TRANSITIONS`. Returns the locked journey and that version.

    The lock serialises workflow actions on one journey (and draft saves, which lock the same row).
    """
    allowed, _, needed = TRANSITIONS[action]
    if user is not None and not roles.has_role(user, needed):
        raise Forbidden(approval_text.role_refusal(needed, action), field="role")
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    version = pick(journey)
    if version is None or version.status not in allowed:
        raise _refusal(action, version, allowed)
    return journey, version


def _move(version: JourneyVersion, action: str, user, *, comment: str = "", details: dict | None = None,
          extra_fields: tuple[str, ...] = ()) -> None:
    """Write the action's target status and its audit entry."""
    before, version.status = version.status, TRANSITIONS[action][1]
    version.save(update_fields=["status", "updated_at", *extra_fields])
    audit.record(version, action, user, from_status=before, to_status=version.status, comment=comment, details=details)


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


def _catalog_changed() -> None:
    catalog.invalidate()
    transaction.on_commit(catalog.invalidate)  # again: another thread may have reloaded before the commit


# -- the transitions ---------------------------------------------------------------------------


def version_submit(journey: Journey, *, user=None, comment: str = "", notify: bool = True) -> JourneyVersion:
    """draft -> in_review. A version with validation errors cannot be submitted (409 listing the findings)."""
    with transaction.atomic():
        journey, version = _transition(journey, AuditAction.SUBMIT, user)
        findings = journey_validate(Graph.from_dict(version.graph))
        errors = [i for i in findings if i.severity == "error"]
        if errors:
            message = gettext(
                "version %(number)s has %(count)s validation error(s); fix them before submitting it for approval")
            raise ValidationFailed(message % {"number": version.number, "count": len(errors)},
                                   [i.to_dict() for i in findings])
        _move(version, AuditAction.SUBMIT, user, comment=comment)
        _refresh_journey_status(journey)
        if comment.strip():
            review_comment(version, user, comment)
        if notify:
            notifications.notify_approvers(journey, version, user)
    return version


def version_withdraw(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """in_review -> draft, by its author (someone who edited or submitted it), to change it again."""
    with transaction.atomic():
        journey, version = _transition(journey, AuditAction.WITHDRAW, user)
        if user is not None and user.pk not in audit.version_authors(version):
            raise Forbidden(gettext("only the author of a version may withdraw it"), field="author")
        _move(version, AuditAction.WITHDRAW, user, comment=comment)
        _refresh_journey_status(journey)
    return version


def version_approve(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """in_review -> approved, by an approver who did not edit it (four eyes, see `may_approve`)."""
    with transaction.atomic():
        journey, version = _transition(journey, AuditAction.APPROVE, user)
        if not may_approve(user, version):
            raise Forbidden(gettext("four eyes: you edited this version, so someone else must approve it"),
                            field="approver")
        pinned = freeze_templates(version)
        _move(version, AuditAction.APPROVE, user, comment=comment, details={"templates": pinned},
              extra_fields=("templates",))
        _refresh_journey_status(journey)
        if comment.strip():
            review_comment(version, user, comment)
        notifications.notify_authors(journey, version, user, "approved")
    return version


def version_reject(journey: Journey, *, user=None, comment: str) -> JourneyVersion:
    """in_review -> draft with a mandatory comment, which also becomes a review comment for the author."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(gettext("a rejection needs a comment saying what to change"), field="comment")
    with transaction.atomic():
        journey, version = _transition(journey, AuditAction.REJECT, user)
        _move(version, AuditAction.REJECT, user, comment=comment)
        _refresh_journey_status(journey)
        review_comment(version, user, comment)
        notifications.notify_authors(journey, version, user, "rejected", comment)
    return version


def _system_review(journey: Journey) -> None:
    """The system actor's publish takes a draft through submit and approve first, each step in the audit log."""
    version = _editable(Journey.objects.select_for_update().get(pk=journey.pk))
    if version is not None and version.status == S.DRAFT:
        version_submit(journey, user=None, notify=False)
        version = _editable(journey)
    if version is not None and version.status == S.IN_REVIEW:
        version_approve(journey, user=None)


def version_publish(journey: Journey, *, user=None, migrate_waiting: bool = False, comment: str = "") -> JourneyVersion:
    """approved -> live. The previous live (or paused) version becomes `finishing`: no new entries,
    contacts inside complete on it; or, with `migrate_waiting`, contacts waiting at a node that still
    exists (same id, same type) in the new version move onto it and continue there.

    A system actor (user None) takes a valid draft through submit and approve first.
    """
    with transaction.atomic():
        if user is None:
            _system_review(journey)
        journey, version = _transition(journey, AuditAction.PUBLISH, user)
        if version.templates is None:  # approved before templates were pinned: pin them now
            freeze_templates(version)
        previous = _running(journey)
        moved = 0
        if previous is not None:
            before = previous.status
            previous.status = S.FINISHING
            previous.save(update_fields=["status", "updated_at"])
            if migrate_waiting:
                moved = _migrate_waiting(previous, version)
            audit.record(previous, AuditAction.FINISH, user, from_status=before, to_status=S.FINISHING,
                         details={"replaced_by": version.number, "moved_waiting": moved})
        version.published_at = clock.now()
        _move(version, AuditAction.PUBLISH, user, comment=comment, extra_fields=("published_at", "templates"),
              details={"replaces": previous.number if previous else None, "migrate_waiting": migrate_waiting,
                       "moved_waiting": moved})
        _refresh_journey_status(journey)
        notifications.notify_authors(journey, version, user, "published")
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
    return _pause_or_resume(journey, AuditAction.PAUSE, user, comment)


def version_resume(journey: Journey, *, user=None, comment: str = "") -> JourneyVersion:
    """paused -> live: entries again, and waits that fell due during the pause fire on the next tick."""
    return _pause_or_resume(journey, AuditAction.RESUME, user, comment)


def _pause_or_resume(journey: Journey, action: str, user, comment: str) -> JourneyVersion:
    with transaction.atomic():
        journey, version = _transition(journey, action, user, pick=_running)
        _move(version, action, user, comment=comment)
        _refresh_journey_status(journey)
        _catalog_changed()
    return version


def journey_archive(journey: Journey, *, user=None, comment: str = "") -> list[JourneyVersion]:
    """Every running version (live, paused, finishing) -> archived; every active or waiting enrollment
    of the journey ends with exit reason "archived". A draft, if any, stays (it may be published later)."""
    with transaction.atomic():
        journey, _ = _transition(journey, AuditAction.ARCHIVE, user, pick=_archivable)
        running = list(journey.versions.select_for_update().filter(status__in=TRANSITIONS[AuditAction.ARCHIVE][0]))
        now = clock.now()
        ended = Enrollment.objects.filter(journey=journey, state__in=LIVE_STATES).update(
            state=EnrollmentState.EXITED, exit_reason="archived", exited_at=now, wake_at=None, waiting_for="",
            updated_at=now)
        for version in running:
            _move(version, AuditAction.ARCHIVE, user, comment=comment, details={"ended_enrollments": ended})
        _refresh_journey_status(journey)
        _catalog_changed()
    return running
