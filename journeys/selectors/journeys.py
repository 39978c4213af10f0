"""Reads of journeys and their versions: the list, the version the editor shows, the
approvals inbox, per-node and per-state counts, and the editor's autocomplete."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from channels_app.models import Message, MessageStatus, MessageTemplate
from journeys.models import Contact, Enrollment, EnrollmentState, Event, Journey, JourneyVersion, NodeTally
from journeys.models.enrollment import LIVE_STATES
from journeys.models.journey import EDITABLE_STATUSES, JourneyKind, JourneyStatus

LIVE_STATUSES = (JourneyStatus.LIVE, JourneyStatus.PAUSED)


def template_channels() -> dict[str, str]:
    """slug -> channel, what graph validation needs to check send nodes."""
    return dict(MessageTemplate.objects.values_list("slug", "channel"))


def journey_list(*, search: str = "", status: str = "") -> QuerySet[Journey]:
    # A broadcast's one-step journey is shown as the broadcast (broadcasts app), not as a journey.
    journeys = Journey.objects.filter(kind=JourneyKind.JOURNEY).select_related("created_by").order_by("-id")
    if search:
        journeys = journeys.filter(name__icontains=search)
    if status:
        journeys = journeys.filter(status=status)
    return journeys


def journey_editable_version(journey: Journey) -> JourneyVersion | None:
    return journey.versions.filter(status__in=EDITABLE_STATUSES).first()


def journey_live_version(journey: Journey) -> JourneyVersion | None:
    return journey.versions.filter(status__in=LIVE_STATUSES).first()


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
    counts: dict[str, dict[str, int]] = {
        node["id"]: {"entered": 0, "waiting": 0, "exited": 0, "sent": 0} for node in version.graph.get("nodes", [])
    }

    def bump(node_id: str, key: str, value: int) -> None:
        counts.setdefault(node_id, {"entered": 0, "waiting": 0, "exited": 0, "sent": 0})[key] += value or 0

    for row in NodeTally.objects.filter(version=version).values("node").annotate(e=Sum("entered"), x=Sum("exited")):
        bump(row["node"], "entered", row["e"])
        bump(row["node"], "exited", row["x"])
    waiting = (Enrollment.objects.filter(version=version, state=EnrollmentState.WAITING, is_test=False)
               .values("current_node").annotate(n=Count("id")))
    for row in waiting:
        bump(row["current_node"], "waiting", row["n"])
    sent_statuses = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.BOUNCED]
    # Test sends (is_test) are not stats.
    for row in (Message.objects.filter(version=version, status__in=sent_statuses, is_test=False)
                .values("node").annotate(n=Count("id"))):
        bump(row["node"], "sent", row["n"])
    return counts


def enrollment_state_counts(journey: Journey) -> dict[str, int]:
    counts = {"active": 0, "waiting": 0, "completed": 0, "exited": 0, "failed": 0}
    for row in Enrollment.objects.filter(journey=journey, is_test=False).values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts


# -- the journey list and the editor page ---------------------------------------------------
# Whole-list reads in a fixed number of queries (no per-row lookups).


def journey_list_rows(journeys: list[Journey]) -> list[dict]:
    """One row per journey for the list page: live and draft version, steps, enrollment counts."""
    ids = [j.pk for j in journeys]
    versions: dict[int, list[JourneyVersion]] = {}
    for v in JourneyVersion.objects.filter(journey_id__in=ids).only(
        "id", "journey_id", "number", "status", "graph", "updated_at"
    ).order_by("-number"):
        versions.setdefault(v.journey_id, []).append(v)
    enrolled = {
        row["journey_id"]: row
        for row in Enrollment.objects.filter(journey_id__in=ids, is_test=False).values("journey_id").annotate(
            total=Count("id"), active=Count("id", filter=Q(state__in=LIVE_STATES)),
            converted=Count("id", filter=Q(converted_at__isnull=False)),
        )
    }
    rows = []
    for journey in journeys:
        mine = versions.get(journey.pk, [])
        live = next((v for v in mine if v.status in LIVE_STATUSES), None)
        editable = next((v for v in mine if v.status in EDITABLE_STATUSES), None)
        latest = editable or (mine[0] if mine else None)
        counts = enrolled.get(journey.pk, {})
        rows.append({
            "id": journey.pk,
            "name": journey.name,
            "status": journey.status,
            "live_version": live.number if live else None,
            "draft_version": editable.number if editable else None,
            "draft_status": editable.status if editable else None,
            "steps": len((latest.graph or {}).get("nodes", [])) if latest else 0,
            "created_by": journey.created_by.get_username() if journey.created_by else None,
            "updated_at": journey.updated_at,
            "enrolled": counts.get("total", 0),
            "active": counts.get("active", 0),
            "converted": counts.get("converted", 0),
        })
    return rows


def editor_suggestions() -> dict[str, list[str]]:
    """Event names, traits and event properties seen lately, for the editor's autocomplete.

    Samples the newest rows by primary key (an index walk), never a DISTINCT over
    the whole event table.
    """
    events: dict[str, None] = {}
    properties: dict[str, None] = {}
    for name, props in Event.objects.order_by("-id").values_list("name", "properties")[:3000]:
        events.setdefault(name, None)
        if isinstance(props, dict):
            for key in props:
                properties.setdefault(key, None)
    traits: dict[str, None] = {}
    for contact_traits in Contact.objects.order_by("-id").values_list("traits", flat=True)[:500]:
        if isinstance(contact_traits, dict):
            for key in contact_traits:
                traits.setdefault(key, None)
    return {
        "events": sorted(events)[:300],
        "traits": sorted(traits)[:300],
        "properties": sorted(properties)[:300],
    }
