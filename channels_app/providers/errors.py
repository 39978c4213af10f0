"""How provider failures are classified: retry later, or fail for good.

Shared by the provider modules so that every channel answers the same way to the
same kind of trouble. Nothing here touches an SDK or the database.
"""
from __future__ import annotations

import email.utils
import time

import requests

from channels_app.providers.base import SendResult

# Error codes of our own for transport trouble. "timeout" and "connection_reset" are
# ambiguous: the request may have reached the provider, which may have accepted it.
# Before a retry the delivery service asks the provider (`reconcile`) whether it did.
CONNECTION_ERROR = "connection_error"  # refused / DNS / connect timeout: certainly not sent
TIMEOUT = "timeout"  # no answer in time: maybe sent
CONNECTION_RESET = "connection_reset"  # dropped mid-request: maybe sent
AMBIGUOUS_ERRORS = frozenset({TIMEOUT, CONNECTION_RESET})

# Twilio error codes (https://www.twilio.com/docs/api/errors).
TWILIO_TRANSIENT = {
    20429: "too many requests",
    30003: "unreachable destination handset",
    30008: "unknown error from the carrier",
}
TWILIO_PERMANENT = {
    21211: "invalid 'To' phone number",
    30005: "unknown destination handset",
    30006: "landline or unreachable carrier",
    30007: "message filtered by the carrier",
}
TWILIO_OPTED_OUT = 21610  # the recipient replied STOP: never text them again until START

RETRYABLE_HTTP = {408, 425, 429}
MAX_PROVIDER_DELAY = 3600.0


def retry_after_seconds(headers, now: float | None = None) -> float | None:
    """What the provider asked us to wait: `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset` (epoch)."""
    if not headers:
        return None
    lowered = {str(k).lower(): str(v) for k, v in dict(headers).items()}
    now = time.time() if now is None else now
    value = lowered.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if value else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - now)
    value = lowered.get("x-ratelimit-reset", "").strip()
    if value:
        try:
            reset = float(value)
        except ValueError:
            return None
        # SendGrid sends an epoch timestamp; some gateways send seconds from now.
        return max(0.0, reset - now) if reset > 1_000_000_000 else reset
    return None


def http_failure(status: int, headers=None, detail: str = "", error_code: str = "") -> SendResult:
    """A non-2xx HTTP answer: 408/425/429 and 5xx are worth another try, any other 4xx is final."""
    retryable = status in RETRYABLE_HTTP or status >= 500
    return SendResult(
        status="failed", retryable=retryable, error_code=error_code or str(status), response_code=status,
        retry_after=retry_after_seconds(headers) if retryable else None,
        detail=(detail or f"HTTP {status}")[:500],
    )


def twilio_failure(status: int, code: int | None, message: str, headers=None) -> SendResult:
    """A Twilio REST error: its own error code decides first, then the HTTP status."""
    if code == TWILIO_OPTED_OUT:
        return SendResult(status="failed", retryable=False, error_code=str(code), response_code=status,
                          detail=f"Twilio {code}: recipient opted out (STOP). {message}"[:500],
                          suppress_reason="twilio 21610: recipient replied STOP")
    if code in TWILIO_TRANSIENT:
        return SendResult(status="failed", retryable=True, error_code=str(code), response_code=status,
                          retry_after=retry_after_seconds(headers),
                          detail=f"Twilio {code}: {TWILIO_TRANSIENT[code]}. {message}"[:500])
    if code in TWILIO_PERMANENT:
        return SendResult(status="failed", retryable=False, error_code=str(code), response_code=status,
                          detail=f"Twilio {code}: {TWILIO_PERMANENT[code]}. {message}"[:500])
    result = http_failure(status, headers, detail=f"Twilio {code or status}: {message}")
    if code and code != status:
        result = SendResult(**{**result.__dict__, "error_code": str(code)})
    return result


def transport_failure(kind: str, detail: str) -> SendResult:
    """Timeouts and connection errors are transient; whether the request got through decides `kind`."""
    return SendResult(status="failed", retryable=True, error_code=kind, detail=detail[:500])


def requests_failure(exc: requests.RequestException) -> SendResult:
    """Transport trouble seen through `requests` (the Twilio SDK and the webhook channel use it)."""
    if isinstance(exc, requests.ConnectTimeout):
        return transport_failure(CONNECTION_ERROR, f"connect timeout: {exc}")
    if isinstance(exc, requests.Timeout):
        return transport_failure(TIMEOUT, f"no answer in time: {exc}")
    if isinstance(exc, requests.ConnectionError):
        # Refused or unresolvable: nothing reached the provider. Anything else (reset, aborted) may have.
        text = str(exc)
        certain = any(s in text for s in ("NewConnectionError", "NameResolutionError", "Connection refused",
                                          "Failed to establish"))
        return transport_failure(CONNECTION_ERROR if certain else CONNECTION_RESET, text)
    return transport_failure(CONNECTION_ERROR, f"{type(exc).__name__}: {exc}")
