"""`/health/`: activity, retention heatmap, LTV curves, lifecycle mix and channel ROI (design section 11).

Everything is read from the rollups and selectors the API uses; the charts are drawn by
static/editor/dist/health.js from a JSON boot block (no inline script, CSP-safe).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audiences.selectors import lifecycle
from core import clock
from core.permissions import role_page
from health.metrics.activity_series import activity_series
from health.metrics.channels import channel_metrics
from health.metrics.ltv import ltv
from health.metrics.retention import retention
from health.models import RollupState
from journeys.pages.assets import bundle_version

HEALTH_BUNDLE = "editor/dist/health.js"
DAYS = 90


@role_page("metrics")
def health_dashboard(request: HttpRequest) -> HttpResponse:
    today = clock.now().date()
    start = today - timedelta(days=DAYS - 1)
    activity = activity_series(start, today)
    data = {
        "activity": activity,
        "retention": retention("week", 8, today),
        "ltv": ltv("month", 6, today),
        "lifecycle": lifecycle.summary(),
        "channels": channel_metrics(datetime.combine(start, time.min, tzinfo=timezone.utc), None),
    }
    state = RollupState.objects.filter(name="events").first()
    latest = activity[-1] if activity else None
    return render(request, "health/health.html", {
        "boot": _jsonable(data), "latest": latest, "refreshed_at": state.refreshed_at if state else None,
        "any_activity": any(row["mau"] for row in activity),
        "any_revenue": any(c["revenue"] or c["cost"] for c in data["channels"]["channels"]),
        "health_js": HEALTH_BUNDLE, "charts_missing": finders.find(HEALTH_BUNDLE) is None,
        "bundle_version": bundle_version(), "stages": data["lifecycle"].get("stages", {}),
    })


def _jsonable(value):
    """Dates and datetimes as ISO strings for the boot block."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
