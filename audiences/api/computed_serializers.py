"""Input and output shapes of /api/v1/computed-traits (design section 9)."""
from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from audiences.models.computed import KINDS
from audiences.services.computed_partials import PROPERTY_KINDS
from journeys.graph.condition_checks import property_condition_errors
from journeys.interface import condition_problem_text

MAX_WINDOW_DAYS = 3650  # ten years: longer windows are "ever" (leave within_days out)


class ComputedTraitOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    event = serializers.CharField()
    property = serializers.CharField(allow_blank=True)
    where = serializers.JSONField(allow_null=True)
    within_days = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ComputedTraitInput(serializers.Serializer):
    key = serializers.SlugField(max_length=100)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=KINDS, error_messages={
        "invalid_choice": f'"{{input}}" is not a kind; expected one of {", ".join(KINDS)}'})
    event = serializers.CharField(max_length=200)
    property = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    where = serializers.JSONField(required=False, allow_null=True, default=None)
    within_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                           max_value=MAX_WINDOW_DAYS)

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the trait a PATCH changes: its fields fill in what the body leaves out
        super().__init__(*args, **kwargs)

    def validate_where(self, where):
        if where is None:
            return None
        problems = property_condition_errors(where, "where")
        if problems:
            raise serializers.ValidationError([f"{path}: {condition_problem_text(text)}" for path, text in problems])
        return where

    def validate(self, attrs):
        merged = {**self._current_fields(), **attrs}
        if merged.get("kind") in PROPERTY_KINDS and not merged.get("property"):
            raise serializers.ValidationError({"property": [gettext("is required for kind %(kind)s")
                                                          % {"kind": merged["kind"]}]})
        return attrs

    def _current_fields(self) -> dict:
        if self.current is None:
            return {}
        return {"kind": self.current.kind, "property": self.current.property}
