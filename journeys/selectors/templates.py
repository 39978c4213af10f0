"""Reads that tie message templates to journey versions: what approval freezes, and who still sends a template."""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from channels_app.models import Message, MessageStatus, MessageTemplate
from journeys.graph.template_refs import template_slugs
from journeys.models import Enrollment, JourneyVersion
from journeys.models.enrollment import LIVE_STATES
from journeys.models.journey import JourneyStatus


def template_contents(slugs, *, lock: bool = False) -> dict[str, dict]:
    """slug -> the template's current content, for the slugs that exist.

    `lock` holds the rows until the caller's transaction ends, so a concurrent delete waits for it.
    """
    templates = MessageTemplate.objects.filter(slug__in=list(slugs)).order_by("slug")
    if lock:
        templates = templates.select_for_update()
    return {template.slug: template.content() for template in templates}


def version_templates(version: JourneyVersion) -> dict[str, dict]:
    """What `version` sends: its frozen templates once approved, else what approval would freeze now."""
    if version.templates is not None:
        return version.templates
    return template_contents(template_slugs(version.graph))


# Written but not yet handed to a provider: rendered at delivery, from the version's pinned content.
_UNSENT = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.DEFERRED)


def journeys_using_template(slug: str) -> list[dict]:
    """`{"id", "name"}` of each journey with a version that still sends `slug`: live or paused, or
    finishing with contacts inside or with messages of it not sent yet. Newest journey first."""
    still_inside = Enrollment.objects.filter(version=OuterRef("pk"), state__in=LIVE_STATES)
    unsent = Message.objects.filter(version=OuterRef("pk"), template=slug, status__in=_UNSENT)
    running = (JourneyVersion.objects
               .filter(Q(status__in=[JourneyStatus.LIVE, JourneyStatus.PAUSED])
                       | Q(Exists(still_inside) | Exists(unsent), status=JourneyStatus.FINISHING))
               .order_by("-journey_id").values_list("journey_id", "journey__name", "graph"))
    found: dict[int, dict] = {}
    for journey_id, name, graph in running:
        if slug in template_slugs(graph):
            found.setdefault(journey_id, {"id": journey_id, "name": name})
    return list(found.values())
