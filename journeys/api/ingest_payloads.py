"""Parse Segment-compatible identify / track payloads into service calls.

Hand-written rather than DRF serializers: this is the ingest hot path (10,000
events/s target) and a 1,000-item batch must name the exact item and field that
is wrong. Unknown extra fields (sentAt, writeKey, context, integrations, …) are
accepted and ignored, as Segment's own API does.
"""
from __future__ import annotations

from datetime import datetime, timezone

from journeys.services.ingest import IdentifyCall, TrackCall

MAX_ID_LENGTH = 255
MAX_EVENT_NAME_LENGTH = 200
# Segment call types we accept on the wire but do not store (yet): no journey reads them.
IGNORED_TYPES = {"page", "screen", "group", "alias"}


class PayloadError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_call(item, kind: str | None, prefix: str = "") -> IdentifyCall | TrackCall | None:
    """`kind` forces identify/track (single endpoints); None reads `type` (batch). None result: ignored type."""
    if not isinstance(item, dict):
        raise PayloadError(prefix.rstrip(".") or "body", "must be a JSON object")
    declared = item.get("type")
    if kind is None:
        if declared in IGNORED_TYPES:
            return None
        if declared not in ("identify", "track"):
            raise PayloadError(f"{prefix}type", "must be 'identify' or 'track'" if declared is not None else "is required")
        kind = declared
    elif declared is not None and declared != kind:
        raise PayloadError(f"{prefix}type", f"must be {kind!r} on this endpoint")

    user_id = _identifier(item, "userId", prefix)
    anonymous_id = _identifier(item, "anonymousId", prefix)
    if not user_id and not anonymous_id:
        raise PayloadError(f"{prefix}userId", "userId or anonymousId is required")
    timestamp = _timestamp(item.get("timestamp"), f"{prefix}timestamp")
    message_id = _identifier(item, "messageId", prefix)

    if kind == "identify":
        traits = _object(item.get("traits"), f"{prefix}traits")
        return IdentifyCall(user_id, anonymous_id, traits, timestamp, message_id)
    event = item.get("event")
    if not isinstance(event, str) or not event.strip():
        raise PayloadError(f"{prefix}event", "is required and must be a non-empty string")
    if len(event) > MAX_EVENT_NAME_LENGTH:
        raise PayloadError(f"{prefix}event", f"must be at most {MAX_EVENT_NAME_LENGTH} characters")
    properties = _object(item.get("properties"), f"{prefix}properties")
    return TrackCall(user_id, anonymous_id, event, properties, timestamp, message_id)


def parse_batch(body, max_items: int) -> tuple[list[IdentifyCall | TrackCall], int]:
    """Every item is checked before anything is written; returns (calls, ignored count)."""
    if not isinstance(body, dict):
        raise PayloadError("body", "must be a JSON object with a 'batch' list")
    items = body.get("batch")
    if not isinstance(items, list):
        raise PayloadError("batch", "is required and must be a list")
    if len(items) > max_items:
        raise PayloadError(f"batch[{max_items}]", f"a batch holds at most {max_items} items; got {len(items)}")
    calls, ignored = [], 0
    for index, item in enumerate(items):
        call = parse_call(item, None, prefix=f"batch[{index}].")
        if call is None:
            ignored += 1
        else:
            calls.append(call)
    return calls, ignored


def _identifier(item: dict, name: str, prefix: str) -> str | None:
    value = item.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PayloadError(f"{prefix}{name}", "must be a string")
    value = str(value)
    if len(value) > MAX_ID_LENGTH:
        raise PayloadError(f"{prefix}{name}", f"must be at most {MAX_ID_LENGTH} characters")
    return value


def _object(value, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(field, "must be a JSON object")
    return value


def _timestamp(value, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PayloadError(field, "must be an ISO-8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise PayloadError(field, f"{value!r} is not an ISO-8601 timestamp") from None
    # A timestamp without an offset is taken as UTC, like Segment does.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
