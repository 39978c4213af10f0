"""/api/v1/frequency-caps: at most `limit` messages per contact in `window_seconds`, per channel or all."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import services_caps
from channels_app.api.serializers import FrequencyCapInput, FrequencyCapOutput
from channels_app.models import FrequencyCapRule
from core.pagination import StableCursorPagination


class CapPagination(StableCursorPagination):
    ordering = "id"


class FrequencyCapListView(APIView):
    @extend_schema(responses=FrequencyCapOutput(many=True))
    def get(self, request):
        rules = FrequencyCapRule.objects.all()
        if journey := request.query_params.get("journey"):
            rules = rules.filter(journey_id=None if journey == "null" else journey)
        if channel := request.query_params.get("channel"):
            rules = rules.filter(channel=channel)
        paginator = CapPagination()
        page = paginator.paginate_queryset(rules, request, view=self)
        return paginator.get_paginated_response(FrequencyCapOutput(page, many=True).data)

    @extend_schema(request=FrequencyCapInput, responses={201: FrequencyCapOutput})
    def post(self, request):
        data = FrequencyCapInput(data=request.data)
        data.is_valid(raise_exception=True)
        rule = services_caps.frequency_cap_create(**data.validated_data)
        return Response(FrequencyCapOutput(rule).data, status=status.HTTP_201_CREATED)


class FrequencyCapDetailView(APIView):
    @extend_schema(responses=FrequencyCapOutput)
    def get(self, request, rule_id: int):
        return Response(FrequencyCapOutput(get_object_or_404(FrequencyCapRule, pk=rule_id)).data)

    @extend_schema(request=FrequencyCapInput, responses=FrequencyCapOutput)
    def patch(self, request, rule_id: int):
        return self._update(request, rule_id, partial=True)

    @extend_schema(request=FrequencyCapInput, responses=FrequencyCapOutput)
    def put(self, request, rule_id: int):
        return self._update(request, rule_id, partial=False)

    def _update(self, request, rule_id: int, partial: bool):
        rule = get_object_or_404(FrequencyCapRule, pk=rule_id)
        data = FrequencyCapInput(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data or not partial}
        return Response(FrequencyCapOutput(services_caps.frequency_cap_update(rule, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, rule_id: int):
        services_caps.frequency_cap_delete(get_object_or_404(FrequencyCapRule, pk=rule_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
