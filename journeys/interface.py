"""The journey domain as the channels app may see it, and nothing more.

`channels_app` sends to contacts, counts per-journey caps, defers sends out of quiet
hours and refuses to delete a template a running journey still sends; those needs are all
it may import from `journeys`, and only from here (tests/unit/test_import_layers.py holds it to that).
`audiences` reads contacts and events through the same door, records its own events (segment moves,
lifecycle changes) and asks which saved segments running journeys use or trigger on.
"""
from journeys.graph.timeofday import quiet_until, zone_name as contact_zone
from journeys.models.contact import Contact, Event
from journeys.models.journey import Journey
from journeys.selectors.computed import contact_computed
from journeys.selectors.journeys import editor_suggestions
from journeys.selectors.templates import journeys_using_template
from journeys.services.internal_events import record_internal_events
from journeys.selectors.audience_refs import journeys_using_segment
from journeys.runtime.catalog import segment_moves_watched
from journeys.services.provider_alerts import notify_circuit_open

__all__ = ["Contact", "Event", "Journey", "contact_computed", "contact_zone", "editor_suggestions", "journeys_using_segment",
           "journeys_using_template", "notify_circuit_open", "quiet_until", "record_internal_events",
           "segment_moves_watched"]
