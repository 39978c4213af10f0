"""The journey domain as the channels app may see it, and nothing more.

`channels_app` sends to contacts, counts per-journey caps, defers sends out of quiet
hours and refuses to delete a template a running journey still sends; those needs are all
it may import from `journeys`, and only from here (tests/unit/test_import_layers.py holds it to that).
"""
from journeys.graph.timeofday import quiet_until, zone_name as contact_zone
from journeys.models.contact import Contact
from journeys.models.journey import Journey
from journeys.selectors.templates import journeys_using_template

__all__ = ["Contact", "Journey", "contact_zone", "journeys_using_template", "quiet_until"]
