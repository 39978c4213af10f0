"""Fields the serializers share."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from journeys.graph_input import check_condition, check_graph


@extend_schema_field({"type": "object", "additionalProperties": {}, "description": "a schema-1 graph (design §3)"})
class GraphField(serializers.JSONField):
    """A schema-1 journey graph (design §3): the edge's limits here (journeys.graph_input), meaning in journeys.graph."""

    def to_internal_value(self, data):
        return super().to_internal_value(check_graph(data, self.field_name))  # before DRF's json.dumps recurses


@extend_schema_field({"type": "object", "additionalProperties": {}, "description": "a condition (design §3)"})
class ConditionField(serializers.JSONField):
    """A condition (design §3), at most 32 levels deep; its meaning is checked by journeys.graph."""

    def to_internal_value(self, data):
        return super().to_internal_value(check_condition(data, self.field_name))


class BlankAsNullField(serializers.CharField):
    """Text stored as "" when absent, rendered as null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value) if value else None
