"""Reads behind the delivery log (page, API and CSV export). No writes here.

Lists are keyset-paginated on `-id` (the cursor never OFFSETs), and every filter the
log pages offer has a `(column, id)` index (channels_app migration 0007), so a page of
a filtered log over millions of rows is an index walk that stops after `limit` rows.
Exports iterate the same filtered queryset in keyset batches (`iter_batches`): constant
memory whatever the size, and no long-held server-side cursor. The conversion log
(conversions.py) follows the same rules.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext

from channels_app.models import DeliveryEvent, Message, MessageStatus
from core.masking import contact_addresses, mask_address, mask_data, mask_text
from journeys.models import Contact
from journeys.selectors.filters import BadFilter, by_journey, parse_moment

EXPORT_BATCH = 2000
MESSAGE_FILTERS = ("journey", "version", "node", "channel", "status", "userId", "provider_id", "since", "until", "reason")


def message_list(params) -> QuerySet[Message]:
    """The delivery log filtered by query parameters (any of MESSAGE_FILTERS), newest first.

    `status` and `channel` take comma-separated lists; `version` is a version number of
    `journey`; `since` / `until` bound `created_at` (an ISO date for `until` includes that day).
    """
    messages = by_journey(Message.objects.all(), params)
    if value := params.get("node"):
        messages = messages.filter(node=value)
    if value := params.get("channel"):
        messages = messages.filter(channel__in=[v for v in value.split(",") if v])
    if value := params.get("status"):
        wanted = [v for v in value.split(",") if v]
        unknown = set(wanted) - set(MessageStatus.values)
        if unknown:
            raise BadFilter(gettext("unknown status %(status)s; one of %(statuses)s")
                            % {"status": repr(sorted(unknown)[0]), "statuses": ", ".join(MessageStatus.values)},
                            field="status")
        messages = messages.filter(status__in=wanted)
    if value := params.get("userId"):
        contact_id = Contact.objects.filter(user_id=value).values_list("id", flat=True).first()
        messages = messages.filter(contact_id=contact_id or -1)
    if value := params.get("provider_id"):
        messages = messages.filter(provider_id=value)
    if value := params.get("reason"):
        messages = messages.filter(reason__icontains=value)
    if value := params.get("since"):
        messages = messages.filter(created_at__gte=parse_moment(value, "since"))
    if value := params.get("until"):
        messages = messages.filter(created_at__lt=parse_moment(value, "until", end=True))
    return messages.order_by("-id")


def message_rows(messages: list[Message], *, masked: bool) -> list[dict]:
    """Design §6 message rows for one page, with their delivery events (2 queries in all).

    `masked` (viewers): the address, and every address in the rendered content (unsubscribe link
    included), the reason (a bounce quotes the mailbox) and the provider's event details.
    """
    events: dict[int, list[DeliveryEvent]] = defaultdict(list)
    for event in DeliveryEvent.objects.filter(message_id__in=[m.pk for m in messages]).order_by("occurred_at", "id"):
        events[event.message_id].append(event)
    rows = []
    for m in messages:
        row = {
            "id": m.pk, "journey": m.journey_id, "version": m.version.number if m.version_id else None,
            "node": m.node, "userId": m.contact.user_id, "channel": m.channel, "status": m.status,
            "reason": m.reason, "provider": m.provider, "provider_id": m.provider_id, "error_code": m.error_code,
            "template": m.template, "address": m.address, "attempts": m.attempts, "content": m.content,
            "created_at": m.created_at, "sent_at": m.sent_at, "test": m.is_test,
            "events": [{"kind": e.kind, "at": e.occurred_at, "detail": e.detail} for e in events.get(m.pk, [])],
        }
        rows.append(_masked_message_row(row, m) if masked else row)
    return rows


def _masked_message_row(row: dict, message: Message) -> dict:
    contact = message.contact
    known = contact_addresses(contact.email, contact.phone, contact.traits) | {message.address}
    row.update(address=mask_address(message.address), reason=mask_text(message.reason, known),
               content=mask_data(message.content, known),
               events=[{**e, "detail": mask_data(e["detail"], known)} for e in row["events"]])
    return row


def message_page_queryset(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.select_related("contact", "version")


MESSAGE_CSV_HEADER = ["id", "created_at", "journey", "version", "node", "userId", "channel", "template", "address",
                      "status", "reason", "provider", "provider_id", "error_code", "attempts", "sent_at"]


def iter_batches(queryset: QuerySet, fields: list[str], size: int = EXPORT_BATCH) -> Iterator[tuple]:
    """values_list rows of a `-id` ordered queryset, in keyset batches: constant memory, short queries."""
    last: int | None = None
    while True:
        batch = queryset if last is None else queryset.filter(id__lt=last)
        rows = list(batch.order_by("-id").values_list(*fields)[:size])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]
        if len(rows) < size:
            return


def message_csv_rows(messages: QuerySet[Message], *, masked: bool) -> Iterator[list]:
    yield MESSAGE_CSV_HEADER
    fields = ["id", "created_at", "journey_id", "version__number", "node", "contact__user_id", "channel", "template",
              "address", "status", "reason", "provider", "provider_id", "error_code", "attempts", "sent_at"]
    for row in iter_batches(messages, fields):
        row = list(row)
        if masked:
            row[10] = mask_text(row[10], [row[8]])
            row[8] = mask_address(row[8])
        row[1] = row[1].isoformat() if row[1] else ""
        row[15] = row[15].isoformat() if row[15] else ""
        yield row
