"""`/calendar/?view=month|week&date=YYYY-MM-DD`: every channel's sends on one server-drawn grid.

The page reads the same entries as the API (`entries.calendar_entries`), for the days the grid draws.
A date it cannot read falls back to today, with a note saying so: a mistyped link is no dead end.
"""
from __future__ import annotations

from datetime import date, timezone

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from broadcasts.calendar.entries import calendar_entries
from broadcasts.calendar.grid import VIEWS, build_grid, place
from core import clock, roles
from core.permissions import role_page

FIRST_DAY, LAST_DAY = date(1970, 2, 1), date(2200, 11, 30)  # a grid's weeks stay inside the API's bounds


def _anchor(request: HttpRequest, today: date) -> date:
    text = request.GET.get("date", "")
    if not text:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        messages.error(request, _("date: “%(text)s” is not a day we can show (YYYY-MM-DD); here is today.")
                       % {"text": text[:40]})
        return today
    return day


@role_page("calendar")
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = clock.now().astimezone(timezone.utc).date()
    view = request.GET.get("view", "month")
    if view not in VIEWS:
        messages.error(request, _("view: choose month or week; here is the month."))
        view = "month"
    grid = build_grid(view, _anchor(request, today), today)
    placed = place(grid, calendar_entries(grid.first, grid.last))
    return render(request, "calendar/calendar.html", {
        "grid": grid, "today": today, "placed": placed,
        "can_create_broadcast": roles.has_role(request.user, roles.MARKETER),
        "legend": ["sms", "email", "wechat", "inapp", "webhook"],
    })
