"""/api/v1/frequency-caps: at most `limit` messages per contact in `window_seconds`, per channel or all."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import selectors
from channels_app.api.serializers import FrequencyCapInput, FrequencyCapOutput
from channels_app.services import caps
from core.pagination import StableCursorPagination


class CapPagination(StableCursorPagination):
    ordering = "id"


class FrequencyCapListView(APIView):
    resource = "frequency_caps"
    pagination_class = CapPagination  # the schema documents the page shape from it

    @extend_schema(responses=FrequencyCapOutput(many=True))
    def get(self, request):
        rules = selectors.frequency_cap_list(journey=request.query_params.get("journey", ""),
                                             channel=request.query_params.get("channel", ""))
        paginator = CapPagination()
        page = paginator.paginate_queryset(rules, request, view=self)
        return paginator.get_paginated_response(FrequencyCapOutput(page, many=True).data)

    @extend_schema(request=FrequencyCapInput, responses={201: FrequencyCapOutput})
    def post(self, request):
        data = FrequencyCapInput(data=request.data)
        data.is_valid(raise_exception=True)
        rule = caps.frequency_cap_create(**data.validated_data, actor=request.user)
        return Response(FrequencyCapOutput(rule).data, status=status.HTTP_201_CREATED)


class FrequencyCapDetailView(APIView):
    resource = "frequency_caps"

    @extend_schema(responses=FrequencyCapOutput)
    def get(self, request, rule_id: int):
        return Response(FrequencyCapOutput(selectors.frequency_cap_get(rule_id)).data)

    @extend_schema(request=FrequencyCapInput, responses=FrequencyCapOutput)
    def patch(self, request, rule_id: int):
        return self._update(request, rule_id, partial=True)

    @extend_schema(request=FrequencyCapInput, responses=FrequencyCapOutput)
    def put(self, request, rule_id: int):
        return self._update(request, rule_id, partial=False)

    def _update(self, request, rule_id: int, partial: bool):
        rule = selectors.frequency_cap_get(rule_id)
        data = FrequencyCapInput(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data or not partial}
        return Response(FrequencyCapOutput(caps.frequency_cap_update(rule, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, rule_id: int):
        caps.frequency_cap_delete(selectors.frequency_cap_get(rule_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
