from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from core.validation import InputError, check_text, parse_int


class StableCursorPagination(CursorPagination):
    """`{"results": [...], "next": url|null, "previous": url|null}`; stays fast on big tables."""

    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 500
    ordering = "-id"

    def get_page_size(self, request):
        """`?limit=` is 1 .. max_page_size; anything else is a 400 naming it, never quietly the default."""
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        return parse_int(text, self.page_size_query_param, maximum=self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"rows per page, 1 to {self.max_page_size} (default {self.page_size})"
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def decode_cursor(self, request):
        """A cursor is the client's text too: a forged position (NUL, not a number for an id) is an invalid cursor."""
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor is not None else None
        if position is not None:
            ordering = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
            try:
                check_text(position, "cursor")
                if ordering.lstrip("-") in ("id", "number"):
                    parse_int(position, "cursor", minimum=0)
            except InputError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor
