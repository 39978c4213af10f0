"""`/journeys/<id>/analytics` and `/overview/`: the chart pages. Charts come from
`static/editor/dist/charts.js` (Chart.js), fed by a JSON boot block."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.permissions import role_page
from journeys.models import Journey
from journeys.pages.assets import charts_context
from journeys.selectors import analytics as analytics_selectors
from journeys.selectors import journeys as journey_selectors
from journeys.selectors import overview as overview_selectors
from journeys.selectors.filters import BadFilter
from journeys.selectors.runtime import stats_version


@role_page("analytics")
def journey_analytics(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = get_object_or_404(Journey, pk=journey_id)
    try:
        version = stats_version(journey, request.GET.get("version"))
    except BadFilter as exc:
        raise Http404(exc.message) from exc
    stats = analytics_selectors.journey_analytics(journey, version)
    live = journey_selectors.journey_live_version(journey)
    boot = {"page": "analytics", "stats": stats, "graph": version.graph,
            # Live updates follow the version the consumer watches: the live one (else the newest).
            "ws_path": f"/ws/journeys/{journey.pk}/analytics/" if not request.GET.get("version") else None}
    return render(request, "logs/analytics.html", {
        "journey": journey, "version": version, "live": live, "stats": stats, "boot": boot,
        "versions": journey.versions.order_by("-number").values_list("number", "status"), **charts_context(),
    })


@role_page("analytics")
def overview(request: HttpRequest) -> HttpResponse:
    data = overview_selectors.overview()
    return render(request, "logs/overview.html", {"o": data, "boot": {"page": "overview", "overview": data},
                                                  **charts_context()})
