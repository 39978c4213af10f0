"""API routes of health's metrics and channel costs, mounted under /api/v1/ (journeys/urls.py)."""
from django.urls import re_path

from health.api import costs, metrics

urlpatterns = [
    re_path(r"^metrics/activity/?$", metrics.ActivityView.as_view(), name="metrics-activity"),
    re_path(r"^metrics/retention/?$", metrics.RetentionView.as_view(), name="metrics-retention"),
    re_path(r"^metrics/ltv/?$", metrics.LtvView.as_view(), name="metrics-ltv"),
    re_path(r"^metrics/channels/?$", metrics.ChannelsView.as_view(), name="metrics-channels"),
    re_path(r"^metrics/lift/?$", metrics.LiftView.as_view(), name="metrics-lift"),
    re_path(r"^channel-costs/?$", costs.ChannelCostsView.as_view(), name="channel-costs"),
]
