"""API routes of the workspace, mounted under /api/v1/ (see journeys/urls.py)."""
from django.urls import re_path

from workspace import api

urlpatterns = [
    re_path(r"^keys/?$", api.WriteKeyListView.as_view(), name="write-key-list"),
    re_path(r"^keys/(?P<key_id>\d+)/?$", api.WriteKeyDetailView.as_view(), name="write-key-detail"),
]
