"""Channels paused from outside channels_app (health's red alerts with `on_red: pause_channel`).

Their claimed sends wait, deferred with reason `channel paused: …`, and are looked at again every
RECHECK_SECONDS until the pause is lifted, like a rate-limited or circuit-open send (throttling.py).
The pausing app registers a source in its AppConfig.ready(), so channels_app never imports it back.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from core.isolation import INFRASTRUCTURE_ERRORS

log = logging.getLogger(__name__)

CHANNEL_PAUSED = "channel paused"
RECHECK_SECONDS = 30
_sources: dict[str, Callable[[], dict[str, str]]] = {}


def register_source(name: str, source: Callable[[], dict[str, str]]) -> None:
    """`source()` answers {channel: why it is paused}; registering the same name again replaces it."""
    _sources[name] = source


def paused_channels() -> dict[str, str]:
    paused: dict[str, str] = {}
    for name, source in _sources.items():
        try:
            paused.update(source())
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception:  # a broken source must not stop every send
            log.exception("channel pause source %s failed; treating its channels as not paused", name)
    return paused


def hold_paused(messages: list, now: datetime, deferred: dict, reasons: dict) -> list:
    """The messages whose channel is not paused; the others are added to `deferred` and `reasons`."""
    paused = paused_channels() if messages else {}
    if not paused:
        return messages
    until = now + timedelta(seconds=RECHECK_SECONDS)
    for message in messages:
        if message.channel in paused:
            deferred[message.pk] = until
            reasons[message.pk] = f"{CHANNEL_PAUSED}: {paused[message.channel]}"
    return [m for m in messages if m.pk not in deferred]
