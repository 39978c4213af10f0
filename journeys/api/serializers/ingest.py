"""Segment-compatible ingest: identify, track, batch."""
from rest_framework import serializers

from core.schema_params import MOMENT_OR_EMPTY


class IngestOutput(serializers.Serializer):
    success = serializers.BooleanField()
    identified = serializers.IntegerField()
    tracked = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    ignored = serializers.IntegerField()


# The request bodies, as journeys.api.ingest_payloads reads them (OpenAPI, for the schema only).
# Ids may be numbers (SDKs send them so) and "" means absent; one of userId / anonymousId is required.
_JSON_OBJECT = {"type": "object", "nullable": True, "additionalProperties": {}, "description": "null: none"}
_ID = {"anyOf": [{"type": "string", "maxLength": 255}, {"type": "integer"}, {"type": "number"}], "nullable": True}
_GIVEN_ID = {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 255}, {"type": "integer"}, {"type": "number"}]}
_MOMENT = {"type": "string", "nullable": True, "description": "ISO-8601, any offset (none: UTC), 1970 to 2200; "
           "\"\" or null: now", "pattern": MOMENT_OR_EMPTY["pattern"]}
_COMMON = {"userId": _ID, "anonymousId": _ID, "messageId": _ID, "timestamp": _MOMENT,
           "context": {"nullable": True}, "integrations": {"nullable": True}, "sentAt": {"nullable": True},
           "writeKey": {"nullable": True}}  # what SDKs add; read by nobody
_WHO = [{"required": ["userId"], "properties": {"userId": _GIVEN_ID}},
        {"required": ["anonymousId"], "properties": {"anonymousId": _GIVEN_ID}}]
IDENTIFY_INPUT = {"type": "object", "anyOf": _WHO, "properties": {
    **_COMMON, "type": {"type": "string", "enum": ["identify"], "nullable": True}, "traits": _JSON_OBJECT}}
TRACK_INPUT = {"type": "object", "anyOf": _WHO, "required": ["event"], "properties": {
    **_COMMON, "type": {"type": "string", "enum": ["track"], "nullable": True}, "properties": _JSON_OBJECT,
    "event": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}}}


def _batch_item(schema: dict, kind: str) -> dict:
    """In a batch each item says what it is."""
    return {**schema, "required": ["type", *schema.get("required", [])],
            "properties": {**schema["properties"], "type": {"type": "string", "enum": [kind]}}}


_IGNORED_ITEM = {"type": "object", "required": ["type"],
                 "properties": {"type": {"type": "string", "enum": ["page", "screen", "group", "alias"]}}}
BATCH_INPUT = {"type": "object", "required": ["batch"], "properties": {"batch": {
    "type": "array", "maxItems": 1000, "description": "identify and track items; page, screen, group and alias "
                                                       "items are counted as ignored", "items": {"oneOf": [
        _batch_item(IDENTIFY_INPUT, "identify"), _batch_item(TRACK_INPUT, "track"), _IGNORED_ITEM]}}}}
