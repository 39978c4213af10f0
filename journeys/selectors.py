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


def contact_by_user_id(user_id: str) -> Contact | None:
    return Contact.objects.filter(user_id=user_id).first()
