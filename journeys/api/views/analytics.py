"""`GET /api/v1/journeys/{id}/stats` (per-node counts, sends, rates, A/B significance) and
`GET /api/v1/overview` (the dashboard's figures)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema_params import id_param
from journeys.api.serializers.logs import JourneyStatsOutput, OverviewOutput
from journeys.selectors import analytics as analytics_selectors
from journeys.selectors import overview as overview_selectors
from journeys.selectors.runtime import journey_get, stats_version


class JourneyStatsView(APIView):
    resource = "analytics"

    @extend_schema(responses=JourneyStatsOutput,
                   parameters=[id_param("version", "default: live, else newest")],
                   summary="Per-node funnel, sends by channel and status, rates, conversions per variant (z-test)")
    def get(self, request, journey_id: int):
        journey = journey_get(journey_id)
        version = stats_version(journey, request.query_params.get("version"))
        return Response(JourneyStatsOutput(analytics_selectors.journey_analytics(journey, version)).data)


class OverviewView(APIView):
    resource = "analytics"

    @extend_schema(responses=OverviewOutput,
                   summary="Messages per channel per day, blocked sends, top journeys, upcoming waits")
    def get(self, request):
        return Response(OverviewOutput(overview_selectors.overview()).data)
