"""`GET /api/v1/messages` (the delivery log) and `GET /api/v1/conversions`: filter, cursor pages,
`?format=csv` streams the whole filtered set. Thin: parse, call a selector, render."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from core.csv_io import CSVRenderer, csv_response
from channels_app.models import MessageStatus
from core.masking import must_mask
from core.pagination import StableCursorPagination
from core.schema_params import format_param, id_param, moment_param
from journeys.api.serializers.logs import ConversionRowOutput, MessageRowOutput
from journeys.api.views.paging import paged_response
from journeys.selectors import conversions as conversion_selectors
from journeys.selectors import logs as log_selectors

COMMON = [
    id_param("journey"), id_param("version", "version number (with journey)"), OpenApiParameter("userId", str),
    moment_param("since", "ISO date or datetime, inclusive"),
    moment_param("until", "ISO datetime (exclusive) or date (that day included)"),
    format_param("csv: the whole filtered set, streamed"),
]
# Comma lists of known statuses; empty items are skipped.
STATUSES = {"type": "string", "pattern": "^(|{0})(,(|{0}))*$".format("|".join(MessageStatus.values))}


class MessageListView(APIView):
    resource = "logs"
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = StableCursorPagination

    @extend_schema(responses=MessageRowOutput(many=True), summary="The delivery log, newest first",
                   parameters=COMMON + [OpenApiParameter("status", STATUSES, description="comma list")] + [
                       OpenApiParameter(name, str) for name in ("node", "channel", "provider_id", "reason")])
    def get(self, request):
        messages = log_selectors.message_list(request.query_params)
        masked = must_mask(request.user)
        if request.accepted_renderer.format == "csv":
            self.pagination_class().get_page_size(request)  # a file has no pages, but a bad ?limit= is still a 400
            return csv_response(log_selectors.message_csv_rows(messages, masked=masked), "messages.csv")
        return paged_response(self, request, log_selectors.message_page_queryset(messages),
                              lambda page: MessageRowOutput(log_selectors.message_rows(page, masked=masked), many=True).data)


class ConversionListView(APIView):
    resource = "logs"
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = StableCursorPagination

    @extend_schema(responses=ConversionRowOutput(many=True), summary="The conversion log, newest first",
                   parameters=COMMON + [OpenApiParameter("event", str)])
    def get(self, request):
        conversions = conversion_selectors.conversion_list(request.query_params)
        masked = must_mask(request.user)
        if request.accepted_renderer.format == "csv":
            self.pagination_class().get_page_size(request)  # a file has no pages, but a bad ?limit= is still a 400
            return csv_response(conversion_selectors.conversion_csv_rows(conversions, masked=masked), "conversions.csv")
        return paged_response(
            self, request, conversion_selectors.conversion_page_queryset(conversions),
            lambda page: ConversionRowOutput(conversion_selectors.conversion_rows(page, masked=masked), many=True).data)
