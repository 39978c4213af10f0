"""Every error is JSON and names what is wrong: `{"detail": ..., "field": ...}` or DRF's field map."""
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ServiceError, ValidationFailed
from core.overload import is_overload, overload_headers, overload_payload
from core.validation import InputError
from core.validation_drf import max_body_bytes
from journeys.graph.spec import SpecError


def exception_handler(exc, context):
    _answer_in_json(context.get("request"))
    if is_overload(exc):  # out of database connections: come back shortly (503, never 500)
        return Response(overload_payload(), status=503, headers=overload_headers())
    if isinstance(exc, SpecError):
        return Response({"detail": str(exc), "field": exc.path or None}, status=400)
    if isinstance(exc, ValidationFailed):
        return Response({"detail": exc.message, "field": exc.field, "issues": exc.issues}, status=exc.status_code)
    if isinstance(exc, InputError):  # the edge's checks, ingest's PayloadError among them: "field: problem"
        return Response({"detail": str(exc), "field": exc.field}, status=exc.status_code)
    if isinstance(exc, ServiceError):
        return Response({"detail": exc.message, "field": exc.field}, status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):  # Django's own limit, met when something read request.body
        detail = _("body: is larger than %(limit)s bytes") % {"limit": f"{max_body_bytes():,}"}
        return Response({"detail": detail, "field": "body"}, status=413)
    return drf_exception_handler(exc, context)


def _answer_in_json(request) -> None:
    """An error is JSON even where the success would be a CSV file (`?format=csv`), which could not carry it."""
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is not None and renderer.format == "csv":
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type


def not_found(request, exception=None):
    """A URL no route matches: under /api/ a JSON 404 like every other API error; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("no such endpoint or resource"), "field": None}, status=404)
    return page_not_found(request, exception)
