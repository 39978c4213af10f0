"""Fields the output serializers share."""
from rest_framework import serializers


class GraphField(serializers.JSONField):
    """A schema-1 journey graph (design §3); checked by journeys.graph, not here."""


class BlankAsNullField(serializers.CharField):
    """Text stored as "" when absent, rendered as null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value) if value else None
