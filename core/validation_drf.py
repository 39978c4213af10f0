"""The DRF side of `core.validation`: a bounded JSON parser and serializer fields that check at the edge.

`CheckedJSONParser` is every API view's JSON parser (settings: DEFAULT_PARSER_CLASSES): a body
larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, one nested too deep for the decoder a 400,
and every string and number in it is checked, all naming the field (`body` for the whole).
The fields below add the per-field rules (32 levels, traits' addresses) and ranges.
"""
from __future__ import annotations

from django.conf import settings
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

from core.addresses import check_traits
from core.validation import MAX_BODY_DEPTH, MAX_ID, MAX_JSON_DEPTH, InputError, NotJSON, check_json, loads

DEFAULT_MAX_BODY_BYTES = 2_621_440  # Django's own default for DATA_UPLOAD_MAX_MEMORY_SIZE


class BodyTooLarge(InputError):
    status_code = 413


def max_body_bytes() -> int:
    return getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None) or DEFAULT_MAX_BODY_BYTES


def check_body_size(size: int) -> None:
    limit = max_body_bytes()
    if size > limit:
        raise BodyTooLarge("body", f"is larger than {limit:,} bytes")


class CheckedJSONParser(JSONParser):
    """DRF's JSON parser with the body's size, depth, strings and numbers checked before any view sees it."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        raw = stream.read(limit + 1)
        check_body_size(len(raw))
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = raw.decode(encoding)
        except (ValueError, LookupError) as exc:  # UnicodeDecodeError, an unknown charset
            raise ParseError(f"JSON parse error - {exc}") from None
        try:
            # Paths from the body's root ("batch[3].properties.name"); a body of 5,000 "[" is a 400 naming `body`.
            return loads(text, "", max_depth=MAX_BODY_DEPTH, parse_constant=strict_constant if self.strict else None)
        except NotJSON as exc:
            raise ParseError(f"JSON parse error - {exc.message.removeprefix('is not JSON: ')}") from None


class CheckedDictField(serializers.DictField):
    """A JSON object, at most 32 levels deep, its strings and numbers checked before DRF walks it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            check_json(data, self.field_name, max_depth=MAX_JSON_DEPTH)
        return super().to_internal_value(data)


class CheckedListField(serializers.ListField):
    """A JSON list, checked like `CheckedDictField` as a whole, so errors name `events[1].properties.x`."""

    def to_internal_value(self, data):
        if isinstance(data, list):
            check_json(data, self.field_name, max_depth=MAX_JSON_DEPTH)
        return super().to_internal_value(data)


class TraitsField(CheckedDictField):
    """Contact traits: `email`, `phone` and `timezone` validated and normalised (core.validation.check_traits)."""

    def to_internal_value(self, data):
        return check_traits(super().to_internal_value(data), self.field_name)


def id_field(**kwargs) -> serializers.IntegerField:
    """A row id or a version number: 1 .. 2**63-1."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)
