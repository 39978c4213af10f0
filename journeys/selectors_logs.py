"""Reads behind the delivery log, the conversion log, the contact timeline, journey analytics
and the overview dashboard. No writes here.

Lists are keyset-paginated on `-id` (the cursor never OFFSETs), and every filter the
log pages offer has a `(column, id)` index (channels_app migration 0007), so a page of
a filtered log over millions of rows is an index walk that stops after `limit` rows.
Exports iterate the same filtered queryset in keyset batches (`iter_batches`): constant
memory whatever the size, and no long-held server-side cursor.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Iterator

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from channels_app.models import BLOCKED_STATUSES, PROVIDER_ACCEPTED_STATUSES, DeliveryEvent, Message, MessageStatus
from journeys.analytics import stats
from core.masking import mask_address, mask_mapping
from journeys.models import Contact, Conversion, Enrollment, Event, Journey, JourneyVersion
from core.errors import ServiceError

OPEN_KINDS = ("open", "read")  # an in-app "read" is an open
CLICK_KINDS = ("click",)
EXPORT_BATCH = 2000


class BadFilter(ServiceError):
    status_code = 400


def _moment(value: str, field: str, *, end: bool = False) -> datetime:
    """An ISO datetime, or a date (start of day; with end=True the start of the next day)."""
    day = parse_date(value) if len(value) == 10 else None
    if day is not None:
        parsed = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    else:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadFilter(f"{value!r} is not an ISO date or datetime", field=field)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt_timezone.utc)
    return parsed


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadFilter(f"{value!r} is not a number", field=field) from None


# -- delivery log ------------------------------------------------------------------------

MESSAGE_FILTERS = ("journey", "version", "node", "channel", "status", "userId", "provider_id", "since", "until", "reason")


def _by_journey(rows: QuerySet, params) -> QuerySet:
    """The `journey` and `version` (a version number of that journey) filters both logs share."""
    if value := params.get("journey"):
        rows = rows.filter(journey_id=_int(value, "journey"))
    if value := params.get("version"):
        if not params.get("journey"):
            raise BadFilter("version needs journey", field="version")
        rows = rows.filter(version__number=_int(value, "version"))
    return rows


def message_list(params) -> QuerySet[Message]:
    """The delivery log filtered by query parameters (any of MESSAGE_FILTERS), newest first.

    `status` and `channel` take comma-separated lists; `version` is a version number of
    `journey`; `since` / `until` bound `created_at` (an ISO date for `until` includes that day).
    """
    messages = _by_journey(Message.objects.all(), params)
    if value := params.get("node"):
        messages = messages.filter(node=value)
    if value := params.get("channel"):
        messages = messages.filter(channel__in=[v for v in value.split(",") if v])
    if value := params.get("status"):
        wanted = [v for v in value.split(",") if v]
        unknown = set(wanted) - set(MessageStatus.values)
        if unknown:
            raise BadFilter(f"unknown status {sorted(unknown)[0]!r}; one of {', '.join(MessageStatus.values)}",
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
        messages = messages.filter(created_at__gte=_moment(value, "since"))
    if value := params.get("until"):
        messages = messages.filter(created_at__lt=_moment(value, "until", end=True))
    return messages.order_by("-id")


def _event_payload(event: DeliveryEvent) -> dict:
    return {"kind": event.kind, "at": event.occurred_at, "detail": event.detail}


def message_rows(messages: list[Message], *, masked: bool) -> list[dict]:
    """Design §6 message rows for one page, with their delivery events (2 queries in all)."""
    events: dict[int, list[dict]] = defaultdict(list)
    for event in DeliveryEvent.objects.filter(message_id__in=[m.pk for m in messages]).order_by("occurred_at", "id"):
        events[event.message_id].append(_event_payload(event))
    rows = []
    for m in messages:
        rows.append({
            "id": m.pk, "journey": m.journey_id, "version": m.version.number if m.version_id else None,
            "node": m.node, "userId": m.contact.user_id, "channel": m.channel, "status": m.status,
            "reason": m.reason, "provider": m.provider, "provider_id": m.provider_id, "error_code": m.error_code,
            "template": m.template, "address": mask_address(m.address) if masked else m.address,
            "attempts": m.attempts, "content": mask_mapping(m.content) if masked else m.content,
            "created_at": m.created_at, "sent_at": m.sent_at, "events": events.get(m.pk, []),
        })
    return rows


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
            row[8] = mask_address(row[8])
        row[1] = row[1].isoformat() if row[1] else ""
        row[15] = row[15].isoformat() if row[15] else ""
        yield row


# -- conversion log -------------------------------------------------------------------------


def conversion_list(params) -> QuerySet[Conversion]:
    conversions = _by_journey(Conversion.objects.all(), params)
    if value := params.get("userId"):
        conversions = conversions.filter(contact__user_id=value)
    if value := params.get("event"):
        conversions = conversions.filter(event_name=value)
    if value := params.get("since"):
        conversions = conversions.filter(converted_at__gte=_moment(value, "since"))
    if value := params.get("until"):
        conversions = conversions.filter(converted_at__lt=_moment(value, "until", end=True))
    return conversions.order_by("-id")


def conversion_page_queryset(conversions: QuerySet[Conversion]) -> QuerySet[Conversion]:
    return conversions.select_related("contact", "version", "event")


def conversion_rows(conversions: list[Conversion]) -> list[dict]:
    return [{
        "id": c.pk, "journey": c.journey_id, "version": c.version.number, "userId": c.contact.user_id,
        "event": c.event_name, "variants": c.variants, "message": c.message_id,
        "seconds_to_convert": c.seconds_to_convert, "converted_at": c.converted_at,
        "properties": c.event.properties if c.event_id and c.event else {},
    } for c in conversions]


CONVERSION_CSV_HEADER = ["id", "converted_at", "journey", "version", "userId", "event", "variants", "message",
                         "seconds_to_convert", "properties"]


def conversion_csv_rows(conversions: QuerySet[Conversion]) -> Iterator[list]:
    import json

    yield CONVERSION_CSV_HEADER
    fields = ["id", "converted_at", "journey_id", "version__number", "contact__user_id", "event_name", "variants",
              "message_id", "seconds_to_convert", "event__properties"]
    for row in iter_batches(conversions, fields):
        row = list(row)
        row[1] = row[1].isoformat()
        row[6] = json.dumps(row[6] or {}, sort_keys=True)
        row[9] = json.dumps(row[9] or {}, sort_keys=True)
        yield row


# -- contact timeline -----------------------------------------------------------------------

TIMELINE_LIMIT = 500  # per kind: the newest events / messages of a very active contact


def contact_timeline(user_id: str, *, masked: bool) -> dict | None:
    """Traits, events, enrollments (with path), messages (with delivery events) and conversions,
    and all of them merged on one time axis (`timeline`, oldest first). None: no such contact."""
    contact = Contact.objects.filter(user_id=user_id).first()
    if contact is None:
        return None
    events = list(Event.objects.filter(contact=contact).order_by("-timestamp", "-id")[:TIMELINE_LIMIT])
    enrollments = list(Enrollment.objects.filter(contact=contact).select_related("journey", "version").order_by("-id")[:100])
    messages = list(Message.objects.filter(contact=contact).select_related("contact", "version")
                    .order_by("-id")[:TIMELINE_LIMIT])
    conversions = list(Conversion.objects.filter(contact=contact).select_related("contact", "version", "event"))
    message_payload = message_rows(messages, masked=masked)
    conversion_payload = conversion_rows(conversions)
    enrollment_payload = [{
        "id": e.pk, "journey": e.journey_id, "journey_name": e.journey.name, "version": e.version.number,
        "state": e.state, "current_node": e.current_node, "variants": e.variants, "path": e.path,
        "entered_at": e.entered_at, "exited_at": e.exited_at, "converted_at": e.converted_at,
        "exit_reason": e.exit_reason or None,
    } for e in enrollments]
    event_payload = [{"id": e.pk, "event": e.name, "properties": e.properties, "timestamp": e.timestamp}
                     for e in events]

    # One axis. `order` breaks ties at the same instant in causal order: the event, then the
    # enrollment it caused, its steps, the message sent, its delivery events, the conversion.
    items: list[dict] = []
    for e in event_payload:
        items.append({"at": e["timestamp"], "order": 0, "kind": "event", "title": e["event"],
                      "detail": e["properties"], "ref": e["id"]})
    for e in enrollment_payload:
        items.append({"at": e["entered_at"], "order": 1, "kind": "enrolled", "journey": e["journey"],
                      "title": f"entered {e['journey_name']} v{e['version']}", "ref": e["id"]})
        for step in e["path"] or []:
            at = parse_datetime(step[1]) if isinstance(step, (list, tuple)) and len(step) > 1 else None
            if at is not None:
                items.append({"at": at, "order": 2, "kind": "step", "journey": e["journey"],
                              "title": f"reached {step[0]}", "node": step[0], "ref": e["id"]})
        if e["exited_at"]:
            items.append({"at": e["exited_at"], "order": 6, "kind": "exited", "journey": e["journey"],
                          "title": f"left {e['journey_name']} ({e['state']}{': ' + e['exit_reason'] if e['exit_reason'] else ''})",
                          "ref": e["id"]})
    for m in message_payload:
        items.append({"at": m["created_at"], "order": 3, "kind": "message", "journey": m["journey"],
                      "title": f"{m['channel']} {m['template']}: {m['status']}{' (' + m['reason'] + ')' if m['reason'] else ''}",
                      "ref": m["id"]})
        for ev in m["events"]:
            items.append({"at": ev["at"], "order": 4, "kind": "delivery", "journey": m["journey"],
                          "title": f"{m['channel']} {ev['kind']}", "ref": m["id"]})
    for c in conversion_payload:
        items.append({"at": c["converted_at"], "order": 5, "kind": "conversion", "journey": c["journey"],
                      "title": f"converted: {c['event']}", "detail": c["properties"], "ref": c["id"]})
    items.sort(key=lambda item: (item["at"], item["order"]))
    for item in items:
        del item["order"]

    return {
        "userId": contact.user_id, "anonymousId": contact.anonymous_id,
        "traits": mask_mapping(contact.traits) if masked else contact.traits,
        "email": mask_address(contact.email) if masked else contact.email,
        "phone": mask_address(contact.phone) if masked else contact.phone,
        "timezone": contact.timezone, "created_at": contact.created_at,
        "events": event_payload, "enrollments": enrollment_payload, "messages": message_payload,
        "conversions": conversion_payload, "timeline": items,
    }


# -- journey analytics ----------------------------------------------------------------------


def split_controls(graph: dict) -> dict[str, str | None]:
    """split node id -> its control variant key.

    The control is the variant named `control` (any case); else a holdout (a variant whose
    port leads straight to an `exit` node, design §4); else the first variant listed.
    """
    nodes = {n["id"]: n for n in graph.get("nodes", [])}
    controls: dict[str, str | None] = {}
    for node in nodes.values():
        if node.get("type") != "split":
            continue
        keys = [v.get("key") for v in (node.get("config") or {}).get("variants", []) if isinstance(v, dict)]
        named = next((k for k in keys if isinstance(k, str) and k.lower() == "control"), None)
        holdout = next((e["port"] for e in graph.get("edges", []) if e.get("source") == node["id"]
                        and e.get("port") in keys and nodes.get(e.get("target"), {}).get("type") == "exit"), None)
        controls[node["id"]] = named or holdout or (keys[0] if keys else None)
    return controls


def journey_analytics(journey: Journey, version: JourneyVersion) -> dict:
    """Everything the analytics page draws, for one version (funnel, sends, rates, variants, conversions).

    Rates: delivery = delivered / sent (sent = handed to a provider and not failed: sent, delivered,
    undelivered, bounced); open and click = messages with at least one open (or in-app read) / click
    event, over delivered (over sent for channels without delivery receipts would flatter; we keep one
    definition). Conversion rate per variant = converted enrollments / enrollments assigned that variant.
    """
    from journeys import selectors

    nodes = selectors.journey_node_counts(version)
    enrollments = Enrollment.objects.filter(version=version)

    # funnel: nodes in graph order, with why contacts left there
    exits: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (enrollments.filter(state__in=["completed", "exited", "failed"])
                .values("current_node", "state", "exit_reason").annotate(n=Count("id"))):
        reason = row["exit_reason"] or row["state"]
        exits[row["current_node"]][reason] = exits[row["current_node"]].get(reason, 0) + row["n"]
    funnel = [{"node": n["id"], "type": n.get("type"), **nodes.get(n["id"], {}),
               "exit_reasons": exits.get(n["id"], {})} for n in version.graph.get("nodes", [])]

    # sends by channel and status
    messages = Message.objects.filter(version=version)
    by_channel: dict[str, dict[str, int]] = defaultdict(dict)
    by_status: dict[str, int] = defaultdict(int)
    for row in messages.values("channel", "status").annotate(n=Count("id")):
        by_channel[row["channel"]][row["status"]] = row["n"]
        by_status[row["status"]] += row["n"]
    total = sum(by_status.values())
    sent = sum(by_status.get(s, 0) for s in PROVIDER_ACCEPTED_STATUSES)
    delivered = by_status.get(MessageStatus.DELIVERED, 0)
    engaged = DeliveryEvent.objects.filter(message__version=version)
    opened = engaged.filter(kind__in=OPEN_KINDS).values("message_id").distinct().count()
    clicked = engaged.filter(kind__in=CLICK_KINDS).values("message_id").distinct().count()

    # conversions per split variant: group enrollments by their variants JSON (few distinct values)
    controls = split_controls(version.graph)
    per_variant: dict[str, dict[str, list[int]]] = {split: {} for split in controls}
    enrolled_total = converted_total = 0
    for row in enrollments.values("variants").annotate(n=Count("id"), c=Count("id", filter=Q(conversion__isnull=False))):
        enrolled_total += row["n"]
        converted_total += row["c"]
        for split, key in (row["variants"] or {}).items():
            bucket = per_variant.setdefault(split, {}).setdefault(key, [0, 0])
            bucket[0] += row["n"]
            bucket[1] += row["c"]
    variants = []
    for split, counts in per_variant.items():
        control = controls.get(split)
        graph_keys = next(([v.get("key") for v in (n.get("config") or {}).get("variants", [])]
                           for n in version.graph.get("nodes", []) if n["id"] == split), [])
        keys = [k for k in graph_keys if k] + sorted(k for k in counts if k not in graph_keys)
        base = counts.get(control, [0, 0])
        rows = []
        for key in keys:
            n, x = counts.get(key, [0, 0])
            comparison = (stats.two_proportion_ztest(x, n, base[1], base[0]).as_dict() if key != control
                          else {"z": None, "p_value": None, "diff": None, "ci_low": None, "ci_high": None, "uplift": None})
            rows.append({"key": key, "control": key == control, "enrolled": n, "converted": x,
                         "rate": stats.rate(x, n), **comparison})
        variants.append({"split": split, "control": control, "variants": rows})

    seconds = sorted(Conversion.objects.filter(version=version).values_list("seconds_to_convert", flat=True))
    return {
        "journey": journey.pk, "version": version.number, "version_status": version.status,
        "nodes": nodes, "enrollments": selectors.enrollment_state_counts(journey),
        "funnel": funnel,
        "sends": {"total": total, "by_status": dict(by_status), "by_channel": dict(by_channel)},
        "rates": {"sent": sent, "delivered": delivered, "opened": opened, "clicked": clicked,
                  "blocked": sum(by_status.get(s, 0) for s in BLOCKED_STATUSES),
                  "delivery_rate": stats.rate(delivered, sent), "open_rate": stats.rate(opened, delivered),
                  "click_rate": stats.rate(clicked, delivered)},
        "variants": variants,
        "conversions": {"enrolled": enrolled_total, "converted": converted_total,
                        "rate": stats.rate(converted_total, enrolled_total),
                        "time_to_convert": {"histogram": stats.time_to_convert_histogram(seconds),
                                            "median_seconds": stats.percentile(seconds, 50),
                                            "p90_seconds": stats.percentile(seconds, 90)}},
    }


# -- overview dashboard -----------------------------------------------------------------------


def overview(*, days: int = 14, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    recent = Message.objects.filter(created_at__gte=since)
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (recent.annotate(day=TruncDate("created_at")).values("day", "channel").annotate(n=Count("id"))):
        per_day[row["day"].isoformat()][row["channel"]] = row["n"]
    blocked = dict(recent.filter(status__in=BLOCKED_STATUSES).values_list("status").annotate(n=Count("id")))
    top = list(Conversion.objects.values("journey_id", "journey__name").annotate(n=Count("id")).order_by("-n")[:10])
    until = now + timedelta(days=days)
    calendar: dict[str, dict] = {}
    for row in (Enrollment.objects.filter(state="waiting", wake_at__gte=now, wake_at__lt=until)
                .annotate(day=TruncDate("wake_at")).values("day").annotate(n=Count("id"))):
        calendar.setdefault(row["day"].isoformat(), {"waits": 0, "deferred": {}})["waits"] = row["n"]
    for row in (Message.objects.filter(status=MessageStatus.DEFERRED, not_before__gte=now, not_before__lt=until)
                .annotate(day=TruncDate("not_before")).values("day", "channel").annotate(n=Count("id"))):
        calendar.setdefault(row["day"].isoformat(), {"waits": 0, "deferred": {}})["deferred"][row["channel"]] = row["n"]
    start = since.date()
    days_axis = [(start + timedelta(days=i)).isoformat() for i in range(days + 1)]
    return {
        "days": days_axis,
        "messages_per_day": {d: per_day.get(d, {}) for d in days_axis},
        "suppressed": blocked.get(MessageStatus.SUPPRESSED, 0), "capped": blocked.get(MessageStatus.CAPPED, 0),
        "deferred": blocked.get(MessageStatus.DEFERRED, 0),
        "top_journeys": [{"journey": r["journey_id"], "name": r["journey__name"], "conversions": r["n"]} for r in top],
        "upcoming": [{"day": d, **calendar[d]} for d in sorted(calendar)],
    }


def today() -> date:
    return timezone.now().date()
