"""Circuit breakers per provider: stop hammering a provider that keeps failing, try it again with one probe.

Closed (sends go) → open after JOURNEYS_BREAKER_CONSECUTIVE_FAILURES failures in a row (5), or when at
least JOURNEYS_BREAKER_ERROR_RATE of the sends failed (0.5) over at least JOURNEYS_BREAKER_MIN_ATTEMPTS
attempts (20) in a window of JOURNEYS_BREAKER_WINDOW_SECONDS (60). Open: the provider's sends wait
(deferred, `circuit open`) until JOURNEYS_BREAKER_COOLDOWN_SECONDS (30) have passed; then exactly one
worker wins the conditional UPDATE to half-open and sends a single probe. Its success closes the
breaker; its failure opens it for another cool-down. A probe that never reports (its worker was lost)
is replaced by a new one after a cool-down.

The window is a fixed one restarted after its length: simpler than a sliding one, and it can only
open a little later, never wrongly. Only provider-side failures count (timeouts, 5xx, 429, a provider
that raised); a rejected address or a bad template says nothing about the provider's health.
The state is one database row per provider, locked for each result, so every worker shares it.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from channels_app.models import BreakerState
from channels_app.providers.base import SendResult
from channels_app.providers.errors import AMBIGUOUS_ERRORS

log = logging.getLogger(__name__)

State = BreakerState.State
PROBE_RECHECK_SECONDS = 5  # while a probe is out, the others look again this soon
DEFAULTS = {"CONSECUTIVE_FAILURES": 5, "ERROR_RATE": 0.5, "MIN_ATTEMPTS": 20, "WINDOW_SECONDS": 60.0,
            "COOLDOWN_SECONDS": 30.0}


def setting(name: str):
    """JOURNEYS_BREAKER_<name>: a Django setting when defined (tests override it), else the environment."""
    default = DEFAULTS[name]
    full = f"JOURNEYS_BREAKER_{name}"
    raw = getattr(settings, full, None)
    if raw is None:
        raw = os.environ.get(full) or default
    return type(default)(raw)


@dataclass(frozen=True)
class Admission:
    """How many of a provider's waiting sends may go now (None: all; 1: the probe; 0: none), and when the rest retry."""
    go: int | None
    until: datetime | None = None


def admissions(providers: set[str], now: datetime) -> dict[str, Admission]:
    """For each provider of a batch: one read of the breakers that are not closed (usually none)."""
    admitted = {name: Admission(None) for name in providers}
    for row in BreakerState.objects.filter(provider__in=sorted(providers)).exclude(state=State.CLOSED):
        admitted[row.provider] = _admit(row, now)
    return admitted


def _admit(row: BreakerState, now: datetime) -> Admission:
    recheck = now + timedelta(seconds=min(PROBE_RECHECK_SECONDS, setting("COOLDOWN_SECONDS")))
    if row.state == State.OPEN and row.retry_at and now < row.retry_at:
        return Admission(0, row.retry_at)
    lost_probe = now - timedelta(seconds=setting("COOLDOWN_SECONDS"))
    # One worker wins the probe: the UPDATE is conditional on the state it read.
    won = BreakerState.objects.filter(pk=row.pk).filter(
        Q(state=State.OPEN, retry_at__lte=now) | Q(state=State.HALF_OPEN, probe_started_at__lt=lost_probe),
    ).update(state=State.HALF_OPEN, probe_started_at=now)
    return Admission(1 if won else 0, recheck)


def provider_failed(result: SendResult) -> bool:
    """A failure that says the provider is unwell (not that one address or message was refused)."""
    return result.status == "failed" and (result.retryable or result.error_code in AMBIGUOUS_ERRORS
                                          or result.error_code == "provider_error")


def record(provider: str, failed: bool, now: datetime, probe: bool = False) -> str:
    """Count one send's outcome; the reason when this outcome opened the breaker, else ""."""
    with transaction.atomic():
        row = BreakerState.objects.select_for_update().filter(provider=provider).first()
        if row is None:
            if not failed:
                return ""  # a healthy provider with no row needs none until it fails
            row, _ = BreakerState.objects.select_for_update().get_or_create(provider=provider)
        reason = _count(row, failed, now, probe)
        row.save()
    return reason


def _count(row: BreakerState, failed: bool, now: datetime, probe: bool) -> str:
    if row.state == State.HALF_OPEN:
        if not probe:
            return ""  # a send that left before the breaker opened says nothing about now
        if failed:
            return _open(row, now, "the probe after the cool-down failed too")
        _close(row)
        log.info("provider %s: the probe succeeded; circuit closed", row.provider)
        return ""
    if row.state == State.OPEN:
        return ""
    window = timedelta(seconds=setting("WINDOW_SECONDS"))
    if row.window_started_at is None or now - row.window_started_at >= window:
        row.window_started_at, row.window_attempts, row.window_failures = now, 0, 0
    row.window_attempts += 1
    row.window_failures += int(failed)
    row.consecutive_failures = row.consecutive_failures + 1 if failed else 0
    if row.consecutive_failures >= setting("CONSECUTIVE_FAILURES"):
        return _open(row, now, f"{row.consecutive_failures} consecutive failures")
    if (row.window_attempts >= setting("MIN_ATTEMPTS")
            and row.window_failures >= setting("ERROR_RATE") * row.window_attempts):
        return _open(row, now, f"{row.window_failures} of {row.window_attempts} sends failed "
                               f"within {setting('WINDOW_SECONDS'):g} s")
    return ""


def _open(row: BreakerState, now: datetime, reason: str) -> str:
    row.state, row.opened_at, row.reason, row.probe_started_at = State.OPEN, now, reason[:300], None
    row.retry_at = now + timedelta(seconds=setting("COOLDOWN_SECONDS"))
    return reason


def _close(row: BreakerState) -> None:
    row.state, row.consecutive_failures, row.probe_started_at, row.retry_at = State.CLOSED, 0, None, None
    row.window_started_at, row.window_attempts, row.window_failures = None, 0, 0


def breaker_list() -> list[BreakerState]:
    return list(BreakerState.objects.all())
