"""/webhooks/wechat: WeChat's signature (sha1 of the sorted token, timestamp, nonce), the URL check echo, template
send results and unfollowing. Forged or stale pushes get 403 and change nothing; repeats change nothing."""
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from channels_app.models import Suppression
from core import clock
from tests.integration.channels.wechat_aliyun_support import (OPENID, follow_xml, template_finish_xml,
                                                              wechat_message, wechat_query,
                                                              wechat_settings)  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
URL = "/webhooks/wechat"


def push(client, xml: str, query: dict | None = None):
    return client.post(f"{URL}?{urlencode(query or wechat_query(openid=OPENID))}", data=xml,
                       content_type="text/xml")


def sent_message(msgid: int = 200228332, **fields):
    return wechat_message(status="sent", provider="wechat", provider_id=str(msgid), **fields)


def test_the_url_check_echoes_echostr_when_signed(client, wechat_settings):
    response = client.get(URL, wechat_query(echostr="5838479218127813673"))
    assert response.status_code == 200 and response.content == b"5838479218127813673"


@pytest.mark.parametrize("query", [
    pytest.param(lambda: wechat_query(token="not-our-token", echostr="x"), id="wrong token"),
    pytest.param(lambda: {**wechat_query(echostr="x"), "nonce": "tampered"}, id="tampered nonce"),
    pytest.param(lambda: {"echostr": "x"}, id="unsigned"),
    pytest.param(lambda: wechat_query(timestamp=int((clock.now() - timedelta(hours=1)).timestamp()), echostr="x"),
                 id="stale timestamp"),
])
def test_forged_or_stale_requests_are_refused(client, wechat_settings, query):
    assert client.get(URL, query()).status_code == 403


def test_without_wechat_token_every_push_is_refused(client, wechat_settings):
    wechat_settings.WECHAT_TOKEN = ""
    assert client.get(URL, wechat_query(token="", echostr="x")).status_code == 403


def test_template_send_success_marks_the_message_delivered_once(client, wechat_settings):
    message = sent_message()
    assert push(client, template_finish_xml(200228332)).content == b"success"
    message.refresh_from_db()
    assert message.status == "delivered"
    # WeChat retries a push: the repeat changes nothing
    assert push(client, template_finish_xml(200228332)).status_code == 200
    assert message.events.filter(kind="delivered").count() == 1


def test_a_forged_push_changes_nothing(client, wechat_settings):
    message = sent_message()
    response = push(client, template_finish_xml(200228332), wechat_query(token="guessed"))
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "sent" and not message.events.exists()


def test_user_block_is_undelivered_and_suppresses_the_openid(client, wechat_settings):
    message = sent_message()
    push(client, template_finish_xml(200228332, status="failed:user block"))
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("undelivered", "user_block")
    assert Suppression.objects.get().address == OPENID


def test_a_system_failure_is_undelivered_without_suppressing(client, wechat_settings):
    message = sent_message()
    push(client, template_finish_xml(200228332, status="failed: system failed"))
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("undelivered", "system_failed")
    assert not Suppression.objects.exists()


def test_a_result_for_another_openid_or_msgid_moves_nothing(client, wechat_settings):
    message = sent_message()
    push(client, template_finish_xml(200228332, openid="oSomeoneElse_0000000000000000"))
    push(client, template_finish_xml(999))
    message.refresh_from_db()
    assert message.status == "sent"


def test_unfollowing_suppresses_the_openid_and_following_again_lifts_it(client, wechat_settings):
    message = sent_message()
    assert push(client, follow_xml("unsubscribe")).status_code == 200
    suppression = Suppression.objects.get()
    assert (suppression.channel, suppression.address) == ("wechat", OPENID)
    assert message.events.filter(kind="unsubscribe").count() == 1
    push(client, follow_xml("unsubscribe"))  # repeated
    assert Suppression.objects.count() == 1
    push(client, follow_xml("subscribe", created=1700000100))
    assert not Suppression.objects.exists()


def test_following_again_keeps_an_operators_blacklist(client, wechat_settings):
    Suppression.objects.create(channel="wechat", address=OPENID, reason="complained to support")
    push(client, follow_xml("subscribe"))
    assert Suppression.objects.count() == 1


@pytest.mark.parametrize("body", ["not xml", "<xml><MsgType>", '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>'])
def test_malformed_or_entity_laden_xml_is_a_bad_request(client, wechat_settings, body):
    assert push(client, body).status_code == 400


def test_a_journey_sends_wechat_through_the_real_client_and_the_push_marks_it_delivered(
        client, runner, wechat_settings, fake_http):
    from channels_app.models import Message
    from tests.integration.channels.wechat_aliyun_support import sent_json, token_json, wechat_template
    from tests.integration.runtime.conftest import chain, live_journey

    # given a live journey whose send step uses the wechat channel
    wechat_template(slug="shipped")
    live_journey(chain(("t", "trigger", {"event": "shipped"}), ("s", "send", {"channel": "wechat",
                                                                               "template": "shipped"}),
                       ("x", "exit", {})))
    fake_http.respond(200, token_json("TOKEN-A"))
    fake_http.respond(200, sent_json(4242))
    # when a contact with an openid triggers it
    runner.identify("ada", first_name="Ada", wechat_openid=OPENID)
    runner.track("ada", "shipped", order_id="A-7")
    # then the template went to WeChat, rendered with the event
    message = Message.objects.get()
    assert (message.channel, message.address, message.status, message.provider_id) == (
        "wechat", OPENID, "sent", "4242")
    assert fake_http.requests[1].json["url"] == "https://shop.example.com/orders/A-7"
    # and WeChat's signed push of the result marks it delivered
    push(client, template_finish_xml(4242))
    message.refresh_from_db()
    assert message.status == "delivered"


def test_after_unfollowing_a_journey_send_to_the_openid_is_suppressed(client, runner, wechat_settings, fake_http):
    from channels_app.models import Message
    from tests.integration.channels.wechat_aliyun_support import wechat_template
    from tests.integration.runtime.conftest import chain, live_journey

    wechat_template(slug="shipped")
    live_journey(chain(("t", "trigger", {"event": "shipped"}),
                       ("s", "send", {"channel": "wechat", "template": "shipped"}), ("x", "exit", {})))
    push(client, follow_xml("unsubscribe"))
    runner.identify("ada", wechat_openid=OPENID)
    runner.track("ada", "shipped")
    message = Message.objects.get()
    assert message.status == "suppressed" and message.reason.startswith("blacklisted on wechat")
    assert fake_http.requests == []
