"""Messages a lost worker left in "sending": resolved without ever risking a second provider call.

A message the worker claimed but never handed over (`dispatched_at` still set: delivery clears it
just before the call) is simply requeued. One that was handed over is asked about: Twilio looks
in its message log, a webhook resends under the same Idempotency-Key, the sandbox and in-app
know; SendGrid cannot tell, and the message then fails as "in doubt" rather than go out twice.
A requeued message is marked `interrupted`: delivery retries it alone and counts the try, so one
that keeps killing its worker fails after MAX_ATTEMPTS instead of looping.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from channels_app.models import Message, MessageStatus
from channels_app.providers.base import SendResult
from channels_app.providers.errors import AMBIGUOUS_ERRORS
from channels_app.providers.registry import provider_for
from channels_app.services.delivery_results import MAX_ATTEMPTS, fail_message, record_result
from channels_app.services.outbound import build_outbound, pin_contents
from channels_app.templating.rendering import TemplateRenderError
from core import clock
from core.isolation import INFRASTRUCTURE_ERRORS, error_reason

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted"  # error_code of a message requeued after its worker was lost
IN_DOUBT = "in_doubt"


def reconcile_in_doubt(older_than: datetime, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Messages in "sending" since before `older_than`: settle each with its provider; the ids to deliver again."""
    now = now or clock.now()
    requeue = []
    stuck = list(Message.objects.filter(status=MessageStatus.SENDING, updated_at__lt=older_than)
                 .select_related("contact", "enrollment", "journey").order_by("id")[:limit])
    pin_contents(stuck)
    for message in stuck:
        try:
            if _settle(message, now):
                requeue.append(message.pk)
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:  # this message only: the sweep goes on with the others
            log.exception("reconciling message %s failed", message.pk)
            fail_message(message, IN_DOUBT, f"in doubt: could not ask the provider ({error_reason(exc)}); not resent",
                         now, updated_at=message.updated_at)
    return requeue


def _settle(message: Message, now: datetime) -> bool:
    """True: requeued (certainly not accepted)."""
    provider = provider_for(message.channel)
    handed_over = message.dispatched_at is None
    verdict = _ask(provider, message) if handed_over else None
    with transaction.atomic():
        # Still as the lost worker left it? A live worker that takes it up meanwhile restarts its lease.
        still = Message.objects.select_for_update().filter(pk=message.pk, status=MessageStatus.SENDING,
                                                           updated_at=message.updated_at,
                                                           dispatched_at__isnull=handed_over)
        if not still.exists():
            return False
        if handed_over and verdict is None:
            fail_message(message, IN_DOUBT, "in doubt: delivery was interrupted and the provider cannot say "
                         "whether it took the message; not resent to avoid a duplicate", now)
            return False
        if verdict is not None and verdict.accepted:
            record_result(message, verdict, provider.name, now)
            return False
        if message.attempts >= MAX_ATTEMPTS:
            fail_message(message, INTERRUPTED, f"gave up after {message.attempts} attempts; the last was interrupted",
                         now)
            return False
        # Never handed over: an ambiguous earlier attempt (a timeout) still has to be looked up before a resend.
        keep = not handed_over and message.error_code in AMBIGUOUS_ERRORS
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.QUEUED, error_code=message.error_code if keep else INTERRUPTED, updated_at=now,
            reason="requeued after an interrupted delivery" if handed_over else "requeued: its worker was lost")
        return True


def _ask(provider, message: Message) -> SendResult | None:
    try:
        # updated_at is when the lost worker began the attempt (delivery stamps it just before the call).
        return provider.reconcile(build_outbound(message, previous_attempt_at=message.updated_at))
    except TemplateRenderError:
        return SendResult(status="failed", retryable=True, detail="could not render; let delivery decide")
