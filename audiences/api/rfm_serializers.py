"""Input and output shapes of /api/v1/rfm (design section 9)."""
from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from audiences.services.rfm_scoring import SEGMENT_NAMES


class RfmConfigSerializer(serializers.Serializer):
    event = serializers.CharField(max_length=200)
    amount_property = serializers.CharField(max_length=200)
    within_days = serializers.IntegerField(min_value=1, max_value=3650)
    thresholds = serializers.JSONField(
        allow_null=True, required=False, default=None,
        help_text='{"r": [4 cut points, days], "f": […], "m": […]} or null: quintiles of the current data')
    updated_at = serializers.DateTimeField(read_only=True)

    def validate_thresholds(self, value):
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"r", "f", "m"}:
            raise serializers.ValidationError(gettext('must be null or an object with exactly "r", "f" and "m"'))
        for name, cuts in value.items():
            if (not isinstance(cuts, list) or len(cuts) != 4
                    or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and c >= 0 for c in cuts)):
                raise serializers.ValidationError(
                    gettext("%(name)s: must be a list of 4 numbers, none negative") % {"name": name})
            if any(a > b for a, b in zip(cuts, cuts[1:])):
                raise serializers.ValidationError(gettext("%(name)s: cut points must ascend") % {"name": name})
        return value


class RfmCellOutput(serializers.Serializer):
    r = serializers.IntegerField()
    f = serializers.IntegerField()
    contacts = serializers.IntegerField()
    avg_monetary = serializers.FloatField(allow_null=True)


class RfmSegmentOutput(serializers.Serializer):
    segment = serializers.ChoiceField(choices=SEGMENT_NAMES)
    contacts = serializers.IntegerField()
