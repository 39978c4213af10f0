"""API routes of the broadcasts app, mounted under /api/v1/ (see journeys/urls.py)."""
from django.urls import re_path

from broadcasts.api import views

ACTIONS = ("submit", "approve", "reject", "publish", "cancel")

urlpatterns = [
    re_path(r"^broadcasts/?$", views.BroadcastListView.as_view(), name="broadcast-list"),
    re_path(r"^broadcasts/(?P<broadcast_id>\d+)/?$", views.BroadcastDetailView.as_view(), name="broadcast-detail"),
    re_path(r"^broadcasts/(?P<broadcast_id>\d+)/stats/?$", views.BroadcastStatsView.as_view(), name="broadcast-stats"),
    *(re_path(rf"^broadcasts/(?P<broadcast_id>\d+)/{action}/?$", views.BroadcastActionView.as_view(transition=action),
              name=f"broadcast-{action}") for action in ACTIONS),
]
