"""What reviewers read and write beside the transitions: comments on a version, and its diff against live."""
from __future__ import annotations

from core import roles
from core.errors import Forbidden, InvalidInput, NotFound
from journeys.graph.diff import graph_diff, templates_diff
from journeys.models import Journey, JourneyVersion, ReviewComment
from journeys.models.journey import EDITABLE_STATUSES
from journeys.models.journey import JourneyStatus as S
from journeys.selectors.templates import version_templates
from journeys.services.audit import actor_name


def review_comment(version: JourneyVersion, user, body: str, node: str = "") -> ReviewComment:
    """Write a comment as given (the workflow's own: a submit or approve note, a rejection's reason)."""
    return ReviewComment.objects.create(version=version, author=user, author_name=actor_name(user),
                                        node=node, body=body)


def _version(journey: Journey, version_number: int | None) -> JourneyVersion | None:
    """Version `version_number`, else the editable one, else the newest."""
    versions = journey.versions.all()
    if version_number:
        return versions.filter(number=version_number).first()
    return versions.filter(status__in=EDITABLE_STATUSES).first() or versions.order_by("-number").first()


def comment_add(journey: Journey, *, user, body: str, node: str = "", version_number: int | None = None) -> ReviewComment:
    """A marketer's or approver's comment on a version (default: the editable one, else the newest), or on one of its nodes."""
    if user is not None and not roles.user_roles(user) & {roles.MARKETER, roles.APPROVER}:
        raise Forbidden("only marketers and approvers comment on versions", field="role")
    body = (body or "").strip()
    if not body:
        raise InvalidInput("the comment is empty", field="body")
    version = _version(journey, version_number)
    if version is None:
        raise NotFound(f"journey has no version {version_number}", field="version")
    if node and node not in {n["id"] for n in version.graph.get("nodes", [])}:
        raise InvalidInput(f"version {version.number} has no node {node!r}", field="node")
    return review_comment(version, user, body, node)


def version_diff(journey: Journey, version_number: int | None = None) -> dict:
    """The diff of a version (default: the editable one, else the newest) against the live version.

    `templates` compares the template content each sends: the live version's pinned content against the
    version's own once approved, else the templates as they are now (what approving it would pin).
    """
    version = _version(journey, version_number)
    if version is None:
        raise NotFound(f"journey has no version {version_number}", field="version")
    live = journey.versions.filter(status__in=[S.LIVE, S.PAUSED]).first()
    base = live if live is not None and live.pk != version.pk else None
    diff = graph_diff(base.graph if base else None, version.graph)
    templates = templates_diff(version_templates(base) if base else None, version_templates(version))
    return {"journey": journey.pk, "version": version.number, "version_status": version.status,
            "base_version": base.number if base else None, **diff, "templates": templates}
