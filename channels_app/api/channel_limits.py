"""/api/v1/channel-limits: the send-rate budget of each channel, held across every worker (design §12)."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app.api.channel_limit_serializers import ChannelLimitsInput, ChannelLimitsOutput
from channels_app.services.channel_limits import channel_limits_set, channel_limits_snapshot


class ChannelLimitsView(APIView):
    resource = "channel_limits"

    @extend_schema(responses=ChannelLimitsOutput)
    def get(self, request):
        return Response(channel_limits_snapshot())

    @extend_schema(request=ChannelLimitsInput, responses=ChannelLimitsOutput)
    def put(self, request):
        data = ChannelLimitsInput(data=request.data)
        data.is_valid(raise_exception=True)
        limits = {channel: entry["per_second"] if entry else None for channel, entry in data.validated_data.items()}
        return Response(channel_limits_set(limits, replace=True, actor=request.user))
