"""`GET /api/v1/messages` (the delivery log) and `GET /api/v1/conversions`: filter, cursor pages,
`?format=csv` streams the whole filtered set. Thin: parse, call a selector, render."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from channels_app.api.csv_io import CSVRenderer, csv_response
from journeys import selectors_logs
from core.pagination import StableCursorPagination
from core.masking import must_mask

COMMON = [
    OpenApiParameter("journey", int), OpenApiParameter("version", int, description="version number (with journey)"),
    OpenApiParameter("userId", str), OpenApiParameter("since", str, description="ISO date or datetime, inclusive"),
    OpenApiParameter("until", str, description="ISO datetime (exclusive) or date (that day included)"),
    OpenApiParameter("limit", int, description="rows per page, ≤ 500"),
    OpenApiParameter("format", str, enum=["json", "csv"], description="csv: the whole filtered set, streamed"),
]


class MessageListView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    @extend_schema(responses=dict, summary="The delivery log, newest first",
                   parameters=COMMON + [OpenApiParameter(name, str) for name in
                                        ("node", "channel", "status", "provider_id", "reason")])
    def get(self, request):
        messages = selectors_logs.message_list(request.query_params)
        masked = must_mask(request.user)
        if request.accepted_renderer.format == "csv":
            return csv_response(selectors_logs.message_csv_rows(messages, masked=masked), "messages.csv")
        paginator = StableCursorPagination()
        page = paginator.paginate_queryset(selectors_logs.message_page_queryset(messages), request, view=self)
        return paginator.get_paginated_response(selectors_logs.message_rows(page, masked=masked))


class ConversionListView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    @extend_schema(responses=dict, summary="The conversion log, newest first",
                   parameters=COMMON + [OpenApiParameter("event", str)])
    def get(self, request):
        conversions = selectors_logs.conversion_list(request.query_params)
        if request.accepted_renderer.format == "csv":
            return csv_response(selectors_logs.conversion_csv_rows(conversions), "conversions.csv")
        paginator = StableCursorPagination()
        page = paginator.paginate_queryset(selectors_logs.conversion_page_queryset(conversions), request, view=self)
        return paginator.get_paginated_response(selectors_logs.conversion_rows(page))
