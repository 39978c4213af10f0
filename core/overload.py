"""Overload answers 503 with `Retry-After`, never 500 (design §8 "Load").

The database is what runs out first under a burst: the process's connection pool stays full past
`DB_POOL_TIMEOUT` (psycopg_pool's `PoolTimeout`), or the server has no connection slot left ("too many
clients"). Both are the caller's cue to come back shortly, not a bug. The API's exception handler
answers them with `overload_response`; `OverloadMiddleware` does the same for pages and for whatever
raises outside a view (a session saved on the way out, say).
"""
from __future__ import annotations

import logging
import sys

import psycopg
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import JsonResponse
from psycopg_pool import PoolTimeout, TooManyRequests

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1
BUSY_DETAIL = "the server is busy, retry"
TOO_MANY_CONNECTIONS = "53300"  # PostgreSQL's SQLSTATE for "sorry, too many clients already"
REFUSALS = ("too many clients", "remaining connection slots are reserved")


def is_overload(exc: BaseException) -> bool:
    """The database refused work for lack of connections, as opposed to a query or data error."""
    if not isinstance(exc, (OperationalError, psycopg.OperationalError)):
        return False
    cause = exc.__cause__ or exc
    if isinstance(cause, (PoolTimeout, TooManyRequests)):
        return True
    if getattr(cause, "sqlstate", None) == TOO_MANY_CONNECTIONS:
        return True
    text = str(exc).lower()
    return any(refusal in text for refusal in REFUSALS)


def overload_payload() -> dict:
    return {"detail": BUSY_DETAIL, "field": None}


def overload_headers() -> dict:
    return {"Retry-After": str(RETRY_AFTER_SECONDS)}


def overload_response(exc: BaseException, path: str) -> JsonResponse:
    log.warning("503 for %s: database overloaded (%s)", path, exc)
    return JsonResponse(overload_payload(), status=503, headers=overload_headers())


class OverloadMiddleware:
    """First in MIDDLEWARE, so it sees the final response of every other layer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Raised outside a view: Django already turned it into a 500; the signal below kept the cause.
        overload = getattr(request, "_journeys_overload", None)
        if overload is not None and response.status_code == 500:
            return overload_response(overload, request.path)
        return response

    def process_exception(self, request, exception):
        if is_overload(exception):
            return overload_response(exception, request.path)
        return None


def _remember_overload(sender, request=None, **kwargs) -> None:
    """Django sends this while handling the exception, so `sys.exc_info()` still holds it."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_overload(exc):
        request._journeys_overload = exc


got_request_exception.connect(_remember_overload, dispatch_uid="journeys-overload")
