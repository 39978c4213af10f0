"""Recording what became of a message this worker holds in "sending": sent, retry later, or failed.

Every write is conditional on "sending", so a status callback that overtook us, or a sweep that
took the message back, keeps its word. A message that is sent or fails releases the next step of
its enrollment, parked until then (channels_app/services/ordering.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from channels_app.models import DeliveryEvent, Message, MessageStatus
from channels_app.providers.base import SendResult
from channels_app.services.fallback import arm_timers, fall_back, with_route
from channels_app.services.ordering import release_followers
from channels_app.services.suppressions import suppress_address

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
    held: list[int] = field(default_factory=list)  # an earlier step of the same enrollment is not delivered yet


def fail_message(message: Message, error_code: str, reason: str, now: datetime, report: DeliveryReport | None = None,
                 provider_name: str = "", **still) -> bool:
    """Fail a message this worker (or sweep) holds in "sending" — conditional on `still` more fields — with `reason`."""
    with transaction.atomic():
        moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, **still).update(
            status=MessageStatus.FAILED, error_code=error_code, reason=reason[:500], updated_at=now,
            **({"provider": provider_name} if provider_name else {}))
        if moved:
            DeliveryEvent.objects.create(message_id=message.pk, kind="failed", occurred_at=now, detail={
                "provider": provider_name or message.provider, "attempt": message.attempts, "error_code": error_code,
                "detail": reason[:500]})
            release_followers([message.enrollment_id], now)
            fall_back(message, reason, now, error_code=error_code)  # the step's next channel, if it has one
            if report is not None:
                report.failed.append(message.pk)
    return bool(moved)


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
            release_followers([message.enrollment_id], now)
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
                release_followers([message.enrollment_id], now)
                fall_back(message, reason, now, error_code=result.error_code)  # the step's next channel, if any
            if result.suppress_reason and message.address:
                suppress_address(message.channel, message.address, result.suppress_reason)


def _record_accepted(message: Message, result: SendResult, provider_name: str, now: datetime, detail: dict) -> None:
    status = result.final_status or MessageStatus.SENT
    moved = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=status, provider=provider_name, provider_id=result.provider_id,
        reason=with_route(message, result.detail),
        sent_at=now, updated_at=now, error_code="", not_before=None)
    if moved:
        arm_timers([message], now)  # a step with fallback_after_seconds moves on unless delivered in time
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
