"""`GET /api/v1/journeys/{id}/stats` (per-node counts, sends, rates, A/B significance) and
`GET /api/v1/overview` (the dashboard's figures)."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from journeys import selectors, selectors_logs
from journeys.models import Journey


def stats_version(journey: Journey, number: str | None):
    if number:
        try:
            return get_object_or_404(journey.versions, number=int(number))
        except ValueError:
            raise selectors_logs.BadFilter(f"{number!r} is not a number", field="version") from None
    return selectors.journey_live_version(journey) or selectors.journey_latest_version(journey)


class JourneyStatsView(APIView):
    @extend_schema(responses=dict, parameters=[OpenApiParameter("version", int, description="default: live, else newest")],
                   summary="Per-node funnel, sends by channel and status, rates, conversions per variant (z-test)")
    def get(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        version = stats_version(journey, request.query_params.get("version"))
        return Response(selectors_logs.journey_analytics(journey, version))


class OverviewView(APIView):
    @extend_schema(responses=dict, summary="Messages per channel per day, blocked sends, top journeys, upcoming waits")
    def get(self, request):
        return Response(selectors_logs.overview())
