"""/api/v1/metrics/*: activity, retention, LTV, channels and lift (design section 11). Thin: parse, read, render."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import clock
from health.api import metric_serializers as s
from health.metrics.activity_series import activity_series
from health.metrics.channels import channel_metrics
from health.metrics.lift import lift
from health.metrics.ltv import ltv
from health.metrics.retention import retention


def _reject_empty(request, *names: str) -> None:
    """`?to=` is a mistake, not "the default": DRF would read it as absent, the schema (a date) says 400."""
    empty = {name: ["may not be empty; leave it out for the default"] for name in names
             if request.query_params.get(name) == ""}
    if empty:
        raise ValidationError(empty)


def _range(request):
    _reject_empty(request, "from", "to")
    data = s.DateRangeInput(data=request.query_params, context={"today": clock.now().date()})
    data.is_valid(raise_exception=True)
    return data.validated_data["start"], data.validated_data["end"]


def _moments(request) -> tuple[datetime, datetime]:
    """The range's UTC days as [start of the first, start of the day after the last)."""
    start, end = _range(request)
    return (datetime.combine(start, time.min, tzinfo=timezone.utc),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc))


def _cohort(request) -> dict:
    _reject_empty(request, "cohort", "periods")
    data = s.CohortInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return data.validated_data


class ActivityView(APIView):
    resource = "metrics"

    @extend_schema(parameters=s.DATE_RANGE_PARAMS, responses=s.ActivityDayOutput(many=True),
                   summary="DAU, WAU, MAU and stickiness per UTC day (active = a lifecycle active event)")
    def get(self, request):
        start, end = _range(request)
        return Response(s.ActivityDayOutput(activity_series(start, end), many=True).data)


class RetentionView(APIView):
    resource = "metrics"

    @extend_schema(parameters=[s.CohortInput], responses=s.RetentionOutput,
                   summary="Cohorts by first seen, with the share active in each later period")
    def get(self, request):
        params = _cohort(request)
        return Response(s.RetentionOutput(retention(params["cohort"], params["periods"], clock.now().date())).data)


class LtvView(APIView):
    resource = "metrics"

    @extend_schema(parameters=[s.CohortInput], responses=s.LtvOutput,
                   summary="Cumulative revenue per contact by cohort")
    def get(self, request):
        params = _cohort(request)
        return Response(s.LtvOutput(ltv(params["cohort"], params["periods"], clock.now().date())).data)


class ChannelsView(APIView):
    resource = "metrics"

    @extend_schema(parameters=s.DATE_RANGE_PARAMS, responses=s.ChannelsOutput,
                   summary="Per channel: sends, delivered, conversions, revenue, cost and ROI")
    def get(self, request):
        return Response(s.ChannelsOutput(channel_metrics(*_moments(request))).data)


class LiftView(APIView):
    resource = "metrics"

    @extend_schema(parameters=s.DATE_RANGE_PARAMS, responses=s.LiftOutput,
                   summary="Conversion and revenue of the global control group against treated contacts")
    def get(self, request):
        return Response(s.LiftOutput(lift(*_moments(request))).data)
