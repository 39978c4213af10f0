"""Hand queued messages to their providers, exactly once where the provider allows it, in step order.

The state machine per message: queued → sending (claimed, committed) → handed over (the
attempt is counted and `dispatched_at` cleared, committed just before the provider call) →
sent | failed, or back to queued with `not_before` on a transient error (timeouts, connection
errors, 429, 5xx, Twilio 20429/30003/30008). Permanent errors (other 4xx, Twilio
21211/30005/30006/30007) fail the message; an opt-out (Twilio 21610) also blacklists the
address. Status callbacks carry it on from "sent" (channels_app/services/callbacks.py).

Never twice: the provider's id is recorded before the actor returns (and so before the broker
message is acked); a status update only moves a message forward from the state this worker put
it in. A failure that may have reached the provider (a read timeout, a dropped connection, a
worker killed mid-send) is resent only after `Provider.reconcile` said it was not accepted
(channels_app/services/recovery.py); SendGrid cannot tell, and such a message then fails rather
than risk a duplicate (a plain timeout is still retried, accepting that the email may arrive twice).

In step order: the outbox (journeys/runtime/scheduler.py) hands a message over only once the
earlier messages of its enrollment are sent or failed, and a claim checks it again: a message
handed over while an earlier one is still queued or sending is held, parked back in the outbox
(channels_app/services/ordering.py).

One message never sinks the batch: a template that raises or breaks a limit fails only its own
message (`render_error: …`), and any other error of one message fails that message alone.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from channels_app.models import DeliveryEvent, Message, MessageStatus, MessageTemplate
from channels_app.providers.base import SendResult
from channels_app.providers.errors import AMBIGUOUS_ERRORS
from channels_app.providers.registry import provider_for
from channels_app.services.delivery_results import (MAX_ATTEMPTS, DeliveryReport, fail_message, record_result,
                                                    retry_delay_seconds)
from channels_app.services.fallback import arm_timers, with_route
from channels_app.services.ordering import claim_in_step_order, park, release_followers, waiting_for_earlier
from channels_app.services.outbound import build_outbound, pin_contents
from channels_app.services.recovery import INTERRUPTED, reconcile_in_doubt
from channels_app.services.throttling import hold_back, note_result, until_breaker_opens
from channels_app.templating.rendering import TemplateRenderError
from core import clock
from core.any_of import AnyOf
from core.bulk import insert_rows, update_rows
from core.isolation import INFRASTRUCTURE_ERRORS, error_reason

__all__ = ["MAX_ATTEMPTS", "DeliveryReport", "deliver_messages", "reconcile_in_doubt", "record_result",
           "retry_delay_seconds"]

log = logging.getLogger(__name__)

ALONE_ERRORS = AMBIGUOUS_ERRORS | {INTERRUPTED}  # sent one by one, each try counted before it starts


def deliver_messages(message_ids: list[int], now: datetime | None = None) -> DeliveryReport:
    now = now or clock.now()
    report = DeliveryReport()
    claimed = _claim(message_ids, now, report)
    claimed, _ = hold_back(claimed, now)  # over a budget or behind an open breaker: deferred, not failed
    try:
        pin_contents(claimed)  # what each message's version was approved to send, loaded once for the batch
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:  # each message then looks up its own, and one that cannot fails alone
        log.warning("pinning the contents of a delivery batch failed", exc_info=True)
    sandbox = {channel: provider_for(channel).sandbox for channel in {m.channel for m in claimed}}
    batched = [m for m in claimed if sandbox[m.channel] and m.error_code not in ALONE_ERRORS]
    alone = [m for m in claimed if m.error_code in ALONE_ERRORS or not sandbox[m.channel]]
    if batched:
        alone.extend(_deliver_to_sandbox(batched, report, now))
    for message in until_breaker_opens(sorted(alone, key=lambda m: m.pk), now):
        _deliver_alone(message, report, now)
    return report


_MESSAGE_FIELDS = tuple(f.name for f in Message._meta.concrete_fields)


def _claim(message_ids: list[int], now: datetime, report: DeliveryReport) -> list[Message]:
    if connection.vendor == "postgresql":
        # Lock, park the held, move the rest to "sending": one statement, so atomic (and committed before any
        # provider call) on its own, without a transaction around it.
        ids, held = claim_in_step_order(message_ids, now)
        report.held.extend(held)
    else:
        ids = _claim_portably(message_ids, now, report)
    if not ids:
        return []
    # Of the enrollment and the journey, rendering reads the triggering event and the name only.
    return list(Message.objects.filter(AnyOf(F("id"), ids)).select_related("contact", "enrollment", "journey")
                .only(*_MESSAGE_FIELDS, "contact", "enrollment__context", "journey__name").order_by("id"))


def _claim_portably(message_ids: list[int], now: datetime, report: DeliveryReport) -> list[int]:
    with transaction.atomic():
        rows = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(id__in=message_ids, status=MessageStatus.QUEUED)
            .exclude(not_before__gt=now)
            .values_list("id", "enrollment_id")
        )
        held = waiting_for_earlier(rows)
        ids = [pk for pk, _ in rows if pk not in held]
        if held:
            park(sorted(held), now)  # the outbox hands it over once the earlier step is sent or failed
            report.held.extend(sorted(held))
        if ids:
            # dispatched_at stays set until the attempt is handed over: a sweep finding it set knows no call was made.
            Message.objects.filter(id__in=ids).update(status=MessageStatus.SENDING, updated_at=now, dispatched_at=now)
        return ids


def _deliver_to_sandbox(messages: list[Message], report: DeliveryReport, now: datetime) -> list[Message]:
    """The sandbox records into our own database, so the whole batch commits at once, set-based:
    its records, the messages' new status and their "sent" events. A worker killed here leaves all
    of it undone (and the messages in "sending", which the sweep requeues). Returns the messages
    to deliver one by one instead: those that do not render, or all of them if the batch raised."""
    from channels_app.providers.sandbox import record_requests

    templates = {t.slug: t for t in MessageTemplate.objects.filter(slug__in={m.template for m in messages})}
    ready, alone = [], []
    for message in messages:
        try:
            ready.append((message, build_outbound(message, template=templates.get(message.template))))
        except Exception:  # a template that fails, or worse: the one-by-one path fails it with the reason
            alone.append(message)
    if not ready:
        return alone
    try:
        with transaction.atomic():
            provider_ids = record_requests([outbound for _, outbound in ready])
            _mark_sent([(message, outbound.content, provider_id)
                        for (message, outbound), provider_id in zip(ready, provider_ids)], now)
            release_followers((message.enrollment_id for message, _ in ready), now)
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:
        log.warning("sandbox batch of %d failed; delivering its messages one by one", len(ready), exc_info=True)
        return alone + [message for message, _ in ready]
    report.sent.extend(message.pk for message, _ in ready)
    return alone


def _mark_sent(rows: list[tuple[Message, dict, str]], now: datetime) -> None:
    from channels_app.providers.sandbox import SandboxProvider

    detail = "recorded by the sandbox"
    if connection.vendor == "postgresql":
        # Conditional on "sending": a status callback that overtook us keeps its later status.
        columns = {"id": "bigint", "provider_id": "text", "content": "jsonb", "status": "text", "provider": "text",
                   "reason": "text", "sent_at": "timestamptz", "updated_at": "timestamptz"}
        update_rows(Message._meta.db_table, columns,
                    [{"id": m.pk, "provider_id": pid, "content": content, "status": MessageStatus.SENT,
                      "provider": SandboxProvider.name, "reason": with_route(m, detail), "sent_at": now,
                      "updated_at": now}
                     for m, content, pid in rows],
                    also="error_code = '', not_before = NULL, dispatched_at = NULL, attempts = t.attempts + 1",
                    where=f"t.status = '{MessageStatus.SENDING}'")
    else:
        for message, content, provider_id in rows:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.SENT, provider=SandboxProvider.name, provider_id=provider_id, content=content,
                reason=with_route(message, detail), sent_at=now, updated_at=now, error_code="", not_before=None,
                dispatched_at=None,
                attempts=F("attempts") + 1)
    arm_timers([message for message, _, _ in rows], now)  # fallback_after_seconds: move on unless delivered
    events = [{"message_id": message.pk, "occurred_at": now, "detail": {
        "provider": SandboxProvider.name, "attempt": message.attempts + 1, "provider_id": provider_id}}
        for message, _, provider_id in rows]
    if connection.vendor == "postgresql":  # one set-based INSERT: no model instance per event
        columns = {"message_id": "bigint", "occurred_at": "timestamptz", "detail": "jsonb"}
        insert_rows(DeliveryEvent._meta.db_table, columns, events, constants={"kind": "'sent'"})
    else:
        DeliveryEvent.objects.bulk_create([DeliveryEvent(kind="sent", occurred_at=now, **event) for event in events])


def _deliver_alone(message: Message, report: DeliveryReport, now: datetime) -> None:
    provider = provider_for(message.channel)
    try:
        if not _hand_over(message, report, now):
            return
        if provider.sandbox:  # the sandbox's record and the result commit together
            with transaction.atomic():
                _send_one(message, provider, report, now)
        else:  # a network call holds no transaction open
            _send_one(message, provider, report, now)
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception as exc:  # this message only: the rest of the batch goes on
        log.exception("delivering message %s failed", message.pk)
        fail_message(message, "delivery_error", error_reason(exc, 500), now, report)


def _hand_over(message: Message, report: DeliveryReport, now: datetime) -> bool:
    """Commit that this attempt starts now, before the provider call: it is counted (a message that
    kills its worker is failed after MAX_ATTEMPTS) and the sending lease restarts. False: not ours now."""
    if message.attempts >= MAX_ATTEMPTS:
        fail_message(message, INTERRUPTED, f"gave up after {message.attempts} attempts; the last was interrupted",
                     now, report, updated_at=message.updated_at)
        return False
    started = max(now, clock.now())
    moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, updated_at=message.updated_at).update(
        attempts=F("attempts") + 1, updated_at=started, dispatched_at=None)
    if moved:
        message.attempts, message.updated_at, message.dispatched_at = message.attempts + 1, started, None
    return bool(moved)


def _last_attempt_at(message: Message) -> datetime | None:
    """When the ambiguous attempt started: recorded on its "retry" event."""
    event = message.events.filter(kind="retry").order_by("-occurred_at", "-id").first()
    if event is None:
        return None
    started = event.detail.get("attempt_started_at")
    return datetime.fromisoformat(started) if started else event.occurred_at


def _send_one(message: Message, provider, report: DeliveryReport, now: datetime) -> None:
    try:
        previous = _last_attempt_at(message) if message.error_code in AMBIGUOUS_ERRORS else None
        outbound = build_outbound(message, previous_attempt_at=previous)
    except TemplateRenderError as exc:
        where = f" ({exc.field})" if exc.field != "template" else ""
        result = SendResult(status="failed", error_code="template_error", detail=f"render_error: {exc.message}{where}")
        return record_result(message, result, provider.name, now, report)
    if not message.content:
        try:
            with transaction.atomic():  # content the database refuses (a NUL in JSON) fails this message only
                Message.objects.filter(pk=message.pk).update(content=outbound.content)
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            result = SendResult(status="failed", error_code="content_error", detail=error_reason(exc, 500))
            return record_result(message, result, provider.name, now, report)
    try:
        result = None
        if message.error_code in AMBIGUOUS_ERRORS:
            # The last try may have got through: send again only if the provider did not take it.
            verdict = provider.reconcile(outbound)
            if verdict is not None and verdict.accepted:
                result = verdict
        if result is None:
            result = provider.send(outbound)
    except Exception as exc:  # a provider bug must not leave the message in doubt forever
        log.exception("provider %s raised for message %s", provider.name, message.pk)
        result = SendResult(status="failed", retryable=True, error_code="provider_error",
                            detail=f"{type(exc).__name__}: {exc}")
    record_result(message, result, provider.name, now, report)
    note_result(message, provider.name, result, now)  # the provider's circuit breaker counts it
