"""Fixtures and helpers for the WeChat and Aliyun provider tests: settings pointing at `fake_http`, messages,
and pushes signed as WeChat signs them."""
from __future__ import annotations

import hashlib
import json

import pytest

from channels_app.models import MessageTemplate
from core import clock
from tests.factories import ContactFactory, MessageFactory

WECHAT_APP_ID = "wx1234567890abcdef"
WECHAT_SECRET = "wechat-app-secret-for-tests"
WECHAT_TOKEN = "wechat-push-token-for-tests"
OPENID = "oW3x5tL0pEnIdForTests_abcdEF"
ALIYUN_KEY_ID = "LTAI-test-key-id"
ALIYUN_SECRET = "aliyun-test-key-secret"
ALIYUN_SIGN = "旅程测试"


@pytest.fixture
def wechat_settings(settings, fake_http):
    settings.WECHAT_APP_ID = WECHAT_APP_ID
    settings.WECHAT_APP_SECRET = WECHAT_SECRET
    settings.WECHAT_TOKEN = WECHAT_TOKEN
    settings.WECHAT_API_BASE = fake_http.url
    settings.PROVIDER_TIMEOUT_SECONDS = 0.5
    return settings


@pytest.fixture
def aliyun_settings(settings, fake_http):
    settings.SMS_PROVIDER = "aliyun"
    settings.ALIYUN_ACCESS_KEY_ID = ALIYUN_KEY_ID
    settings.ALIYUN_ACCESS_KEY_SECRET = ALIYUN_SECRET
    settings.ALIYUN_SMS_SIGN_NAME = ALIYUN_SIGN
    settings.ALIYUN_SMS_ENDPOINT = fake_http.url
    settings.PROVIDER_TIMEOUT_SECONDS = 0.5
    return settings


def wechat_template(slug: str = "order-shipped", **fields) -> MessageTemplate:
    values = {"template_id": "TPL-shipped-001", "url": "https://shop.example.com/orders/{{ event.order_id }}",
              "data": {"first": "Hi {{ first_name }}, your order shipped", "keyword1": "{{ event.order_id }}"}}
    values.update(fields)
    return MessageTemplate.objects.get_or_create(slug=slug, defaults={"channel": "wechat", **values})[0]


def wechat_message(openid: str = OPENID, template: MessageTemplate | None = None, **fields):
    template = template or wechat_template()
    contact = ContactFactory(traits={"first_name": "Ada", "wechat_openid": openid})
    return MessageFactory(contact=contact, channel="wechat", template=template.slug, address=openid, **fields)


def aliyun_message(phone: str = "+8613800138000", **fields):
    template = MessageTemplate.objects.get_or_create(slug="verify-code", defaults={
        "channel": "sms", "body": "Your code is {{ event.code }}", "aliyun_template_code": "SMS_153055065",
        "data": {"code": "{{ code }}", "name": "{{ first_name }}"}})[0]
    contact = ContactFactory(phone=phone, traits={"first_name": "Ada", "code": "4321"})
    return MessageFactory(contact=contact, channel="sms", template=template.slug, address=phone, **fields)


def token_json(token: str = "ACCESS_TOKEN_1", expires_in: int = 7200) -> dict:
    return {"access_token": token, "expires_in": expires_in}


def sent_json(msgid: int = 200228332) -> dict:
    return {"errcode": 0, "errmsg": "ok", "msgid": msgid}


def error_json(code: int, message: str = "error") -> dict:
    return {"errcode": code, "errmsg": f"{message} rid: 6523b1a2-0e3f1c8d-4c1e"}


def wechat_query(token: str = WECHAT_TOKEN, timestamp: int | None = None, nonce: str = "461523819", **extra) -> dict:
    """The query string WeChat adds to a push: sha1 of the sorted token, timestamp and nonce."""
    timestamp = int(clock.now().timestamp()) if timestamp is None else timestamp
    signature = hashlib.sha1("".join(sorted([token, str(timestamp), nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": str(timestamp), "nonce": nonce, **extra}


def template_finish_xml(msgid: int, status: str = "success", openid: str = OPENID) -> str:
    return (f"<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
            f"</FromUserName><CreateTime>{int(clock.now().timestamp())}</CreateTime><MsgType><![CDATA[event]]>"
            f"</MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>{msgid}</MsgID>"
            f"<Status><![CDATA[{status}]]></Status></xml>")


def follow_xml(event: str = "unsubscribe", openid: str = OPENID, created: int = 1700000000) -> str:
    return (f"<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
            f"</FromUserName><CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event></xml>")


def aliyun_ok_json(biz_id: str = "900619746936498440^0") -> dict:
    return {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990"}


def aliyun_error_json(code: str, message: str = "refused") -> dict:
    return {"Code": code, "Message": message, "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990"}


def aliyun_report(message_id: int, biz_id: str = "900619746936498440^0", success: bool = True,
                  err_code: str = "DELIVERED", phone: str = "13800138000") -> dict:
    return {"phone_number": phone, "send_time": "2026-11-29 10:00:00", "report_time": "2026-11-29 10:00:05",
            "success": success, "err_code": err_code, "err_msg": "用户接收成功" if success else "失败",
            "sms_size": "1", "biz_id": biz_id, "out_id": str(message_id)}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
