"""The /health/ page and the channel-costs form's routes (journeys/urls.py includes them by name)."""
from django.urls import re_path

from health import costs_pages, health_pages

urlpatterns = [
    re_path(r"^health/?$", health_pages.health_dashboard, name="health"),
    re_path(r"^settings/channel-costs/?$", costs_pages.channel_costs_save, name="channel-costs-save"),
]
