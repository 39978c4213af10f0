"""/api/v1/channel-costs: the per-message cost of each channel (read by all, written by admins)."""
from __future__ import annotations

import math

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app.models import Channel
from core.errors import InvalidInput
from health.services import costs as services

MAX_COST = 1_000_000.0


class ChannelCostsSerializer(serializers.Serializer):
    """{"currency": "CNY", "sms": 0.05, "email": 0.001, …}: one number per channel, flat."""

    currency = serializers.RegexField(r"^[A-Z]{3}$", default="CNY", help_text="ISO 4217 code")

    def to_internal_value(self, data):
        if not isinstance(data, dict):  # a list or a scalar: the house error shape, naming the body
            raise InvalidInput(gettext("body: expected a JSON object of channel costs"), field="body")
        values = super().to_internal_value({"currency": data["currency"]} if "currency" in data else {})
        errors, costs = {}, {}
        for key, value in data.items():
            if key == "currency":
                continue
            if key not in Channel.values:
                errors[key] = [gettext("unknown channel; expected one of %(channels)s")
                               % {"channels": ", ".join(Channel.values)}]
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or not 0 <= value <= MAX_COST:
                errors[key] = [gettext("must be a number from 0 to %(max)s") % {"max": f"{MAX_COST:g}"}]
            else:
                costs[key] = float(value)
        if errors:
            raise serializers.ValidationError(errors)
        return {**values, "costs": costs}

    def to_representation(self, instance):
        return {"currency": instance["currency"], **instance["costs"]}


def _cost() -> serializers.FloatField:
    return serializers.FloatField(required=False, min_value=0, max_value=MAX_COST, help_text="per message")


class ChannelCostsOutput(serializers.Serializer):
    """The document's shape for the schema; ChannelCostsSerializer parses it (unknown channels are a 400)."""

    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False, help_text="ISO 4217 code (default CNY)")
    sms, email, webhook, inapp, wechat = _cost(), _cost(), _cost(), _cost(), _cost()


class ChannelCostsView(APIView):
    resource = "channel_costs"

    @extend_schema(responses=ChannelCostsOutput, summary="Per-message cost of each channel")
    def get(self, request):
        return Response(ChannelCostsSerializer(services.costs_current()).data)

    @extend_schema(request=ChannelCostsOutput, responses=ChannelCostsOutput,
                   summary="Replace the per-message costs (a channel left out costs nothing)")
    def put(self, request):
        data = ChannelCostsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ChannelCostsSerializer(services.costs_update(actor=request.user, **data.validated_data)).data)
