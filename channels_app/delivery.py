"""Hand queued messages to their providers, exactly once where the provider allows it.

The state machine per message: queued → sending (committed before the provider
call) → sent | failed, or back to queued on a transient error. A worker killed
between "sending" and the result leaves the message in doubt; `reconcile_in_doubt`
asks the provider (the sandbox knows, an idempotent webhook can be resent, Twilio
and SendGrid cannot tell and are not resent: a duplicate is worse than a gap).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from journeys.runtime import clock
from channels_app.models import Message, MessageStatus, MessageTemplate, Suppression
from channels_app.providers.base import OutboundMessage, SendResult
from channels_app.providers.registry import provider_for
from channels_app.templates import render_template, template_context

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
        # The sandbox writes to our own database: its record and the status commit together.
        with transaction.atomic():
            for message in by_sandbox:
                _send_one(message, report, now)
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
    return list(Message.objects.filter(id__in=ids).select_related("contact").order_by("id"))


def build_outbound(message: Message) -> OutboundMessage:
    content = message.content
    if not content:
        template = MessageTemplate.objects.filter(slug=message.template).first()
        if template is not None:
            contact = message.contact
            context = template_context(traits=contact.traits, user_id=contact.user_id or "",
                                       event=(message.enrollment.context if message.enrollment_id else {}))
            content = render_template(template, context)
    return OutboundMessage(
        message_id=message.pk, channel=message.channel, to=message.address, content=content,
        user_id=message.contact.user_id or "", idempotency_key=f"msg-{message.pk}",
        status_callback_url=f"{settings.PUBLIC_BASE_URL}/webhooks/twilio/status",
    )


def _send_one(message: Message, report: DeliveryReport, now: datetime) -> None:
    provider = provider_for(message.channel)
    try:
        outbound = build_outbound(message)
        if not message.content:
            Message.objects.filter(pk=message.pk).update(content=outbound.content)
        result = provider.send(outbound)
    except Exception as exc:  # a provider bug must not leave the message in doubt forever
        log.exception("provider %s raised for message %s", provider.name, message.pk)
        result = SendResult(status="failed", retryable=True, detail=f"{type(exc).__name__}: {exc}")
    record_result(message, result, provider.name, now, report)


def record_result(message: Message, result: SendResult, provider_name: str, now: datetime,
                  report: DeliveryReport | None = None) -> None:
    report = report if report is not None else DeliveryReport()
    if result.accepted:
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT, provider=provider_name, provider_id=result.provider_id,
            reason=result.detail[:500], sent_at=now, updated_at=now, error_code="")
        report.sent.append(message.pk)
        return
    if result.retryable and message.attempts < MAX_ATTEMPTS:
        delay = retry_delay_seconds(message.attempts, result.retry_after)
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.QUEUED, provider=provider_name, error_code=result.error_code,
            reason=f"retrying in {delay:.0f}s: {result.detail}"[:500], not_before=now + timedelta(seconds=delay),
            updated_at=now)
        report.retry[message.pk] = delay
        return
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, provider=provider_name, error_code=result.error_code,
        reason=(result.detail or "failed")[:500], updated_at=now)
    if result.suppress_reason and message.address:
        Suppression.objects.get_or_create(channel=message.channel, address=message.address,
                                          defaults={"contact": message.contact, "reason": result.suppress_reason})
    report.failed.append(message.pk)


def reconcile_in_doubt(older_than: datetime, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Messages left in "sending" by a dead worker: ask the provider, requeue only what certainly was not sent."""
    now = now or clock.now()
    requeue = []
    stuck = Message.objects.filter(status=MessageStatus.SENDING, updated_at__lt=older_than).select_related("contact")[:limit]
    for message in stuck:
        provider = provider_for(message.channel)
        verdict = provider.reconcile(build_outbound(message))
        if verdict is None:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.FAILED, reason="delivery interrupted; not resent to avoid a duplicate",
                error_code="in_doubt", updated_at=now)
        elif verdict.accepted:
            record_result(message, verdict, provider.name, now)
        else:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.QUEUED, updated_at=now, reason="requeued after an interrupted delivery")
            requeue.append(message.pk)
    return requeue
