"""Before a batch reaches its providers: hold back what a send-rate budget or an open breaker does not let through.

A held message is never dropped: it moves from "sending" to "deferred" with its reason (`rate limit: …`
or `circuit open: …`) and the time it may go (`not_before`). The delivery outbox releases it back to
"queued" once that time has come (`release_throttled`, called by the scheduler before each pick), and it
is delivered then like any other. A rate-limited message keeps the slot its budget reserved for it (see
rate_budget.py), so it goes without asking again, and waiting messages go out in the order they asked;
one enrollment's later steps wait behind it (channels_app/services/ordering.py). Deferred is not a
failure: it neither counts against the provider's breaker nor triggers a fallback.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q

from channels_app.models import BreakerState, ChannelLimit, Message, MessageStatus
from channels_app.providers.base import SendResult
from channels_app.providers.registry import provider_for
from channels_app.services import breakers, pauses, rate_budget
from core.bulk import update_rows
from core.isolation import INFRASTRUCTURE_ERRORS
from journeys.interface import notify_circuit_open

log = logging.getLogger(__name__)

RATE_LIMIT = "rate limit"
CIRCUIT_OPEN = "circuit open"
THROTTLED_REASONS = (RATE_LIMIT, CIRCUIT_OPEN, pauses.CHANNEL_PAUSED)
_batch = threading.local()  # breakers this worker's current batch opened: provider name -> when to probe


def is_throttled(status: str, reason: str) -> bool:
    """A message deferred by a budget or a breaker (not by quiet hours): it is on its way, only later."""
    return status == MessageStatus.DEFERRED and reason.startswith(THROTTLED_REASONS)


def _holds_slot(message: Message, now: datetime) -> bool:
    """Released after waiting for its budget: the slot it reserved has come, it must not take another."""
    return message.reason.startswith(RATE_LIMIT) and message.not_before is not None and message.not_before <= now


def hold_back(messages: list[Message], now: datetime) -> tuple[list[Message], dict[int, datetime]]:
    """The claimed messages that may go now (in their order), and the deferred ones with the time each waits for."""
    if not messages:
        return [], {}
    by_channel = {channel: provider_for(channel).name for channel in {m.channel for m in messages}}
    providers = {m.pk: by_channel[m.channel] for m in messages}
    names = set(providers.values())
    breaker_not_closed, budgets_set = _throttles_in_force(names)
    admitted = breakers.admissions(names, now) if breaker_not_closed else {n: breakers.Admission(None) for n in names}
    go, deferred, reasons = [], {}, {}
    messages = pauses.hold_paused(messages, now, deferred, reasons)  # a channel paused by a red alert
    probes_left = {name: a.go for name, a in admitted.items()}
    for message in messages:
        name = providers[message.pk]
        left = probes_left[name]
        if left is None:
            go.append(message)
        elif left > 0:
            probes_left[name] = left - 1
            message.breaker_probe = True  # its outcome decides whether the breaker closes
            go.append(message)
        else:
            deferred[message.pk] = admitted[name].until
            reasons[message.pk] = f"{CIRCUIT_OPEN}: {name} is failing; trying again at {_hhmmss(deferred[message.pk])}"
    if budgets_set:
        go = _within_budgets(go, now, deferred, reasons)
    if deferred:
        _defer(deferred, reasons, now)
    return go, deferred


def _throttles_in_force(providers: set[str]) -> tuple[bool, bool]:
    """Whether a breaker of these providers is not closed, and whether any channel has a budget: one read for
    the batch, so that with neither (the usual case) holding back reads nothing else."""
    names = sorted(providers)
    sql = (f"SELECT EXISTS (SELECT 1 FROM {BreakerState._meta.db_table} WHERE provider IN "
           f"({', '.join(['%s'] * len(names))}) AND state <> %s), EXISTS (SELECT 1 FROM {ChannelLimit._meta.db_table})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*names, BreakerState.State.CLOSED])
        breaker_not_closed, budgets_set = cursor.fetchone()
    return bool(breaker_not_closed), bool(budgets_set)


def _within_budgets(messages: list[Message], now: datetime, deferred: dict, reasons: dict) -> list[Message]:
    budgets = rate_budget.limits()
    if not budgets:
        return messages
    asking: dict[str, list[Message]] = {}
    for message in messages:
        if message.channel in budgets and not _holds_slot(message, now):
            asking.setdefault(message.channel, []).append(message)
    for channel, waiting in asking.items():
        budget = budgets[channel]
        for message, wait in zip(waiting, rate_budget.take(channel, budget, len(waiting), now)):
            if wait > 0:
                until = now + timedelta(seconds=wait)
                deferred[message.pk] = until
                reasons[message.pk] = f"{RATE_LIMIT}: {channel} at {budget.per_second}/s; sending at {_hhmmss(until)}"
    return [m for m in messages if m.pk not in deferred]


def _opened_in_batch() -> dict[str, datetime]:
    if not hasattr(_batch, "opened"):
        _batch.opened = {}
    return _batch.opened


def until_breaker_opens(messages, now: datetime):
    """The batch's messages one by one, but once a send opens its provider's breaker, that provider's
    remaining messages are deferred instead (they were claimed, never handed over)."""
    opened = _opened_in_batch()
    opened.clear()
    for message in messages:
        name = provider_for(message.channel).name
        if name in opened:
            _defer({message.pk: opened[name]}, {message.pk: f"{CIRCUIT_OPEN}: {name} is failing; trying again at "
                                                             f"{_hhmmss(opened[name])}"}, now)
        else:
            yield message


def _hhmmss(when: datetime) -> str:
    return when.strftime("%H:%M:%S.%f")[:-3] + " UTC"


def _defer(deferred: dict[int, datetime], reasons: dict[int, str], now: datetime) -> None:
    """From "sending" (this worker's claim) to "deferred": nothing was handed to a provider yet. One statement
    for the batch on PostgreSQL (a backlog defers thousands at once), one per message elsewhere."""
    if connection.vendor == "postgresql":
        columns = {"id": "bigint", "reason": "text", "not_before": "timestamptz", "updated_at": "timestamptz"}
        update_rows(Message._meta.db_table, columns,
                    [{"id": pk, "reason": reasons[pk][:500], "not_before": until, "updated_at": now}
                     for pk, until in deferred.items()],
                    also=f"status = '{MessageStatus.DEFERRED}', dispatched_at = NULL",
                    where=f"t.status = '{MessageStatus.SENDING}'")
        return
    with transaction.atomic():
        for pk in sorted(deferred):
            Message.objects.filter(pk=pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.DEFERRED, reason=reasons[pk][:500], not_before=deferred[pk], dispatched_at=None,
                updated_at=now)


def release_throttled(now: datetime) -> int:
    """Deferred by a budget or a breaker and due: back to "queued", for the outbox to hand over in id order."""
    due = Q()
    for reason in THROTTLED_REASONS:
        due |= Q(reason__startswith=reason)
    return Message.objects.filter(due, status=MessageStatus.DEFERRED, not_before__lte=now).update(
        status=MessageStatus.QUEUED, dispatched_at=None, updated_at=now)


def note_result(message: Message, provider_name: str, result: SendResult, now: datetime) -> None:
    """After a provider call: count it on the provider's breaker, and raise the alert if this opened it."""
    try:
        opened = breakers.record(provider_name, breakers.provider_failed(result), now,
                                 probe=getattr(message, "breaker_probe", False))
        if opened:
            _opened_in_batch()[provider_name] = now + timedelta(seconds=breakers.setting("COOLDOWN_SECONDS"))
            notify_circuit_open(provider_name, opened, journey_id=message.journey_id)
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:  # the send itself is recorded; a breaker's bookkeeping must not fail it
        log.exception("recording the outcome of message %s on the %s breaker failed", message.pk, provider_name)
