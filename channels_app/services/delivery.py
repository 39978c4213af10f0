"""Hand queued messages to their providers, exactly once where the provider allows it.

The state machine per message: queued → sending (committed before the provider
call) → sent | failed, or back to queued with `not_before` on a transient error
(timeouts, connection errors, 429, 5xx, Twilio 20429/30003/30008). Permanent
errors (other 4xx, Twilio 21211/30005/30006/30007) fail the message; an opt-out
(Twilio 21610) also blacklists the address. Status callbacks carry it on from
"sent" (channels_app/services/callbacks.py).

Never twice: the provider's id is recorded before the actor returns (and so before
the broker message is acked); a status update only moves a message forward from
the state this worker put it in. A failure that may have reached the provider (a
read timeout, a dropped connection, a worker killed between "sending" and the
result) is resent only after `Provider.reconcile` said it was not accepted: Twilio
looks in its message log, a webhook is idempotent by key, the sandbox and in-app
know, and SendGrid cannot tell (a crash mid-send then fails the message rather
than risk a duplicate; a plain timeout is still retried, accepting that the email may
arrive twice).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from channels_app.models import DeliveryEvent, Message, MessageStatus, MessageTemplate
from channels_app.providers.base import SendResult
from channels_app.providers.errors import AMBIGUOUS_ERRORS
from channels_app.providers.registry import provider_for
from channels_app.services.outbound import build_outbound
from channels_app.services.suppressions import suppress_address
from channels_app.templating.rendering import TemplateRenderError
from core import clock
from core.bulk import update_rows

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def retry_delay_seconds(attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff (2, 4, 8 … s, at most 10 min), or what the provider asked for."""
    if retry_after is not None:
        return max(1.0, min(float(retry_after), 3600.0))
    return float(min(2 ** max(attempts, 1), 600))


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: dict[int, float] = field(default_factory=dict)  # message id -> seconds until next try


def deliver_messages(message_ids: list[int], now: datetime | None = None) -> DeliveryReport:
    now = now or clock.now()
    claimed = _claim(message_ids, now)
    report = DeliveryReport()
    by_sandbox = [m for m in claimed if provider_for(m.channel).sandbox]
    by_provider = [m for m in claimed if not provider_for(m.channel).sandbox]
    if by_sandbox:
        _deliver_to_sandbox(by_sandbox, report, now)
    for message in by_provider:
        _send_one(message, report, now)
    return report


def _claim(message_ids: list[int], now: datetime) -> list[Message]:
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(id__in=message_ids, status=MessageStatus.QUEUED)
            .exclude(not_before__gt=now)
            .values_list("id", flat=True)
        )
        if not ids:
            return []
        Message.objects.filter(id__in=ids).update(status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    return list(Message.objects.filter(id__in=ids).select_related("contact", "enrollment", "journey").order_by("id"))


def _last_attempt_at(message: Message) -> datetime | None:
    """When the ambiguous attempt started: recorded on its "retry" event."""
    event = message.events.filter(kind="retry").order_by("-occurred_at", "-id").first()
    if event is None:
        return None
    started = event.detail.get("attempt_started_at")
    return datetime.fromisoformat(started) if started else event.occurred_at


def _deliver_to_sandbox(messages: list[Message], report: DeliveryReport, now: datetime) -> None:
    """The sandbox records into our own database, so the whole batch commits at once, set-based:
    its records, the messages' new status and their "sent" events. A worker killed here
    leaves all of it undone (and the messages in "sending", which reconcile finds unrecorded)."""
    from channels_app.providers.sandbox import record_requests

    templates = {t.slug: t for t in MessageTemplate.objects.filter(slug__in={m.template for m in messages})}
    ready, individually = [], []
    for message in messages:
        if message.error_code in AMBIGUOUS_ERRORS:
            individually.append(message)
            continue
        try:
            ready.append((message, build_outbound(message, template=templates.get(message.template))))
        except TemplateRenderError:
            individually.append(message)  # the one-by-one path fails it with the reason
    if ready:
        with transaction.atomic():
            provider_ids = record_requests([outbound for _, outbound in ready])
            _mark_sent([(message, outbound.content, provider_id)
                        for (message, outbound), provider_id in zip(ready, provider_ids)], now)
        report.sent.extend(message.pk for message, _ in ready)
    for message in individually:
        with transaction.atomic():
            _send_one(message, report, now)


def _mark_sent(rows: list[tuple[Message, dict, str]], now: datetime) -> None:
    from channels_app.providers.sandbox import SandboxProvider

    detail = "recorded by the sandbox"
    if connection.vendor == "postgresql":
        # Conditional on "sending": a status callback that overtook us keeps its later status.
        columns = {"id": "bigint", "provider_id": "text", "content": "jsonb", "status": "text", "provider": "text",
                   "reason": "text", "sent_at": "timestamptz", "updated_at": "timestamptz"}
        update_rows(Message._meta.db_table, columns,
                    [{"id": m.pk, "provider_id": pid, "content": content, "status": MessageStatus.SENT,
                      "provider": SandboxProvider.name, "reason": detail, "sent_at": now, "updated_at": now}
                     for m, content, pid in rows],
                    also="error_code = '', not_before = NULL", where=f"t.status = '{MessageStatus.SENDING}'")
    else:
        for message, content, provider_id in rows:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.SENT, provider=SandboxProvider.name, provider_id=provider_id, content=content,
                reason=detail, sent_at=now, updated_at=now, error_code="", not_before=None)
    DeliveryEvent.objects.bulk_create([
        DeliveryEvent(message_id=message.pk, kind="sent", occurred_at=now,
                      detail={"provider": SandboxProvider.name, "attempt": message.attempts, "provider_id": provider_id})
        for message, _, provider_id in rows])


def _send_one(message: Message, report: DeliveryReport, now: datetime) -> None:
    provider = provider_for(message.channel)
    try:
        previous = _last_attempt_at(message) if message.error_code in AMBIGUOUS_ERRORS else None
        outbound = build_outbound(message, previous_attempt_at=previous)
        if not message.content:
            Message.objects.filter(pk=message.pk).update(content=outbound.content)
        result = None
        if message.error_code in AMBIGUOUS_ERRORS:
            # The last try may have got through: send again only if the provider did not take it.
            verdict = provider.reconcile(outbound)
            if verdict is not None and verdict.accepted:
                result = verdict
        if result is None:
            result = provider.send(outbound)
    except TemplateRenderError as exc:
        result = SendResult(status="failed", retryable=False, error_code="template_error",
                            detail=f"template {exc.field}: {exc.message}")
    except Exception as exc:  # a provider bug must not leave the message in doubt forever
        log.exception("provider %s raised for message %s", provider.name, message.pk)
        result = SendResult(status="failed", retryable=True, error_code="provider_error",
                            detail=f"{type(exc).__name__}: {exc}")
    record_result(message, result, provider.name, now, report)


def record_result(message: Message, result: SendResult, provider_name: str, now: datetime,
                  report: DeliveryReport | None = None) -> None:
    """Store a provider's answer for a message this worker holds in "sending", in one transaction."""
    report = report if report is not None else DeliveryReport()
    detail = {"provider": provider_name, "attempt": message.attempts, "error_code": result.error_code,
              "detail": result.detail, "response_code": result.response_code}
    with transaction.atomic():
        if result.accepted:
            _record_accepted(message, result, provider_name, now, detail)
            report.sent.append(message.pk)
        elif result.retryable and message.attempts < MAX_ATTEMPTS:
            delay = retry_delay_seconds(message.attempts, result.retry_after)
            moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.QUEUED, provider=provider_name, error_code=result.error_code,
                reason=f"retrying in {delay:.0f}s: {result.detail}"[:500], not_before=now + timedelta(seconds=delay),
                updated_at=now)
            if moved:  # else a status callback proved the provider took it after all: nothing to retry
                DeliveryEvent.objects.create(message_id=message.pk, kind="retry", occurred_at=now, detail={
                    **detail, "delay_seconds": delay, "attempt_started_at": message.updated_at.isoformat()})
                report.retry[message.pk] = delay
        else:
            reason = result.detail or "failed"
            if result.retryable:
                reason = f"gave up after {message.attempts} attempts: {reason}"
            moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.FAILED, provider=provider_name, error_code=result.error_code,
                reason=reason[:500], updated_at=now)
            if moved:
                DeliveryEvent.objects.create(message_id=message.pk, kind="failed", occurred_at=now, detail=detail)
                report.failed.append(message.pk)
            if result.suppress_reason and message.address:
                suppress_address(message.channel, message.address, result.suppress_reason)


def _record_accepted(message: Message, result: SendResult, provider_name: str, now: datetime, detail: dict) -> None:
    status = result.final_status or MessageStatus.SENT
    moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=status, provider=provider_name, provider_id=result.provider_id, reason=result.detail[:500],
        sent_at=now, updated_at=now, error_code="", not_before=None)
    if not moved:
        # A status callback overtook us (it can arrive before the SDK call returns): keep its
        # later status, only fill in who accepted it and when.
        Message.objects.filter(pk=message.pk).update(
            provider=provider_name, provider_id=result.provider_id, sent_at=Coalesce(F("sent_at"), now),
            updated_at=now)
    DeliveryEvent.objects.create(message_id=message.pk, kind="sent", occurred_at=now,
                                 detail={**detail, "provider_id": result.provider_id})
    if result.final_status:
        try:
            with transaction.atomic():
                DeliveryEvent.objects.create(message_id=message.pk, kind=result.final_status, occurred_at=now,
                                             detail=detail,
                                             provider_event_id=f"{provider_name}:{message.pk}:{result.final_status}")
        except IntegrityError:
            pass


def reconcile_in_doubt(older_than: datetime, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Messages left in "sending" by a dead worker: ask the provider, requeue only what certainly was not sent."""
    now = now or clock.now()
    requeue = []
    stuck = (Message.objects.filter(status=MessageStatus.SENDING, updated_at__lt=older_than)
             .select_related("contact", "enrollment", "journey")[:limit])
    for message in stuck:
        provider = provider_for(message.channel)
        try:
            # updated_at is when the dead worker claimed it: the attempt began then.
            verdict = provider.reconcile(build_outbound(message, previous_attempt_at=message.updated_at))
        except TemplateRenderError:
            verdict = SendResult(status="failed", retryable=True, detail="could not render; let delivery decide")
        if verdict is None:
            with transaction.atomic():
                moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                    status=MessageStatus.FAILED, reason="delivery interrupted; not resent to avoid a duplicate",
                    error_code="in_doubt", updated_at=now)
                if moved:
                    DeliveryEvent.objects.create(message_id=message.pk, kind="failed", occurred_at=now,
                                                 detail={"provider": provider.name, "error_code": "in_doubt"})
        elif verdict.accepted:
            record_result(message, verdict, provider.name, now)
        else:
            moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.QUEUED, updated_at=now, reason="requeued after an interrupted delivery")
            if moved:
                requeue.append(message.pk)
    return requeue
