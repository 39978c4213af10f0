"""`GET /api/v1/messages` (the delivery log) and `GET /api/v1/conversions`: filter, cursor pages,
`?format=csv` streams the whole filtered set. Thin: parse, call a selector, render."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from channels_app.api.csv_io import CSVRenderer, csv_response
from core.masking import must_mask
from core.pagination import StableCursorPagination
from journeys.api.serializers.logs import ConversionRowOutput, MessageRowOutput
from journeys.api.views.paging import paged_response
from journeys.selectors import conversions as conversion_selectors
from journeys.selectors import logs as log_selectors

COMMON = [
    OpenApiParameter("journey", int), OpenApiParameter("version", int, description="version number (with journey)"),
    OpenApiParameter("userId", str), OpenApiParameter("since", str, description="ISO date or datetime, inclusive"),
    OpenApiParameter("until", str, description="ISO datetime (exclusive) or date (that day included)"),
    OpenApiParameter("limit", int, description="rows per page, ≤ 500"),
    OpenApiParameter("format", str, enum=["json", "csv"], description="csv: the whole filtered set, streamed"),
]


class MessageListView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = StableCursorPagination

    @extend_schema(responses=MessageRowOutput(many=True), summary="The delivery log, newest first",
                   parameters=COMMON + [OpenApiParameter(name, str) for name in
                                        ("node", "channel", "status", "provider_id", "reason")])
    def get(self, request):
        messages = log_selectors.message_list(request.query_params)
        masked = must_mask(request.user)
        if request.accepted_renderer.format == "csv":
            return csv_response(log_selectors.message_csv_rows(messages, masked=masked), "messages.csv")
        return paged_response(self, request, log_selectors.message_page_queryset(messages),
                              lambda page: MessageRowOutput(log_selectors.message_rows(page, masked=masked), many=True).data)


class ConversionListView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = StableCursorPagination

    @extend_schema(responses=ConversionRowOutput(many=True), summary="The conversion log, newest first",
                   parameters=COMMON + [OpenApiParameter("event", str)])
    def get(self, request):
        conversions = conversion_selectors.conversion_list(request.query_params)
        if request.accepted_renderer.format == "csv":
            return csv_response(conversion_selectors.conversion_csv_rows(conversions), "conversions.csv")
        return paged_response(self, request, conversion_selectors.conversion_page_queryset(conversions),
                              lambda page: ConversionRowOutput(conversion_selectors.conversion_rows(page), many=True).data)
