"""The calendar page's route (included by journeys/urls.py)."""
from django.urls import path

from broadcasts.calendar.page import calendar_page

urlpatterns = [
    path("calendar/", calendar_page, name="calendar"),
]
