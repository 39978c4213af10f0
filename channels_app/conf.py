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


# --- WeChat Official Account and Aliyun SMS (design §12) ---------------------------------------

def wechat_app_id() -> str:
    return str(_value("WECHAT_APP_ID", ""))


def wechat_app_secret() -> str:
    return str(_value("WECHAT_APP_SECRET", ""))


def wechat_token() -> str:
    """The token WeChat signs its pushes to /webhooks/wechat with (the server configuration's Token)."""
    return str(_value("WECHAT_TOKEN", ""))


def wechat_api_base() -> str:
    """Scheme and host; the product appends /cgi-bin/… (a local fake server in tests)."""
    return str(_value("WECHAT_API_BASE", "https://api.weixin.qq.com")).rstrip("/")


def sms_provider() -> str:
    """Which SMS provider sends when its credentials are set: twilio (default) or aliyun."""
    return str(_value("SMS_PROVIDER", "twilio")).strip().lower() or "twilio"


def aliyun_access_key_id() -> str:
    return str(_value("ALIYUN_ACCESS_KEY_ID", ""))


def aliyun_access_key_secret() -> str:
    return str(_value("ALIYUN_ACCESS_KEY_SECRET", ""))


def aliyun_sms_sign_name() -> str:
    return str(_value("ALIYUN_SMS_SIGN_NAME", ""))


def aliyun_sms_endpoint() -> str:
    """A URL: https://dysmsapi.aliyuncs.com by default, http://HOST:PORT for a local server."""
    return str(_value("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com")).rstrip("/")
