"""One cursor page of a queryset, rendered by the view's output serializer."""
from __future__ import annotations

from typing import Callable

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


def paged_response(view: APIView, request: Request, queryset: QuerySet, render: Callable[[list], list]) -> Response:
    """`{"results": render(page), "next", "previous"}` with the view's `pagination_class`.

    Views that page declare that class, so the OpenAPI schema wraps their serializer the same way.
    """
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(render(page))
