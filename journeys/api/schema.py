"""The OpenAPI schema says every status an operation can answer (design §8: "The OpenAPI schema matches behaviour").

Views declare their successes; the errors come from layers every view shares, so they are
added here, from what the view is: any operation can meet a bad parameter (400), a missing or
wrong credential (401, 403), an id or cursor that names nothing (404) and a database out of
connections (503); writes can also conflict with the current state (409) or send a body too big
(413) or of a type they do not read (415); throttled views answer 429. Errors are JSON, also
where the success is a CSV file. Schemathesis holds the schema to this in CI
(tests/integration/test_openapi_conformance.py).
"""
from __future__ import annotations

from copy import deepcopy

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "required": True,
                               "description": "seconds to wait before trying again"}}
EVERY_OPERATION = {
    400: "Bad input: the body, or a query parameter (`field` names it)",
    401: "No credentials, or credentials that are not valid",
    403: "The credential may not do this (role, write key outside ingest, four eyes)",
    404: "No such resource, or a cursor that is not one of this list's",
    503: "The server is busy (database connections exhausted): retry after `Retry-After` seconds",
}
WRITES = {
    409: "Conflicts with the current state (a transition from the wrong status, a duplicate, a resource in use)",
    413: "The body is too large",
    415: "The body's Content-Type is not one this operation reads",
}
THROTTLED = {429: "Too many calls for this API key: retry after `Retry-After` seconds"}
WITH_RETRY_AFTER = {429, 503}


class ErrorOutput(serializers.Serializer):
    """`{"detail", "field"}`; a serializer's checks may answer a map of field -> messages instead."""

    detail = serializers.CharField(required=False, help_text="what is wrong")
    field = serializers.CharField(required=False, allow_null=True,
                                  help_text="the field or query parameter at fault, as the client wrote it")


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for media_type, content in self._csv_contents(responses):
            content[media_type] = {"schema": {"type": "string", "description": "CSV, a header row first"}}
        error = self.resolve_serializer(ErrorOutput, "response").ref
        for status, description in self._error_statuses().items():
            response = responses.setdefault(str(status), {"description": description})
            response["content"] = {"application/json": {"schema": dict(error)}}  # a view's own note keeps its words
            if status in WITH_RETRY_AFTER:
                response["headers"] = deepcopy(RETRY_AFTER)
        return responses

    def _error_statuses(self) -> dict[int, str]:
        statuses = dict(EVERY_OPERATION)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            statuses.update(WRITES if self.method != "DELETE" else {409: WRITES[409]})
        if self.view.get_throttles():
            statuses.update(THROTTLED)
        return statuses

    @staticmethod
    def _csv_contents(responses: dict):
        for status, response in responses.items():
            if status.startswith("2"):
                content = response.get("content", {})
                yield from ((media_type, content) for media_type in list(content) if media_type == "text/csv")


INT64 = {"minimum": -(2**63), "maximum": 2**63 - 1}
JSON_VALUE_REF = {"$ref": "#/components/schemas/JsonValue"}
# Any JSON value the edge accepts (core.validation.check_json): numbers within 64-bit integers; JsonData: not null.
_JSON_KINDS = [
    {"type": "string"}, {"type": "integer", **INT64}, {"type": "number", **INT64}, {"type": "boolean"},
    {"type": "array", "items": JSON_VALUE_REF}, {"type": "object", "additionalProperties": JSON_VALUE_REF},
]
JSON_VALUE = {"nullable": True, "description": "any JSON value", "anyOf": _JSON_KINDS}
JSON_DATA = {"description": "any JSON value but null", "anyOf": _JSON_KINDS}


def constrain_request_bodies(result, generator, request, public):
    """drf-spectacular postprocessing hook: request bodies say what the JSON parser at the edge refuses.

    Free-form parts (traits, properties, graphs, unknown keys, which serializers ignore) are `JsonValue`,
    and integers are 64-bit, so that what the schema allows is what the server takes.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["JsonValue"], schemas["JsonData"] = deepcopy(JSON_VALUE), deepcopy(JSON_DATA)
    seen: set[str] = set()
    for operation in _operations(result):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            schema = deepcopy(content["application/json"]["schema"])  # inline schemas may be module constants
            content["application/json"]["schema"] = _constrain(schema, schemas, seen)
    return result


def _operations(result):
    for path_item in result.get("paths", {}).values():
        yield from (operation for method, operation in path_item.items() if method != "parameters")


def _constrain(schema: dict, schemas: dict, seen: set[str], *, field: bool = False) -> dict:
    """`field`: the schema of a declared property, where null is only allowed when it says `nullable`."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen and name in schemas:
            seen.add(name)
            schemas[name] = _constrain(schemas[name], schemas, seen)
        return schema
    if _is_any(schema):
        name = "JsonValue" if schema.get("nullable") or not field else "JsonData"
        return {"allOf": [{"$ref": f"#/components/schemas/{name}"}],
                **{key: schema[key] for key in ("description",) if key in schema}}
    if schema.get("type") in ("integer", "number"):  # a JSON integer past 64 bits is refused, whatever the field
        for bound, value in INT64.items():
            schema.setdefault(bound, value)
    if "properties" in schema:
        schema["properties"] = {name: _constrain(sub, schemas, seen, field=True)
                                for name, sub in schema["properties"].items()}
    if schema.get("type") == "object":
        extra = schema.get("additionalProperties", {})
        if extra is not False:
            schema["additionalProperties"] = _constrain(extra if extra is not True else {}, schemas, seen)
    if "items" in schema:
        schema["items"] = _constrain(schema["items"], schemas, seen)
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            schema[keyword] = [_constrain(sub, schemas, seen) for sub in schema[keyword]]
    return schema


def _is_any(schema: dict) -> bool:
    """`{}`, maybe with a description or `nullable`: drf-spectacular's rendering of a JSONField."""
    return not set(schema) - {"description", "nullable", "default", "readOnly", "writeOnly"}
