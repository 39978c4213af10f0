"""/api/v1/alert-rules (approvers and admins write) and /api/v1/alerts (fired alerts; anyone on duty acks)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import StableCursorPagination
from health import selectors
from health.api.serializers import AlertOutput, AlertRuleInput, AlertRuleOutput
from health.services import alert_actions
from health.services.alert_rules import alert_rule_create, alert_rule_delete, alert_rule_update


class RulePagination(StableCursorPagination):
    ordering = "id"


class AlertPagination(StableCursorPagination):
    ordering = "-id"


class AlertRuleListView(APIView):
    resource = "alert_rules"
    pagination_class = RulePagination

    @extend_schema(responses=AlertRuleOutput(many=True))
    def get(self, request):
        paginator = RulePagination()
        page = paginator.paginate_queryset(selectors.alert_rule_list(), request, view=self)
        return paginator.get_paginated_response(AlertRuleOutput(page, many=True).data)

    @extend_schema(request=AlertRuleInput, responses={201: AlertRuleOutput})
    def post(self, request):
        data = AlertRuleInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AlertRuleOutput(alert_rule_create(data.validated_data)).data, status=status.HTTP_201_CREATED)


class AlertRuleDetailView(APIView):
    resource = "alert_rules"

    @extend_schema(responses=AlertRuleOutput)
    def get(self, request, alert_rule_id: int):
        return Response(AlertRuleOutput(selectors.alert_rule_get(alert_rule_id)).data)

    @extend_schema(request=AlertRuleInput(partial=True), responses=AlertRuleOutput)
    def patch(self, request, alert_rule_id: int):
        rule = selectors.alert_rule_get(alert_rule_id)
        data = AlertRuleInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data}
        return Response(AlertRuleOutput(alert_rule_update(rule, changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, alert_rule_id: int):
        alert_rule_delete(selectors.alert_rule_get(alert_rule_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlertListView(APIView):
    resource = "alerts"
    pagination_class = AlertPagination

    @extend_schema(responses=AlertOutput(many=True))
    def get(self, request):
        paginator = AlertPagination()
        page = paginator.paginate_queryset(selectors.alert_list(), request, view=self)
        return paginator.get_paginated_response(AlertOutput(page, many=True).data)


class AlertAckView(APIView):
    resource = "alerts"

    @extend_schema(request=None, responses=AlertOutput)
    def post(self, request, alert_id: int):
        alert = alert_actions.alert_acknowledge(selectors.alert_get(alert_id), request.user)
        return Response(AlertOutput(selectors.alert_get(alert.pk)).data)


class AlertResumeView(APIView):
    """Lift the channel pause a red alert set before the alert resolves."""

    resource = "alerts"

    @extend_schema(request=None, responses=AlertOutput)
    def post(self, request, alert_id: int):
        alert = alert_actions.alert_resume_channel(selectors.alert_get(alert_id), request.user)
        return Response(AlertOutput(selectors.alert_get(alert.pk)).data)
