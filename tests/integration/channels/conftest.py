"""Channel test infrastructure: a fake provider HTTP server on 127.0.0.1, provider settings, signers.

The real `twilio` and `sendgrid` clients talk to `fake_http` exactly as they would
to the providers; each test scripts the answers and asserts the requests.
"""
from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PUBLIC_BASE_URL = "https://journeys.example.com"
TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TWILIO_FROM = "+15005550006"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def form(self) -> dict:
        """Form fields, one value each (Twilio sends no repeated keys for a message)."""
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}

    @property
    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return {k.lower(): v for k, v in self.headers.items()}.get(name.lower())

    def basic_auth(self) -> tuple[str, str]:
        scheme, _, value = (self.header("Authorization") or "").partition(" ")
        assert scheme == "Basic"
        user, _, password = base64.b64decode(value).decode().partition(":")
        return user, password


@dataclass
class Scripted:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


class FakeHTTPServer:
    """Records every request; answers from a script (first in, first out), else with the default."""

    def __init__(self):
        self.requests: list[Recorded] = []
        self.script: deque[Scripted] = deque()
        self.default = Scripted(status=200, body=b"{}", headers={"Content-Type": "application/json"})
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                with server._lock:
                    server.requests.append(Recorded(self.command, parts.path, parse_qs(parts.query),
                                                    dict(self.headers.items()), body))
                    answer = server.script.popleft() if server.script else server.default
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, status: int = 200, json_body=None, body: bytes = b"", headers: dict | None = None,
                delay: float = 0.0, drop: bool = False) -> None:
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        self.script.append(Scripted(status, body, headers, delay, drop))

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_http():
    server = FakeHTTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url():
    """A URL where nothing listens: connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def public_base_url(settings):
    settings.PUBLIC_BASE_URL = PUBLIC_BASE_URL
    return PUBLIC_BASE_URL


@pytest.fixture
def twilio_settings(settings, fake_http, public_base_url):
    settings.TWILIO_ACCOUNT_SID = TWILIO_SID
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.TWILIO_FROM_NUMBER = TWILIO_FROM
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_API_BASE = fake_http.url
    settings.PROVIDER_TIMEOUT_SECONDS = 0.5
    return settings


@pytest.fixture
def sendgrid_settings(settings, fake_http, public_base_url):
    settings.SENDGRID_API_KEY = "SG.test-key"
    settings.SENDGRID_FROM_EMAIL = "Journeys Team <team@journeys.example.com>"
    settings.SENDGRID_API_HOST = fake_http.url
    settings.PROVIDER_TIMEOUT_SECONDS = 0.5
    return settings


@pytest.fixture
def webhook_settings(settings):
    settings.WEBHOOK_DELIVERY = True
    settings.PROVIDER_TIMEOUT_SECONDS = 0.5
    return settings


# --- answers the providers give ------------------------------------------------------------

def twilio_message_json(sid: str = "SM" + "a" * 32, status: str = "queued", to: str = "+15550001111",
                        body: str = "", date_created: str = "Mon, 01 Jun 2026 12:00:00 +0000") -> dict:
    return {"sid": sid, "status": status, "to": to, "from": TWILIO_FROM, "body": body, "account_sid": TWILIO_SID,
            "date_created": date_created, "date_updated": date_created, "date_sent": None, "error_code": None,
            "error_message": None, "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/{sid}.json"}


def twilio_error_json(code: int, status: int, message: str = "error") -> dict:
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}


# --- signing callbacks as the providers do ----------------------------------------------------

def twilio_signature(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, params)


class SendGridSigner:
    """A P-256 key pair standing in for SendGrid's: the public half goes into settings."""

    def __init__(self):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        self.private_key = ec.generate_private_key(ec.SECP256R1())
        der = self.private_key.public_key().public_bytes(serialization.Encoding.DER,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo)
        self.public_key = base64.b64encode(der).decode()

    def headers(self, body: str, timestamp: str | None = None) -> dict:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        from core import clock

        # Signed "now" by the project clock: the webhook refuses timestamps 10 minutes off it.
        timestamp = timestamp or str(int(clock.now().timestamp()))
        signature = self.private_key.sign((timestamp + body).encode(), ec.ECDSA(hashes.SHA256()))
        return {"HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE": base64.b64encode(signature).decode(),
                "HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP": timestamp}


@pytest.fixture
def sendgrid_signer(settings):
    signer = SendGridSigner()
    settings.SENDGRID_WEBHOOK_PUBLIC_KEY = signer.public_key
    return signer


def load_fixture(*parts: str) -> str:
    return (FIXTURES.joinpath(*parts)).read_text()


# --- the channel layer (in-memory locally, Redis in CI) ---------------------------------------

@pytest.fixture
def channel_layer():
    """The configured layer. Not flushed: in CI the Redis database is shared with concurrent suites, and
    a group left over from an earlier test only names channels nobody reads any more."""
    from channels.layers import get_channel_layer

    return get_channel_layer()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The API fixtures create a user per test; PBKDF2 would cost half a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
