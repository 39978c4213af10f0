"""Webhook channel: POST the rendered JSON to the template's URL, signed with the endpoint's secret.

Receivers verify `X-Journeys-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
(`verify_signature` below does it) and drop repeats by `Idempotency-Key: msg-<id>`,
which is why a retry after a timeout is safe here while it is not for SMS.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time

import requests

from channels_app.providers import errors
from channels_app.providers.base import OutboundMessage, Provider, SendResult

SIGNATURE_HEADER = "X-Journeys-Signature"
USER_AGENT = "journeys-webhooks/1"
SIGNATURE_TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(secret: str, header: str, body: bytes, now: float | None = None,
                     tolerance: float = SIGNATURE_TOLERANCE_SECONDS) -> bool:
    """For receivers (and our tests): right key, right body, and not replayed long after."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp)
    return hmac.compare_digest(expected, f"t={timestamp},v1={parts.get('v1', '')}")


class WebhookProvider(Provider):
    name = "webhook"

    def __init__(self, timeout: float = 10.0, session: requests.Session | None = None):
        self.timeout = timeout
        self.session = session or requests.Session()

    def payload(self, message: OutboundMessage) -> bytes | None:
        """The rendered body, re-serialised so that what we sign is exactly what we send; None if not JSON."""
        source = (message.content or {}).get("body", "")
        if not source.strip():
            return json.dumps({"messageId": message.message_id, "userId": message.user_id}).encode("utf-8")
        try:
            return json.dumps(json.loads(source), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except ValueError:
            return None

    def send(self, message: OutboundMessage) -> SendResult:
        url = (message.content or {}).get("url") or message.to
        body = self.payload(message)
        if body is None:
            return SendResult(status="failed", error_code="invalid_json",
                              detail="the webhook body did not render to valid JSON")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": message.idempotency_key or f"msg-{message.message_id}",
            SIGNATURE_HEADER: sign(message.webhook_secret, body, int(time.time())),
        }
        try:
            # Redirects are not followed: the signature and the key were meant for this URL.
            response = self.session.post(url, data=body, headers=headers, timeout=self.timeout, allow_redirects=False)
        except requests.RequestException as exc:
            return errors.requests_failure(exc)
        if 200 <= response.status_code < 300:
            return SendResult(provider_id=f"webhook-{message.message_id}", status="sent", final_status="delivered",
                              response_code=response.status_code, detail=f"HTTP {response.status_code}")
        return errors.http_failure(response.status_code, response.headers,
                                   detail=f"HTTP {response.status_code}: {response.text[:300]}")

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        # The receiver dedupes on Idempotency-Key: sending again is always safe.
        return SendResult(status="failed", retryable=True, error_code="in_doubt",
                          detail="resending with the same Idempotency-Key is safe")
