"""Page routes of health (journeys/urls.py includes them by name)."""
from django.urls import re_path

from health import pages

urlpatterns = [
    re_path(r"^alerts/?$", pages.alerts_page, name="alerts"),
]
