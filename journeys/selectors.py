"""Reads used by views, the API and commands. No writes here."""
from __future__ import annotations

from django.db.models import QuerySet

from channels_app.models import MessageTemplate
from journeys.models import Contact, Journey, JourneyVersion
from journeys.models.journey import EDITABLE_STATUSES, JourneyStatus


def template_channels() -> dict[str, str]:
    """slug -> channel, what graph validation needs to check send nodes."""
    return dict(MessageTemplate.objects.values_list("slug", "channel"))


def journey_list(*, search: str = "", status: str = "") -> QuerySet[Journey]:
    journeys = Journey.objects.select_related("created_by").order_by("-id")
    if search:
        journeys = journeys.filter(name__icontains=search)
    if status:
        journeys = journeys.filter(status=status)
    return journeys


def journey_editable_version(journey: Journey) -> JourneyVersion | None:
    return journey.versions.filter(status__in=EDITABLE_STATUSES).first()


def journey_live_version(journey: Journey) -> JourneyVersion | None:
    return journey.versions.filter(status__in=[JourneyStatus.LIVE, JourneyStatus.PAUSED]).first()


def journey_latest_version(journey: Journey) -> JourneyVersion:
    """The version the editor shows: the editable one, else the newest."""
    return journey_editable_version(journey) or journey.versions.order_by("-number").first()


def versions_in_review() -> QuerySet[JourneyVersion]:
    """The approvals inbox: versions awaiting review, oldest first."""
    return (JourneyVersion.objects.filter(status=JourneyStatus.IN_REVIEW)
            .select_related("journey", "updated_by", "created_by").order_by("updated_at"))


def contact_by_user_id(user_id: str) -> Contact | None:
    return Contact.objects.filter(user_id=user_id).first()


def journey_node_counts(version: JourneyVersion) -> dict[str, dict[str, int]]:
    """Per node of one version: entered, waiting now, exited (left the journey there), sent."""
    from django.db.models import Count, Sum

    from channels_app.models import Message, MessageStatus
    from journeys.models import Enrollment, EnrollmentState, NodeTally

    counts: dict[str, dict[str, int]] = {
        node["id"]: {"entered": 0, "waiting": 0, "exited": 0, "sent": 0} for node in version.graph.get("nodes", [])
    }

    def bump(node_id: str, key: str, value: int) -> None:
        counts.setdefault(node_id, {"entered": 0, "waiting": 0, "exited": 0, "sent": 0})[key] += value or 0

    for row in NodeTally.objects.filter(version=version).values("node").annotate(e=Sum("entered"), x=Sum("exited")):
        bump(row["node"], "entered", row["e"])
        bump(row["node"], "exited", row["x"])
    waiting = (Enrollment.objects.filter(version=version, state=EnrollmentState.WAITING)
               .values("current_node").annotate(n=Count("id")))
    for row in waiting:
        bump(row["current_node"], "waiting", row["n"])
    sent_statuses = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.BOUNCED]
    for row in Message.objects.filter(version=version, status__in=sent_statuses).values("node").annotate(n=Count("id")):
        bump(row["node"], "sent", row["n"])
    return counts


def enrollment_state_counts(journey: Journey) -> dict[str, int]:
    from django.db.models import Count

    from journeys.models import Enrollment

    counts = {"active": 0, "waiting": 0, "completed": 0, "exited": 0, "failed": 0}
    for row in Enrollment.objects.filter(journey=journey).values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts
