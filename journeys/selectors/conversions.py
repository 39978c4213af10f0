"""Reads behind the conversion log (page, API and CSV export): keyset pages on `-id` and
batched exports, like the delivery log (logs.py). No writes here."""
from __future__ import annotations

import json
from typing import Iterator

from django.db.models import QuerySet

from core.masking import contact_addresses, mask_data
from journeys.models import Conversion
from journeys.selectors.filters import by_journey, parse_moment
from journeys.selectors.logs import iter_batches


def conversion_list(params) -> QuerySet[Conversion]:
    conversions = by_journey(Conversion.objects.all(), params)
    if value := params.get("userId"):
        conversions = conversions.filter(contact__user_id=value)
    if value := params.get("event"):
        conversions = conversions.filter(event_name=value)
    if value := params.get("since"):
        conversions = conversions.filter(converted_at__gte=parse_moment(value, "since"))
    if value := params.get("until"):
        conversions = conversions.filter(converted_at__lt=parse_moment(value, "until", end=True))
    return conversions.order_by("-id")


def conversion_page_queryset(conversions: QuerySet[Conversion]) -> QuerySet[Conversion]:
    return conversions.select_related("contact", "version", "event")


def _properties(conversion: Conversion, masked: bool) -> dict:
    """The converting event's properties; for viewers with addresses masked (an order's `billing.email`)."""
    properties = conversion.event.properties if conversion.event_id and conversion.event else {}
    if not masked:
        return properties
    contact = conversion.contact
    return mask_data(properties, contact_addresses(contact.email, contact.phone, contact.traits))


def conversion_rows(conversions: list[Conversion], *, masked: bool) -> list[dict]:
    return [{
        "id": c.pk, "journey": c.journey_id, "version": c.version.number, "userId": c.contact.user_id,
        "event": c.event_name, "variants": c.variants, "message": c.message_id,
        "seconds_to_convert": c.seconds_to_convert, "converted_at": c.converted_at,
        "properties": _properties(c, masked),
    } for c in conversions]


CONVERSION_CSV_HEADER = ["id", "converted_at", "journey", "version", "userId", "event", "variants", "message",
                         "seconds_to_convert", "properties"]


def conversion_csv_rows(conversions: QuerySet[Conversion], *, masked: bool) -> Iterator[list]:
    yield CONVERSION_CSV_HEADER
    fields = ["id", "converted_at", "journey_id", "version__number", "contact__user_id", "event_name", "variants",
              "message_id", "seconds_to_convert", "event__properties"]
    for row in iter_batches(conversions, fields):
        row = list(row)
        row[1] = row[1].isoformat()
        row[6] = json.dumps(row[6] or {}, sort_keys=True)
        row[9] = json.dumps(mask_data(row[9] or {}) if masked else row[9] or {}, sort_keys=True)
        yield row
