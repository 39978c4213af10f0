"""Channel settings beyond the fixed provider names of docs/design.md §4, with their defaults.

Each is a Django setting when journeys/settings.py defines it (tests use
override_settings), else read from the environment variable of the same name.
"""
from __future__ import annotations

import os

from django.conf import settings

TRUE = {"1", "true", "yes", "on"}


def _value(name: str, default):
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in TRUE
    return type(default)(raw)


def webhook_delivery() -> bool:
    """Post webhook-channel messages for real (off: the sandbox records them)."""
    return bool(_value("WEBHOOK_DELIVERY", False))


def provider_timeout_seconds() -> float:
    """Connect and read timeout of every provider HTTP call."""
    return float(_value("PROVIDER_TIMEOUT_SECONDS", 10.0))


def inapp_token_max_age() -> int:
    """How long an in-app token opens the websocket and the inbox, in seconds."""
    return int(_value("INAPP_TOKEN_MAX_AGE", 24 * 3600))


def sms_help_reply() -> str:
    """Our answer to an inbound HELP; empty: none (Twilio's own HELP answer, if enabled, still goes)."""
    return str(_value("SMS_HELP_REPLY", ""))
