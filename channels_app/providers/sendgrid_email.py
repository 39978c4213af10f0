"""Email through the `sendgrid` library. The only module that touches the SendGrid SDK.

Our message id travels in `custom_args`, so every Event Webhook post names the
message it is about. SendGrid cannot be asked afterwards whether it accepted a
request (its activity API is a paid add-on), so `reconcile` answers "cannot tell".
"""
from __future__ import annotations

import base64
import binascii
import http.client
import socket
import urllib.error
from email.utils import parseaddr

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.mail import Content, CustomArg, From, Header, Mail, To

from channels_app.providers import errors
from channels_app.providers.base import OutboundMessage, Provider, SendResult

MESSAGE_ID_ARG = "journeys_message_id"  # the custom_args key carrying Message.pk
SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


class SendGridEmailProvider(Provider):
    name = "sendgrid"

    def __init__(self, *, api_key: str, from_email: str, api_host: str = "https://api.sendgrid.com",
                 timeout: float = 10.0):
        self.api_key = api_key
        self.from_name, self.from_address = parseaddr(from_email)
        self.api_host = api_host.rstrip("/")
        self.timeout = timeout

    def build_mail(self, message: OutboundMessage) -> Mail:
        content = message.content or {}
        mail = Mail(from_email=From(self.from_address, self.from_name or None), to_emails=To(message.to),
                    subject=content.get("subject", ""))
        # SendGrid wants text/plain before text/html when both are present.
        if content.get("text"):
            mail.add_content(Content("text/plain", content["text"]))
        if content.get("html"):
            mail.add_content(Content("text/html", content["html"]))
        mail.custom_arg = CustomArg(MESSAGE_ID_ARG, str(message.message_id))
        if message.unsubscribe_url:
            # RFC 8058 one-click: mailbox providers POST to the link without showing our page.
            mail.header = Header("List-Unsubscribe", f"<{message.unsubscribe_url}>")
            mail.header = Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        return mail

    def send(self, message: OutboundMessage) -> SendResult:
        content = message.content or {}
        if not content.get("subject") or not (content.get("text") or content.get("html")):
            return SendResult(status="failed", error_code="empty_content",
                              detail="the email rendered without a subject or without a body")
        # A client per send: python_http_client mutates its headers on every call, so sharing
        # one between worker threads is unsafe; it holds no connection pool worth keeping.
        client = SendGridAPIClient(self.api_key, host=self.api_host)
        client.client.timeout = self.timeout
        try:
            response = client.send(self.build_mail(message))
        except HTTPError as exc:
            body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body or "")
            return errors.http_failure(int(exc.status_code), exc.headers,
                                       detail=f"SendGrid {exc.status_code}: {body[:400]}")
        except (TimeoutError, socket.timeout) as exc:
            return errors.transport_failure(errors.TIMEOUT, f"no answer in time: {exc}")
        except urllib.error.URLError as exc:
            # Raised before the request was written: refused, unresolvable or connect timeout.
            return errors.transport_failure(errors.CONNECTION_ERROR, f"cannot reach SendGrid: {exc.reason}")
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            return errors.transport_failure(errors.CONNECTION_RESET, f"{type(exc).__name__}: {exc}")
        headers = {str(k).lower(): v for k, v in dict(response.headers or {}).items()}
        return SendResult(provider_id=headers.get("x-message-id", ""), status="sent",
                          response_code=response.status_code, detail=f"accepted by SendGrid ({response.status_code})")


def event_signature_is_valid(public_key: str, payload: str, signature: str, timestamp: str) -> bool:
    """The Signed Event Webhook check (ECDSA P-256 over timestamp + raw body)."""
    if not (public_key and signature and timestamp):
        return False
    try:
        return bool(EventWebhook(public_key).verify_signature(payload, signature, timestamp))
    except (ValueError, TypeError, binascii.Error):  # malformed key or signature: not ours
        return False


def public_key_text(der: bytes) -> str:
    """The form SendGrid shows the verification key in (base64 DER, no PEM armour)."""
    return base64.b64encode(der).decode("ascii")
