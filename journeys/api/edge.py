"""The URL at the edge (design §8): query parameters and path segments checked before any view reads them.

Every query parameter (name and value) of every request, and every field of a form-encoded
POST, is text the views hand to the database: NUL or a lone surrogate in one is a 400 naming
it (JSON bodies are checked by core.validation_drf's parser). A path segment of
digits beyond 2**63-1 cannot be an id: 404, like any other id that names nothing.
Parameters' meaning (numbers, dates) is checked where they are read (journeys.selectors.filters).
"""
from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.utils import translation
from django.utils.translation import gettext

from core.validation import MAX_ID, InputError, check_text

API_PREFIXES = ("/api/", "/webhooks/")


def _bad_query_parameter(request) -> InputError | None:
    try:
        for name, values in request.GET.lists():
            check_text(name, "query parameter name")
            for value in values:
                check_text(value, name)
        check_text(request.path, "path")
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            # Forms and provider callbacks (Twilio) post fields the same way: each one is text for the database.
            for name, values in request.POST.lists():
                check_text(name, "form field name")
                for value in values:
                    check_text(value, name)
    except InputError as exc:
        return exc
    return None


def _repeated_query_parameter(request) -> InputError | None:
    """An API parameter holds one value (lists are comma-separated): `?limit=1&limit=x` is ambiguous, not the last."""
    for name, values in request.GET.lists():
        if len(values) > 1:
            return InputError(name, gettext("is given more than once"))
    return None


def _oversized_id(path: str) -> bool:
    return any(part.isascii() and part.isdigit() and len(part) > 18 and int(part) > MAX_ID for part in path.split("/"))


class QueryParameterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = _refusal(request)
        if refused is not None:
            # This runs before LocaleMiddleware: say it again in the caller's language (only when refusing).
            with translation.override(translation.get_language_from_request(request)):
                return _refusal(request)
        return self.get_response(request)


def _refusal(request):
    try:
        error = _bad_query_parameter(request)
    except RequestDataTooBig:  # a form past DATA_UPLOAD_MAX_MEMORY_SIZE: JSON naming the body, not an HTML 400
        return JsonResponse({"detail": gettext("body: is larger than the server accepts"), "field": "body"}, status=413)
    except TooManyFieldsSent:
        return JsonResponse({"detail": gettext("body: has too many form fields"), "field": "body"}, status=400)
    is_api = request.path.startswith(API_PREFIXES)
    if error is None and request.path.startswith("/api/"):
        error = _repeated_query_parameter(request)
    if error is not None:
        if is_api:
            return JsonResponse({"detail": str(error), "field": error.field}, status=400)
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if _oversized_id(request.path):
        body = {"detail": gettext("no such id: ids are at most 2**63-1"), "field": "path"}
        return JsonResponse(body, status=404) if is_api else HttpResponseNotFound(body["detail"])
    return None
