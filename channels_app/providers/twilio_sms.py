"""SMS through the `twilio` library. The only module that touches the Twilio SDK.

Twilio has no idempotency key on message create: a request that timed out may
have been accepted. So an ambiguous failure is retried only after `reconcile`
looked for the message in Twilio's log and did not find it.
"""
from __future__ import annotations

import threading
from datetime import timedelta, timezone as dt_timezone

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels_app.providers import errors
from channels_app.providers.base import OutboundMessage, Provider, SendResult

TWILIO_API_BASE = "https://api.twilio.com"
# Twilio's clock and ours differ a little; look this far before our attempt for its message.
RECONCILE_SLACK = timedelta(minutes=2)


class RebasedTwilioHttpClient(TwilioHttpClient):
    """Sends the SDK's requests to `api_base` instead of https://api.twilio.com (a proxy, a test server).

    It also keeps the last response's headers per thread: a 429's `Retry-After`
    is lost once the SDK turns the response into an exception.
    """

    def __init__(self, api_base: str, timeout: float):
        super().__init__(timeout=timeout)
        self.api_base = api_base.rstrip("/")
        self._local = threading.local()

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        if self.api_base != TWILIO_API_BASE and url.startswith(TWILIO_API_BASE):
            url = self.api_base + url[len(TWILIO_API_BASE):]
        self._local.headers = {}
        response = super().request(method, url, params=params, data=data, headers=headers, auth=auth,
                                   timeout=timeout, allow_redirects=allow_redirects)
        self._local.headers = dict(response.headers or {})
        return response

    @property
    def last_headers(self) -> dict:
        return getattr(self._local, "headers", {})


class TwilioSmsProvider(Provider):
    name = "twilio"

    def __init__(self, *, account_sid: str, auth_token: str, from_number: str = "",
                 messaging_service_sid: str = "", api_base: str = TWILIO_API_BASE, timeout: float = 10.0):
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.http_client = RebasedTwilioHttpClient(api_base, timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http_client)

    def _sender(self) -> dict:
        # A messaging service picks the best sender from its pool (and handles opt-outs itself).
        if self.messaging_service_sid:
            return {"messaging_service_sid": self.messaging_service_sid}
        return {"from_": self.from_number}

    def send(self, message: OutboundMessage) -> SendResult:
        body = (message.content or {}).get("body", "")
        if not body.strip():
            return SendResult(status="failed", error_code="empty_body", detail="the SMS body rendered empty")
        try:
            created = self.client.messages.create(
                to=message.to, body=body, status_callback=message.status_callback_url or None, **self._sender())
        except (TwilioRestException, TwilioServiceException) as exc:
            text = getattr(exc, "msg", "") or getattr(exc, "detail", "") or getattr(exc, "title", "") or ""
            return errors.twilio_failure(int(exc.status), _int_or_none(exc.code), str(text),
                                         self.http_client.last_headers)
        except requests.RequestException as exc:
            return errors.requests_failure(exc)
        return SendResult(provider_id=created.sid, status="sent", response_code=201,
                          detail=f"accepted by Twilio ({created.status})")

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        """Did Twilio accept this message before we lost its answer? Looks for it in the account's log.

        A match is the same recipient, sender and body, created after our attempt
        began. None when Twilio cannot be asked right now: the caller must not resend.
        """
        since = message.previous_attempt_at
        body = (message.content or {}).get("body", "")
        if since is None or not body:
            return None
        filters = {"to": message.to}
        if not self.messaging_service_sid:
            filters["from_"] = self.from_number
        try:
            candidates = self.client.messages.list(limit=50, page_size=50, **filters)
        except (TwilioRestException, TwilioServiceException, requests.RequestException):
            return None
        threshold = since - RECONCILE_SLACK
        for candidate in candidates:
            created = candidate.date_created
            if created is not None and created.tzinfo is None:
                created = created.replace(tzinfo=dt_timezone.utc)
            if candidate.body == body and (created is None or created >= threshold):
                return SendResult(provider_id=candidate.sid, status="sent",
                                  detail=f"found in Twilio's log after an interrupted attempt ({candidate.status})")
        return SendResult(status="failed", retryable=True, error_code="not_found",
                          detail="not in Twilio's log: safe to send again")


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def signature_is_valid(auth_token: str, url: str, params: dict, signature: str) -> bool:
    """X-Twilio-Signature check for callbacks; `url` must be the public one Twilio called."""
    if not (auth_token and signature):
        return False
    return RequestValidator(auth_token).validate(url, params, signature)


def compute_signature(auth_token: str, url: str, params: dict) -> str:
    """What Twilio would send as X-Twilio-Signature (tests and local tools sign with it)."""
    return RequestValidator(auth_token).compute_signature(url, params)


def twiml_message(text: str = "") -> str:
    """A TwiML answer to an inbound SMS: a reply when `text` is given, else nothing."""
    from twilio.twiml.messaging_response import MessagingResponse

    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)
