"""Every error is JSON and names what is wrong: `{"detail": ..., "field": ...}` or DRF's field map."""
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from journeys.api.ingest_payloads import PayloadError
from journeys.graph.spec import SpecError
from core.errors import ServiceError, ValidationFailed


def exception_handler(exc, context):
    if isinstance(exc, PayloadError):
        return payload_error_response(exc)
    if isinstance(exc, SpecError):
        return Response({"detail": str(exc), "field": exc.path or None}, status=400)
    if isinstance(exc, ValidationFailed):
        return Response({"detail": exc.message, "field": exc.field, "issues": exc.issues}, status=exc.status_code)
    if isinstance(exc, ServiceError):
        return Response({"detail": exc.message, "field": exc.field}, status=exc.status_code)
    return drf_exception_handler(exc, context)


def payload_error_response(exc) -> Response:
    return Response({"detail": str(exc), "field": exc.field}, status=400)
