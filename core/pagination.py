from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """`{"results": [...], "next": url|null, "previous": url|null}`; stays fast on big tables."""

    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 500
    ordering = "-id"
