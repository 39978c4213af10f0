"""The calendar's API route, mounted under /api/v1/ (journeys/urls.py)."""
from django.urls import re_path

from broadcasts.calendar.api import CalendarView

urlpatterns = [
    re_path(r"^calendar/?$", CalendarView.as_view(), name="calendar-api"),
]
