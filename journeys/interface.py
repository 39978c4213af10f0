"""The journey domain as the channels app may see it, and nothing more.

`channels_app` sends to contacts, counts per-journey caps, defers sends out of quiet
hours and refuses to delete a template a running journey still sends; those needs are all
it may import from `journeys`, and only from here (tests/unit/test_import_layers.py holds it to that).
`audiences` reads contacts and events through the same door, records its own events (segment moves,
lifecycle changes) and asks which saved segments running journeys use or trigger on.
`broadcasts` runs each broadcast as a hidden one-step journey (kind "broadcast"): it creates and edits that
journey, takes it through the approval workflow, launches it on the segment and reads its stats.
"""
from journeys.graph.timeofday import quiet_until, zone_name as contact_zone
from journeys.models.contact import Contact, Event
from journeys.models.journey import Journey
from journeys.selectors.computed import contact_computed
from journeys.selectors.journeys import editor_suggestions
from journeys.selectors.templates import journeys_using_template
from journeys.graph.template_refs import template_slugs  # which templates a graph sends (/templates/ usage)
from journeys.services.internal_events import record_internal_events
from journeys.selectors.audience_refs import journeys_using_segment
from journeys.runtime.catalog import segment_moves_watched
from journeys.services.provider_alerts import notify_circuit_open
from journeys.models.enrollment import LIVE_STATES as LIVE_ENROLLMENT_STATES, Enrollment, Launch
from journeys.models.journey import JourneyKind

# The services broadcasts drives, loaded on first use: they import audiences, which imports this module.
_LAZY = {
    "journey_analytics": "journeys.selectors.analytics", "stats_version": "journeys.selectors.runtime",
    "journey_archive": "journeys.services.approvals", "version_approve": "journeys.services.approvals",
    "version_publish": "journeys.services.approvals", "version_reject": "journeys.services.approvals",
    "version_submit": "journeys.services.approvals", "journey_create": "journeys.services.journeys",
    "journey_delete": "journeys.services.journeys", "journey_draft_save": "journeys.services.journeys",
    "parse_graph": "journeys.services.journeys", "launch_create": "journeys.services.launches",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["LIVE_ENROLLMENT_STATES", "Contact", "Enrollment", "Event", "Journey", "JourneyKind", "Launch",
           "journey_analytics", "journey_archive", "journey_create", "journey_delete", "journey_draft_save",
           "launch_create", "parse_graph", "stats_version", "version_approve", "version_publish", "version_reject",
           "version_submit", "contact_computed", "contact_zone", "editor_suggestions", "journeys_using_segment",
           "journeys_using_template", "notify_circuit_open", "quiet_until", "record_internal_events",
           "segment_moves_watched"]

# The calendar (broadcasts/calendar/) counts launches, publishes and waits coming due, set-based.
from journeys.models.journey import JourneyVersion  # noqa: E402

__all__ += ["JourneyVersion"]
__all__ += ["template_slugs"]

# A condition's problems (journeys/graph/condition_checks.py) in the reader's language, for the segment APIs.
from journeys.services.issue_text import condition_problem_text  # noqa: E402

__all__ += ["condition_problem_text"]
