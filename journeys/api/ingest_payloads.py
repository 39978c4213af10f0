"""Parse Segment-compatible identify / track payloads into service calls.

Hand-written rather than DRF serializers: this is the ingest hot path (10,000
events/s target) and a 1,000-item batch must name the exact item and field that
is wrong. Unknown extra fields (sentAt, writeKey, context, integrations, …) are
accepted and ignored, as Segment's own API does.

Every value goes through core.validation (design §8, input at the edge): clean strings,
64-bit numbers, timestamps within 1970..2200, properties and traits at most 32 levels
deep, and the address traits validated and normalised (email lower-cased, phone E.164).
"""
from __future__ import annotations

import math
from datetime import datetime

from django.utils.translation import gettext

from core.addresses import check_traits
from core.validation import InputError, check_object, check_text, parse_moment
from journeys.services.ingest import IdentifyCall, TrackCall

MAX_ID_LENGTH = 255
MAX_EVENT_NAME_LENGTH = 200
# Segment call types we accept on the wire but do not store (yet): no journey reads them.
IGNORED_TYPES = {"page", "screen", "group", "alias"}


class PayloadError(InputError):
    """A 400 naming the field of the item: `batch[3].traits.timezone`."""


def parse_call(item, kind: str | None, prefix: str = "") -> IdentifyCall | TrackCall | None:
    """`kind` forces identify/track (single endpoints); None reads `type` (batch). None result: ignored type."""
    if not isinstance(item, dict):
        raise PayloadError(prefix.rstrip(".") or "body", gettext("must be a JSON object"))
    declared = item.get("type")
    if kind is None:
        if isinstance(declared, str) and declared in IGNORED_TYPES:
            return None
        if declared not in ("identify", "track"):
            raise PayloadError(f"{prefix}type", gettext("must be 'identify' or 'track'") if declared is not None
                               else gettext("is required"))
        kind = declared
    elif declared is not None and declared != kind:
        raise PayloadError(f"{prefix}type", gettext("must be %(kind)s on this endpoint") % {"kind": repr(kind)})

    user_id = _identifier(item, "userId", prefix)
    anonymous_id = _identifier(item, "anonymousId", prefix)
    if not user_id and not anonymous_id:
        raise PayloadError(f"{prefix}userId", gettext("userId or anonymousId is required"))
    timestamp = _timestamp(item.get("timestamp"), f"{prefix}timestamp")
    message_id = _identifier(item, "messageId", prefix)

    if kind == "identify":
        traits = check_traits(item.get("traits"), f"{prefix}traits")
        return IdentifyCall(user_id, anonymous_id, traits, timestamp, message_id)
    event = item.get("event")
    if not isinstance(event, str) or not event.strip():
        raise PayloadError(f"{prefix}event", gettext("is required and must be a non-empty string"))
    if len(event) > MAX_EVENT_NAME_LENGTH:
        raise PayloadError(f"{prefix}event", _at_most(MAX_EVENT_NAME_LENGTH))
    check_text(event, f"{prefix}event")
    properties = check_object(item.get("properties"), f"{prefix}properties")
    return TrackCall(user_id, anonymous_id, event, properties, timestamp, message_id)


def parse_batch(body, max_items: int) -> tuple[list[IdentifyCall | TrackCall], int]:
    """Every item is checked before anything is written; returns (calls, ignored count)."""
    if not isinstance(body, dict):
        raise PayloadError("body", gettext("must be a JSON object with a 'batch' list"))
    items = body.get("batch")
    if not isinstance(items, list):
        raise PayloadError("batch", gettext("is required and must be a list"))
    if len(items) > max_items:
        raise PayloadError(f"batch[{max_items}]", gettext("a batch holds at most %(max)s items; got %(count)s")
                           % {"max": max_items, "count": len(items)})
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
        raise PayloadError(f"{prefix}{name}", gettext("must be a string"))
    if isinstance(value, float) and not math.isfinite(value):
        raise PayloadError(f"{prefix}{name}", gettext("must be a string"))
    value = str(value)
    if len(value) > MAX_ID_LENGTH:
        raise PayloadError(f"{prefix}{name}", _at_most(MAX_ID_LENGTH))
    return check_text(value, f"{prefix}{name}")


def _timestamp(value, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PayloadError(field, gettext("must be an ISO-8601 string"))
    # A timestamp without an offset is taken as UTC, like Segment does.
    return parse_moment(value, field)


def _at_most(characters: int) -> str:
    return gettext("must be at most %(count)s characters") % {"count": characters}
