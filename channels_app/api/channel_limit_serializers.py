"""The shape of /api/v1/channel-limits: `{"sms": {"per_second": 50}, …}`, one optional key per channel."""
from django.utils.translation import gettext
from rest_framework import serializers

from channels_app.models import Channel
from channels_app.services.channel_limits import MAX_PER_SECOND


class ChannelLimitEntry(serializers.Serializer):
    per_second = serializers.IntegerField(min_value=1, max_value=MAX_PER_SECOND,
                                          help_text="sends a second across every worker; bursts up to one second's")


class _OnlyChannels(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {key: [gettext("unknown channel; one of %(channels)s")
                           % {"channels": ", ".join(self.fields)}] for key in unknown})
        return super().to_internal_value(data)


def _per_channel(**options) -> dict:
    return {channel: ChannelLimitEntry(**options) for channel in Channel.values}


# A channel left out of a PUT (or given null) has no budget.
ChannelLimitsInput = type("ChannelLimitsInput", (_OnlyChannels,), _per_channel(required=False, allow_null=True))
ChannelLimitsOutput = type("ChannelLimitsOutput", (serializers.Serializer,), _per_channel(required=False))
