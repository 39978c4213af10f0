"""Pages of the delivery log, conversion log, contact timeline, journey analytics and the overview.

Thin like journeys/pages.py: parse the query, call journeys/selectors_logs.py, render. Lists are
keyset-paginated (`?before=<id>`: the rows older than that id), the same index walks the API uses;
every list links to its CSV export (`/api/v1/…?format=csv` with the same filters, session auth).
Charts come from `static/editor/dist/charts.js` (Chart.js), fed by a JSON boot block.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from channels_app.models import Channel, MessageStatus
from journeys import selectors, selectors_logs
from core.masking import must_mask
from journeys.models import Journey
from journeys.pages import _bundle_version

CHARTS_BUNDLE = "editor/dist/charts.js"
PAGE_SIZE = 50
MESSAGE_FORM = ("journey", "version", "node", "channel", "status", "userId", "provider_id", "since", "until")
CONVERSION_FORM = ("journey", "version", "userId", "event", "since", "until")


def _filters(request: HttpRequest, names) -> dict[str, str]:
    return {name: request.GET[name].strip() for name in names if request.GET.get(name, "").strip()}


def _page(queryset, request: HttpRequest, filters: dict):
    """One keyset page (`?before=<id>`) and the link to the next one."""
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(id__lt=int(before))
    rows = list(queryset[:PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_url = f"?{urlencode({**filters, 'before': rows[-1].pk})}" if more and rows else None
    return rows, next_url


def _charts_context() -> dict:
    return {"charts_js": CHARTS_BUNDLE, "charts_missing": finders.find(CHARTS_BUNDLE) is None,
            "bundle_version": _bundle_version()}


@login_required
def message_log(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, MESSAGE_FORM)
    error, rows, next_url = None, [], None
    try:
        messages = selectors_logs.message_page_queryset(selectors_logs.message_list(filters))
        page, next_url = _page(messages, request, filters)
        rows = selectors_logs.message_rows(page, masked=must_mask(request.user))
    except selectors_logs.BadFilter as exc:
        error = f"{exc.field}: {exc.message}"
    return render(request, "logs/messages.html", {
        "rows": rows, "filters": filters, "next_url": next_url, "error": error, "filtered": bool(filters),
        "first_url": f"?{urlencode(filters)}" if request.GET.get("before") else None,
        "csv_url": f"/api/v1/messages?{urlencode({**filters, 'format': 'csv'})}",
        "statuses": MessageStatus.values, "channels": Channel.values,
        "journeys": Journey.objects.order_by("name").values_list("id", "name")[:500],
    })


@login_required
def conversion_log(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, CONVERSION_FORM)
    error, rows, next_url = None, [], None
    try:
        conversions = selectors_logs.conversion_page_queryset(selectors_logs.conversion_list(filters))
        page, next_url = _page(conversions, request, filters)
        rows = selectors_logs.conversion_rows(page)
    except selectors_logs.BadFilter as exc:
        error = f"{exc.field}: {exc.message}"
    return render(request, "logs/conversions.html", {
        "rows": rows, "filters": filters, "next_url": next_url, "error": error, "filtered": bool(filters),
        "first_url": f"?{urlencode(filters)}" if request.GET.get("before") else None,
        "csv_url": f"/api/v1/conversions?{urlencode({**filters, 'format': 'csv'})}",
        "journeys": Journey.objects.order_by("name").values_list("id", "name")[:500],
    })


@login_required
def contact_timeline(request: HttpRequest, user_id: str) -> HttpResponse:
    timeline = selectors_logs.contact_timeline(user_id, masked=must_mask(request.user))
    if timeline is None:
        raise Http404(f"no contact with userId {user_id!r}")
    return render(request, "logs/contact.html", {"c": timeline})


@login_required
def journey_analytics(request: HttpRequest, journey_id: int) -> HttpResponse:
    from journeys.api.views.analytics import stats_version

    journey = get_object_or_404(Journey, pk=journey_id)
    try:
        version = stats_version(journey, request.GET.get("version"))
    except selectors_logs.BadFilter as exc:
        raise Http404(exc.message) from exc
    stats = selectors_logs.journey_analytics(journey, version)
    live = selectors.journey_live_version(journey)
    boot = {"page": "analytics", "stats": stats, "graph": version.graph,
            # Live updates follow the version the consumer watches: the live one (else the newest).
            "ws_path": f"/ws/journeys/{journey.pk}/analytics/" if not request.GET.get("version") else None}
    return render(request, "logs/analytics.html", {
        "journey": journey, "version": version, "live": live, "stats": stats, "boot": boot,
        "versions": journey.versions.order_by("-number").values_list("number", "status"), **_charts_context(),
    })


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    data = selectors_logs.overview()
    return render(request, "logs/overview.html", {"o": data, "boot": {"page": "overview", "overview": data},
                                                  **_charts_context()})
