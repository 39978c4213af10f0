"""CSV on the wire for list exports (`?format=csv`) and imports (`Content-Type: text/csv`).

Every export streams through `csv_response`, which neutralises formula cells (core.csv_safe). In core because
every app with a list (journeys logs, suppressions, segment members) speaks it.
"""
from __future__ import annotations

import csv

from django.http import StreamingHttpResponse
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer

from core.csv_safe import neutralise_row
from core.negotiation import StrictFormatNegotiation
from core.validation_drf import BodyTooLarge

MAX_CSV_BYTES = 10 * 1024 * 1024


class CSVRenderer(BaseRenderer):
    """Lets DRF accept `?format=csv`; the views stream the rows themselves (see `csv_response`)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, (bytes, str)) else b""


class CSVParser(BaseParser):
    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_CSV_BYTES + 1)
        if len(raw) > MAX_CSV_BYTES:  # refused whole rather than cut mid-row
            raise BodyTooLarge("file", f"is larger than {MAX_CSV_BYTES:,} bytes")
        return raw.decode("utf-8-sig", "replace")


class JsonUnlessCsvGet(StrictFormatNegotiation):
    """`?format=csv` means CSV out for a GET only; a write's answer (report or error) stays JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.method != "GET":
            self.check_format(request, renderers, format_suffix)
            return JSONRenderer(), JSONRenderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(neutralise_row(row)) for row in rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
