"""Query-parameter schemas for the OpenAPI document, exact enough for Schemathesis to hold views to them.

Each says what the parsing at the edge accepts (core.validation, journeys.selectors.filters):
ids are 1 .. 2**63-1; moments are ISO dates or datetimes between 1970 and 2200 (the pattern
keeps clear of the edges, where an offset could cross them, and of days a month lacks).
"""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from core.validation import MAX_ID

ID = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
_DAY = r"(197[1-9]|19[89][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
_TIME = r"T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?"
MOMENT = {"type": "string", "pattern": f"^{_DAY}({_TIME})?$", "example": "2026-06-01T12:00:00Z"}
MOMENT_OR_EMPTY = {**MOMENT, "pattern": f"^({_DAY}({_TIME})?)?$", "description": "empty: no bound"}


def id_param(name: str, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, ID, description=description)


def moment_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, MOMENT_OR_EMPTY, description=description)


def choice_param(name: str, choices, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, str, enum=list(choices), description=description)


def format_param(description: str) -> OpenApiParameter:
    return choice_param("format", ["json", "csv"], description)
