"""Every error is JSON and names what is wrong: `{"detail": ..., "field": ...}` or DRF's field map."""
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
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
    if isinstance(exc, Http404) and (missing := _missing_object(str(exc))) is not None:
        return Response({"detail": _("No %(object)s matches the given query.") % {"object": missing}}, status=404)
    if isinstance(exc, RequestDataTooBig):  # Django's own limit, met when something read request.body
        detail = _("body: is larger than %(limit)s bytes") % {"limit": f"{max_body_bytes():,}"}
        return Response({"detail": detail, "field": "body"}, status=413)
    return drf_exception_handler(exc, context)


# get_object_or_404's "No Journey matches the given query." names the model in English: the reader's word for it.
_NOT_FOUND_SUFFIX = " matches the given query."
MODEL_NAMES = {
    "Journey": pgettext_lazy("model", "Journey"), "JourneyVersion": pgettext_lazy("model", "JourneyVersion"),
    "Segment": pgettext_lazy("model", "Segment"), "Contact": pgettext_lazy("model", "Contact"),
    "Message": pgettext_lazy("model", "Message"), "MessageTemplate": pgettext_lazy("model", "MessageTemplate"),
    "AlertRule": pgettext_lazy("model", "AlertRule"), "Alert": pgettext_lazy("model", "Alert"),
    "Suppression": pgettext_lazy("model", "Suppression"), "WriteKey": pgettext_lazy("model", "WriteKey"),
    "FrequencyCapRule": pgettext_lazy("model", "FrequencyCapRule"), "Broadcast": pgettext_lazy("model", "Broadcast"),
}


def _missing_object(message: str) -> str | None:
    if not (message.startswith("No ") and message.endswith(_NOT_FOUND_SUFFIX)):
        return None
    model = message[3:-len(_NOT_FOUND_SUFFIX)]
    return str(MODEL_NAMES.get(model, model))


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
