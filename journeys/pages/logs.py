"""`/messages/` (the delivery log) and `/conversions/` (the conversion log).

Thin: parse the query, call journeys/selectors/logs.py or conversions.py, render. Lists are
keyset-paginated (`?before=<id>`: the rows older than that id), the same index walks the API
uses; every list links to its CSV export (`/api/v1/…?format=csv` with the same filters,
session auth).
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.permissions import role_page
from channels_app.models import Channel, MessageStatus
from core.masking import must_mask
from journeys.models import Journey
from journeys.selectors import conversions as conversion_selectors
from journeys.selectors import logs as log_selectors
from journeys.selectors.filters import BadFilter

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


@role_page("logs")
def message_log(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, MESSAGE_FORM)
    error, rows, next_url = None, [], None
    try:
        messages = log_selectors.message_page_queryset(log_selectors.message_list(filters))
        page, next_url = _page(messages, request, filters)
        rows = log_selectors.message_rows(page, masked=must_mask(request.user))
    except BadFilter as exc:
        error = f"{exc.field}: {exc.message}"
    return render(request, "logs/messages.html", {
        "rows": rows, "filters": filters, "next_url": next_url, "error": error, "filtered": bool(filters),
        "first_url": f"?{urlencode(filters)}" if request.GET.get("before") else None,
        "csv_url": f"/api/v1/messages?{urlencode({**filters, 'format': 'csv'})}",
        "statuses": MessageStatus.values, "channels": Channel.values,
        "journeys": Journey.objects.order_by("name").values_list("id", "name")[:500],
    })


@role_page("logs")
def conversion_log(request: HttpRequest) -> HttpResponse:
    filters = _filters(request, CONVERSION_FORM)
    error, rows, next_url = None, [], None
    try:
        conversions = conversion_selectors.conversion_page_queryset(conversion_selectors.conversion_list(filters))
        page, next_url = _page(conversions, request, filters)
        rows = conversion_selectors.conversion_rows(page, masked=must_mask(request.user))
    except BadFilter as exc:
        error = f"{exc.field}: {exc.message}"
    return render(request, "logs/conversions.html", {
        "rows": rows, "filters": filters, "next_url": next_url, "error": error, "filtered": bool(filters),
        "first_url": f"?{urlencode(filters)}" if request.GET.get("before") else None,
        "csv_url": f"/api/v1/conversions?{urlencode({**filters, 'format': 'csv'})}",
        "journeys": Journey.objects.order_by("name").values_list("id", "name")[:500],
    })
