"""Broadcast writes (design section 10): create, edit, delete, and the approval workflow, each one transaction.

A broadcast owns a hidden one-step journey (kind "broadcast", broadcasts/services/graph.py) kept in step with
it: submit, approve, reject and publish are the journey workflow's own transitions (journeys.services.approvals
through journeys.interface), so roles, four eyes, the audit log and template pinning are the journeys'. The
broadcast's status says where it stands; its journey version's status says where the approval stands.

    draft/rejected --submit--> pending_review --approve--> approved --publish--> scheduled --due--> sending --> sent
                                     +--reject--> rejected                 (send_at null: straight to sending)
    any state but sent --cancel--> cancelled
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from broadcasts.models import Broadcast, BroadcastStatus as S
from broadcasts.services import sending
from broadcasts.services.graph import broadcast_graph
from broadcasts.services.validation import FIELDS, check_segment, checked_fields
from core import clock, roles
from core.errors import Conflict, Forbidden
import journeys.interface as journeys

EDITABLE = (S.DRAFT, S.REJECTED)
CANCELLABLE = (S.DRAFT, S.REJECTED, S.PENDING_REVIEW, S.APPROVED, S.SCHEDULED, S.SENDING)
# The journey version's editable statuses -> the broadcast's (a draft version: the broadcast is editable).
REVIEW_STATES = {"draft": None, "in_review": S.PENDING_REVIEW, "approved": S.APPROVED}


def _require(user, role: str, doing: str) -> None:
    """user None is a trusted system actor (tests about something else, scripts)."""
    if user is not None and not roles.has_role(user, role):
        raise Forbidden(_("only a user with the %(role)s role may %(doing)s") % {"role": role, "doing": doing},
                        field="role")


def _locked(broadcast: Broadcast) -> Broadcast:
    return _reconciled(Broadcast.objects.select_for_update().get(pk=broadcast.pk))


def _reconciled(broadcast: Broadcast) -> Broadcast:
    """Follow its journey's workflow where it moved through the journeys' own door (the approvals inbox
    links to the journey): in review, approved, or back to draft (rejected or withdrawn there)."""
    if broadcast.status not in (*EDITABLE, S.PENDING_REVIEW, S.APPROVED) or broadcast.journey_id is None:
        return broadcast
    version = (journeys.JourneyVersion.objects.filter(journey_id=broadcast.journey_id, status__in=REVIEW_STATES)
               .values_list("status", flat=True).first())
    if version is None:
        return broadcast
    status = REVIEW_STATES.get(version) or (broadcast.status if broadcast.status in EDITABLE else S.REJECTED)
    return broadcast if status == broadcast.status else _set_status(broadcast, status)


def _expect(broadcast: Broadcast, allowed: tuple[str, ...], doing: str) -> None:
    if broadcast.status not in allowed:
        raise Conflict(_("cannot %(doing)s: the broadcast is %(status)s (it must be %(allowed)s)")
                       % {"doing": doing, "status": broadcast.status, "allowed": " or ".join(allowed)}, field="status")


def _journey_name(name: str) -> str:
    """The broadcast's own name: its journey is told apart by `kind`, so the logs show what the marketer typed
    (an English prefix would be data no catalogue translates)."""
    return name[:200]


def _set_status(broadcast: Broadcast, status: str, *extra: str) -> Broadcast:
    broadcast.status = status
    broadcast.save(update_fields=["status", "updated_at", *extra])
    return broadcast


def broadcast_create(*, user, name, segment, channel, template, send_at=None, send_over_minutes=0) -> Broadcast:
    _require(user, roles.MARKETER, _("create broadcasts"))
    fields = checked_fields({"name": name, "segment": segment, "channel": channel, "template": template,
                             "send_at": send_at, "send_over_minutes": send_over_minutes})
    with transaction.atomic():
        broadcast = Broadcast.objects.create(**fields, created_by=user)
        graph = journeys.parse_graph(broadcast_graph(broadcast.pk, channel=fields["channel"],
                                                     template=fields["template"]))
        journey = journeys.journey_create(name=_journey_name(fields["name"]), graph=graph, user=user)
        journeys.Journey.objects.filter(pk=journey.pk).update(kind=journeys.JourneyKind.BROADCAST)
        broadcast.journey = journey
        broadcast.save(update_fields=["journey"])
    return broadcast


def broadcast_update(broadcast: Broadcast, *, user, **fields) -> Broadcast:
    """Change any of FIELDS while the broadcast is a draft (or rejected: editing it makes it a draft again)."""
    _require(user, roles.MARKETER, _("edit broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        if broadcast.status not in EDITABLE:
            message = _("the broadcast is %(status)s: it can no longer be edited; cancel it and create another")
            raise Conflict(message % {"status": broadcast.status}, field="status")
        merged = {name: getattr(broadcast, name) for name in FIELDS}
        merged.update(fields)
        checked = checked_fields(merged)
        for name, value in checked.items():
            setattr(broadcast, name, value)
        broadcast.status = S.DRAFT
        broadcast.save()
        graph = journeys.parse_graph(broadcast_graph(broadcast.pk, channel=broadcast.channel,
                                                     template=broadcast.template))
        # Every edit is a save of the journey's draft by this user: four eyes then knows who edited it.
        journeys.journey_draft_save(broadcast.journey, graph=graph, user=user)
        journeys.Journey.objects.filter(pk=broadcast.journey_id).update(name=_journey_name(broadcast.name))
    return broadcast


def broadcast_delete(broadcast: Broadcast, *, user) -> None:
    """Only a broadcast that was never submitted since its last edit (draft, rejected) goes away entirely."""
    _require(user, roles.MARKETER, _("delete broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, EDITABLE, _("delete it"))
        journey = broadcast.journey
        broadcast.delete()
        if journey is not None:
            journeys.journey_delete(journey, user=user)


def broadcast_submit(broadcast: Broadcast, *, user, comment: str = "") -> Broadcast:
    _require(user, roles.MARKETER, _("submit broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, EDITABLE, _("submit it"))
        journeys.version_submit(broadcast.journey, user=user, comment=comment)
        return _set_status(broadcast, S.PENDING_REVIEW)


def broadcast_approve(broadcast: Broadcast, *, user, comment: str = "") -> Broadcast:
    """Four eyes and template pinning are the journey workflow's: someone who edited it may not approve it."""
    _require(user, roles.APPROVER, _("approve broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, (S.PENDING_REVIEW,), _("approve it"))
        journeys.version_approve(broadcast.journey, user=user, comment=comment)
        return _set_status(broadcast, S.APPROVED)


def broadcast_reject(broadcast: Broadcast, *, user, comment: str) -> Broadcast:
    _require(user, roles.APPROVER, _("reject broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, (S.PENDING_REVIEW,), _("reject it"))
        journeys.version_reject(broadcast.journey, user=user, comment=comment)
        return _set_status(broadcast, S.REJECTED)


def broadcast_publish(broadcast: Broadcast, *, user) -> Broadcast:
    """Make its journey live; with no send_at (or one already passed) it starts sending now, else it is
    scheduled and the scheduler starts it when send_at comes (sending.broadcasts_start_due)."""
    _require(user, roles.APPROVER, _("publish broadcasts"))
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, (S.APPROVED,), _("publish it"))
        check_segment(broadcast.segment)  # deleted since approval: a 400 naming it, nothing published
        if not broadcast.journey.versions.filter(status="live").exists():  # not yet published at the journey
            journeys.version_publish(broadcast.journey, user=user)
        now = clock.now()
        broadcast.published_at = now
        if broadcast.send_at is not None and broadcast.send_at > now:
            return _set_status(broadcast, S.SCHEDULED, "published_at")
        _set_status(broadcast, S.SENDING, "published_at")
        sending.broadcast_start(broadcast, now)
    return broadcast


def broadcast_cancel(broadcast: Broadcast, *, user) -> Broadcast:
    """Stop it: before publishing, the broadcast simply ends; once published (scheduled or sending) its
    journey is archived (an approver's step, as for journeys), which ends every contact not yet sent to,
    its launch stops and the messages still queued are failed as cancelled."""
    if user is not None and not roles.user_roles(user) & {roles.MARKETER, roles.APPROVER}:
        raise Forbidden(_("only marketers and approvers may cancel broadcasts"), field="role")
    with transaction.atomic():
        broadcast = _locked(broadcast)
        _expect(broadcast, CANCELLABLE, _("cancel it"))
        if broadcast.status in (S.SCHEDULED, S.SENDING):
            _require(user, roles.APPROVER, _("cancel a published broadcast"))
            journeys.journey_archive(broadcast.journey, user=user, comment="broadcast cancelled")
            sending.broadcast_stop(broadcast, clock.now())
        else:
            if broadcast.status == S.PENDING_REVIEW:  # out of the approvers' inbox
                journeys.version_reject(broadcast.journey, user=None, comment="broadcast cancelled")
        broadcast.finished_at = clock.now()
        return _set_status(broadcast, S.CANCELLED, "finished_at")
