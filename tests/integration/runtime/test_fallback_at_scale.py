"""1,000 sends through `["wechat", "sms", "email"]`: a third of the contacts have no openid, the fake WeChat server
fails one send in ten (half refused at once, half reported failed by its push later). Every step ends with exactly
one delivered message, on the first channel that could deliver it, and no provider is called twice for one message.

WeChat is the real provider (wechatpy) against a fake WeChat server, its results pushed to /webhooks/wechat signed
as WeChat signs them; SMS and email are fake providers that deliver at once.
"""
import json
import threading
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from channels_app.models import Message
from journeys.models import Contact, Enrollment
from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls
from tests.integration.channels.fallback_support import Providers, delivered, fallback_journey, make_templates
from tests.integration.channels.wechat_aliyun_support import template_finish_xml, wechat_query

pytestmark = pytest.mark.django_db

CONTACTS = 1000


def has_openid(n: int) -> bool:
    return n % 3 != 0


def has_phone(n: int) -> bool:
    return n % 7 != 0


def refused_at_once(n: int) -> bool:
    return n % 20 == 1  # errcode 40003


def reported_failed(n: int) -> bool:
    return n % 20 == 11  # accepted, then TEMPLATESENDJOBFINISH "failed: system failed"


def expected_channel(n: int) -> str:
    if has_openid(n) and not refused_at_once(n) and not reported_failed(n):
        return "wechat"
    return "sms" if has_phone(n) else "email"


class FakeWeChat:
    """WeChat's token and template-send endpoints, answering by openid ("o-<n>")."""

    def __init__(self):
        self.sends: list[str] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, payload: dict):
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # the access token
                self._answer({"access_token": "TOKEN", "expires_in": 7200})

            def do_POST(self):  # a template send
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                openid = body["touser"]
                with fake.lock:
                    fake.sends.append(openid)
                n = int(openid.split("-")[1])
                assert urlsplit(self.path).path == "/cgi-bin/message/template/send"
                self._answer({"errcode": 40003, "errmsg": "invalid openid"} if refused_at_once(n)
                             else {"errcode": 0, "errmsg": "ok", "msgid": 10_000 + n})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_wechat(settings):
    server = FakeWeChat()
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = "wx1234567890abcdef", "secret"
    settings.WECHAT_TOKEN, settings.WECHAT_API_BASE = "wechat-push-token-for-tests", server.url
    yield server
    server.stop()


def push_results(runner) -> None:
    """WeChat pushes each accepted template message's result to /webhooks/wechat."""
    client = Client()
    for address, msgid in Message.objects.filter(channel="wechat", status="sent").values_list("address",
                                                                                            "provider_id"):
        n = int(address.split("-")[1])
        status = "failed: system failed" if reported_failed(n) else "success"
        query = urlencode(wechat_query(token="wechat-push-token-for-tests", openid=address))
        response = client.post(f"/webhooks/wechat?{query}", data=template_finish_xml(int(msgid), status, address),
                               content_type="text/xml")
        assert response.status_code == 200, response.content
    runner.drain()  # the fallbacks the failed reports wrote


@pytest.fixture
def providers(db):
    make_templates()
    installed = Providers()
    yield installed
    installed.clear()


def test_a_thousand_fallback_sends_each_end_delivered_once_on_the_first_channel_that_could(runner, providers,
                                                                                           fake_wechat):
    sms = providers.use("sms", delivered("sms"))
    email = providers.use("email", delivered("email"))
    fallback_journey()
    identifies = []
    for n in range(CONTACTS):
        traits = {"email": f"c{n}@example.com"}
        if has_openid(n):
            traits["wechat_openid"] = f"o-{n}"
        if has_phone(n):
            traits["phone"] = f"+1555{n:07d}"
        identifies.append(IdentifyCall(user_id=f"c{n}", anonymous_id=None, traits=traits))
    runner.call(ingest_calls, identifies)
    runner.call(ingest_calls, [TrackCall(user_id=f"c{n}", anonymous_id=None, event="go", properties={},
                                         timestamp=runner.clock.now) for n in range(CONTACTS)])
    runner.tick()
    push_results(runner)

    assert Enrollment.objects.count() == CONTACTS
    user_of = dict(Contact.objects.values_list("id", "user_id"))
    steps = defaultdict(list)
    for row in Message.objects.values("enrollment_id", "contact_id", "node", "visit", "step_attempt", "channel",
                                      "status"):
        steps[(row["enrollment_id"], row["node"], row["visit"])].append(row)
    assert len(steps) == CONTACTS
    for rows in steps.values():
        rows.sort(key=lambda r: r["step_attempt"])
        n = int(user_of[rows[0]["contact_id"]][1:])
        assert [r["step_attempt"] for r in rows] == list(range(len(rows)))
        assert [r["status"] for r in rows].count("delivered") == 1, rows
        assert rows[-1]["status"] == "delivered" and rows[-1]["channel"] == expected_channel(n), (n, rows)
        for earlier in rows[:-1]:  # each channel before it could not deliver
            assert earlier["status"] in ("suppressed", "failed", "undelivered"), (n, rows)
    by_channel = Counter(expected_channel(n) for n in range(CONTACTS))
    delivered_by = Counter(rows[-1]["channel"] for rows in steps.values())
    assert delivered_by == by_channel
    # Never twice to a provider: one call per message that was handed over.
    assert len(fake_wechat.sends) == len(set(fake_wechat.sends)) == sum(has_openid(n) for n in range(CONTACTS))
    assert len(sms.calls) == len({c.message_id for c in sms.calls}) == by_channel["sms"]
    assert len(email.calls) == len({c.message_id for c in email.calls}) == by_channel["email"]
