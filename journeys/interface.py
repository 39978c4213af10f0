"""The journey domain as the channels app may see it, and nothing more.

`channels_app` sends to contacts, counts per-journey caps and defers sends out of quiet
hours; those three needs are all it may import from `journeys`, and only from here
(tests/unit/test_import_layers.py holds it to that).
"""
from journeys.graph.timeofday import quiet_until
from journeys.models.contact import Contact
from journeys.models.journey import Journey

__all__ = ["Contact", "Journey", "quiet_until"]
