"""`?format=` takes only what the endpoint renders: a 400 naming `format` otherwise.

DRF answers an unknown format with a bare 404, as if the resource were missing, and would let
a list without a CSV export quietly answer JSON to `?format=csv`.
"""
from __future__ import annotations

from django.utils.translation import gettext
from rest_framework.negotiation import DefaultContentNegotiation

from core.errors import InvalidInput


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        self.check_format(request, renderers, format_suffix)
        return super().select_renderer(request, renderers, format_suffix)

    def check_format(self, request, renderers, format_suffix=None) -> None:
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE or "format")
        offered = [renderer.format for renderer in renderers]
        if wanted is not None and wanted not in offered:
            choices = ", ".join(f for f in offered if f != "api")  # the browsable API is for people, unlisted
            raise InvalidInput(gettext("format: must be one of %(choices)s") % {"choices": choices}, field="format")
