"""WeChat template messages through the real `wechatpy` client against a local fake WeChat API: the request,
the shared access token (fetched once, refreshed before expiry, replaced once when refused) and every error class."""
import json
from datetime import timedelta

import pytest

from channels_app.models import Suppression, WechatAccessToken
from channels_app.providers.registry import provider_for
from channels_app.providers.wechat import WeChatTemplateProvider
from channels_app.services.delivery import deliver_messages
from core import clock
from tests.integration.channels.wechat_aliyun_support import (OPENID, WECHAT_APP_ID, WECHAT_SECRET, error_json,
                                                              sent_json, token_json, wechat_message,
                                                              wechat_settings)  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TOKEN_PATH, SEND_PATH = "/cgi-bin/token", "/cgi-bin/message/template/send"


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.set_time(clock.now())
    yield
    clock.set_time(None)


def test_without_credentials_wechat_goes_to_the_sandbox(settings):
    settings.WECHAT_APP_ID = ""
    assert provider_for("wechat").sandbox


def test_a_template_message_fetches_a_token_then_posts_the_rendered_template(wechat_settings, fake_http):
    # given
    assert isinstance(provider_for("wechat"), WeChatTemplateProvider)
    message = wechat_message()
    fake_http.respond(200, token_json("TOKEN-A"))
    fake_http.respond(200, sent_json(200228332))
    # when
    report = deliver_messages([message.pk])
    # then: the token from our API base (not api.weixin.qq.com), then the template send with it
    assert report.sent == [message.pk]
    token_request, send_request = fake_http.requests
    assert (token_request.method, token_request.path) == ("GET", TOKEN_PATH)
    assert token_request.query == {"grant_type": ["client_credential"], "appid": [WECHAT_APP_ID],
                                   "secret": [WECHAT_SECRET]}
    assert (send_request.method, send_request.path, send_request.query) == (
        "POST", SEND_PATH, {"access_token": ["TOKEN-A"]})
    assert json.loads(send_request.body) == {
        "touser": OPENID, "template_id": "TPL-shipped-001", "url": "https://shop.example.com/orders/",
        "data": {"first": {"value": "Hi Ada, your order shipped"}, "keyword1": {"value": ""}}}
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_id) == ("sent", "wechat", "200228332")
    assert message.content["template_id"] == "TPL-shipped-001"


def test_the_token_is_shared_by_every_worker_and_fetched_once(wechat_settings, fake_http):
    first, second = wechat_message(), wechat_message(openid="oOtherOpenId_000000000000000")
    fake_http.respond(200, token_json("TOKEN-A"))
    fake_http.respond(200, sent_json(1))
    fake_http.respond(200, sent_json(2))
    deliver_messages([first.pk])
    # another worker: its own client, the same database row
    other = WeChatTemplateProvider(app_id=WECHAT_APP_ID, app_secret=WECHAT_SECRET, api_base=fake_http.url,
                                   timeout=0.5)
    from channels_app.providers.registry import override_provider
    override_provider("wechat", other)
    try:
        assert deliver_messages([second.pk]).sent == [second.pk]
    finally:
        override_provider("wechat", None)
    assert [r.path for r in fake_http.requests] == [TOKEN_PATH, SEND_PATH, SEND_PATH]
    assert fake_http.requests[2].query["access_token"] == ["TOKEN-A"]


def test_the_token_is_refreshed_before_it_expires(wechat_settings, fake_http):
    first, second = wechat_message(), wechat_message(openid="oOtherOpenId_000000000000000")
    fake_http.respond(200, token_json("TOKEN-A", expires_in=7200))
    fake_http.respond(200, sent_json(1))
    deliver_messages([first.pk])
    # 2 minutes before it expires: inside the refresh margin
    clock.set_time(clock.now() + timedelta(seconds=7200 - 120))
    fake_http.respond(200, token_json("TOKEN-B"))
    fake_http.respond(200, sent_json(2))
    deliver_messages([second.pk])
    assert [r.path for r in fake_http.requests] == [TOKEN_PATH, SEND_PATH, TOKEN_PATH, SEND_PATH]
    assert fake_http.requests[3].query["access_token"] == ["TOKEN-B"]
    assert WechatAccessToken.objects.get().token == "TOKEN-B"


@pytest.mark.parametrize("code", [40001, 42001, 40014])
def test_a_refused_token_is_replaced_and_the_send_retried_once(wechat_settings, fake_http, code):
    message = wechat_message()
    fake_http.respond(200, token_json("TOKEN-A"))
    fake_http.respond(200, error_json(code, "access_token expired"))
    fake_http.respond(200, token_json("TOKEN-B"))
    fake_http.respond(200, sent_json(7))
    assert deliver_messages([message.pk]).sent == [message.pk]
    assert [r.path for r in fake_http.requests] == [TOKEN_PATH, SEND_PATH, TOKEN_PATH, SEND_PATH]
    assert fake_http.requests[3].query["access_token"] == ["TOKEN-B"]
    message.refresh_from_db()
    assert (message.status, message.provider_id, message.attempts) == ("sent", "7", 1)


def test_a_token_refused_twice_is_retried_later_not_refreshed_again(wechat_settings, fake_http):
    message = wechat_message()
    fake_http.respond(200, token_json("TOKEN-A"))
    fake_http.respond(200, error_json(42001))
    fake_http.respond(200, token_json("TOKEN-B"))
    fake_http.respond(200, error_json(42001))
    report = deliver_messages([message.pk])
    assert message.pk in report.retry and len(fake_http.requests) == 4
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "42001")


def test_while_another_worker_refreshes_an_expired_token_the_send_waits_and_fetches_nothing(wechat_settings,
                                                                                            fake_http):
    now = clock.now()
    WechatAccessToken.objects.create(app_id=WECHAT_APP_ID, token="OLD", expires_at=now - timedelta(seconds=1),
                                     refreshing_until=now + timedelta(seconds=20))
    message = wechat_message()
    report = deliver_messages([message.pk])
    assert fake_http.requests == [] and report.retry == {message.pk: 2.0}
    message.refresh_from_db()
    assert message.error_code == "token_refreshing"


def test_while_another_worker_refreshes_a_token_still_valid_is_used(wechat_settings, fake_http):
    now = clock.now()
    WechatAccessToken.objects.create(app_id=WECHAT_APP_ID, token="STILL-GOOD", expires_at=now + timedelta(minutes=2),
                                     refreshing_until=now + timedelta(seconds=20))
    message = wechat_message()
    fake_http.respond(200, sent_json(3))
    assert deliver_messages([message.pk]).sent == [message.pk]
    assert [r.path for r in fake_http.requests] == [SEND_PATH]
    assert fake_http.requests[0].query["access_token"] == ["STILL-GOOD"]


def test_a_lapsed_refresh_lease_is_taken_over(wechat_settings, fake_http):
    now = clock.now()
    WechatAccessToken.objects.create(app_id=WECHAT_APP_ID, token="OLD", expires_at=now - timedelta(seconds=1),
                                     refreshing_until=now - timedelta(seconds=1))  # its refresher died
    message = wechat_message()
    fake_http.respond(200, token_json("TOKEN-NEW"))
    fake_http.respond(200, sent_json(4))
    assert deliver_messages([message.pk]).sent == [message.pk]
    row = WechatAccessToken.objects.get()
    assert (row.token, row.refreshing_until) == ("TOKEN-NEW", None)


@pytest.mark.parametrize("code", [40003, 43004, 43019])
def test_an_unreachable_openid_fails_and_is_suppressed(wechat_settings, fake_http, code):
    message = wechat_message()
    fake_http.respond(200, token_json())
    fake_http.respond(200, error_json(code, "invalid openid"))
    report = deliver_messages([message.pk])
    assert report.failed == [message.pk] and report.retry == {}
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", str(code))
    suppression = Suppression.objects.get()
    assert (suppression.channel, suppression.address) == ("wechat", OPENID)
    assert suppression.reason.startswith(f"wechat {code}")


@pytest.mark.parametrize("code", [45009, 45047, -1])
def test_rate_and_quota_limits_are_retried_later(wechat_settings, fake_http, code):
    message = wechat_message()
    now = clock.now()
    fake_http.respond(200, token_json())
    fake_http.respond(200, error_json(code, "api freq out of limit"))
    report = deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.error_code, message.attempts) == ("queued", str(code), 1)
    assert report.retry == {message.pk: 2.0} and message.not_before == now + timedelta(seconds=2)
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("code", [40037, 47003, 48001])
def test_template_and_permission_errors_fail_without_suppressing(wechat_settings, fake_http, code):
    message = wechat_message()
    fake_http.respond(200, token_json())
    fake_http.respond(200, error_json(code))
    assert deliver_messages([message.pk]).failed == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", str(code))
    assert not Suppression.objects.exists()


def test_a_5xx_answer_is_retried(wechat_settings, fake_http):
    message = wechat_message()
    fake_http.respond(200, token_json())
    fake_http.respond(503, body=b"<html>busy</html>")
    assert message.pk in deliver_messages([message.pk]).retry
    message.refresh_from_db()
    assert message.error_code == "503"


def test_a_refused_token_fetch_fails_the_message_without_touching_wechat_again(wechat_settings, fake_http):
    message = wechat_message()
    fake_http.respond(200, error_json(40125, "invalid appsecret"))
    assert deliver_messages([message.pk]).failed == [message.pk]
    message.refresh_from_db()
    assert message.error_code == "token_40125" and "invalid appsecret" in message.reason
    assert [r.path for r in fake_http.requests] == [TOKEN_PATH]
    assert WechatAccessToken.objects.get().refreshing_until is None  # the lease is released


def test_connection_refused_is_transient(wechat_settings, closed_port_url):
    wechat_settings.WECHAT_API_BASE = closed_port_url
    message = wechat_message()
    assert message.pk in deliver_messages([message.pk]).retry
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "connection_error")


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_a_missing_token_fetch_it_once():
    import threading

    from django.db import connection

    from channels_app.providers.wechat_token import SharedAccessToken, TokenBusy

    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections need PostgreSQL (SQLite's test database is one connection per thread)")
    workers, others_done, fetches, outcomes = 6, threading.Event(), [], []
    lock = threading.Lock()

    def fetch():
        fetches.append(threading.get_ident())
        others_done.wait(timeout=10)  # hold the lease until every other worker has tried
        return "TOKEN-ONE", 7200

    def worker():
        try:
            outcome = SharedAccessToken(WECHAT_APP_ID, fetch).get()
        except TokenBusy:
            outcome = "busy"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)
            if outcomes.count("busy") == workers - 1:
                others_done.set()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(fetches) == 1
    assert sorted(outcomes) == ["TOKEN-ONE"] + ["busy"] * (workers - 1)
    assert WechatAccessToken.objects.get().token == "TOKEN-ONE"
