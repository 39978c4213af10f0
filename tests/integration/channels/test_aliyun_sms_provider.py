"""SMS through the real Aliyun client (`alibabacloud-dysmsapi20170525`) against a local fake Aliyun: the
SMS_PROVIDER switch, the request (template code, parameters, mainland number form) and every error class."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from channels_app.models import Suppression
from channels_app.providers.aliyun_sms import AliyunSmsProvider, aliyun_number
from channels_app.providers.registry import provider_for
from channels_app.providers.twilio_sms import TwilioSmsProvider
from channels_app.services.delivery import deliver_messages
from core import clock
from tests.factories import MessageFactory
from tests.integration.channels.wechat_aliyun_support import (ALIYUN_KEY_ID, ALIYUN_SIGN, aliyun_error_json,
                                                              aliyun_message, aliyun_ok_json,
                                                              aliyun_settings)  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_sms_provider_switch_picks_aliyun_or_twilio(aliyun_settings, twilio_settings):
    assert isinstance(provider_for("sms"), AliyunSmsProvider)
    aliyun_settings.SMS_PROVIDER = "twilio"
    assert isinstance(provider_for("sms"), TwilioSmsProvider)


def test_aliyun_without_credentials_goes_to_the_sandbox(aliyun_settings):
    aliyun_settings.ALIYUN_ACCESS_KEY_SECRET = ""
    assert provider_for("sms").sandbox


@pytest.mark.parametrize("e164, expected", [("+8613800138000", "13800138000"), ("+85291234567", "85291234567"),
                                            ("+15550001111", "15550001111")])
def test_mainland_numbers_go_as_eleven_digits_others_with_their_country_code(e164, expected):
    assert aliyun_number(e164) == expected


def test_an_sms_is_sent_with_its_template_code_parameters_and_our_message_id(aliyun_settings, fake_http):
    # given
    message = aliyun_message()
    fake_http.respond(200, aliyun_ok_json("900619746936498440^0"))
    # when
    report = deliver_messages([message.pk])
    # then: one RPC call signed with our access key (ACS3), the parameters in the query string
    assert report.sent == [message.pk]
    (request,) = fake_http.requests
    assert (request.method, request.path, request.header("x-acs-action")) == ("POST", "/", "SendSms")
    assert request.header("Authorization").startswith(f"ACS3-HMAC-SHA256 Credential={ALIYUN_KEY_ID},")
    query = {k: v[0] for k, v in request.query.items()}
    assert query["PhoneNumbers"] == "13800138000" and query["SignName"] == ALIYUN_SIGN
    assert query["TemplateCode"] == "SMS_153055065" and query["OutId"] == str(message.pk)
    assert json.loads(query["TemplateParam"]) == {"code": "4321", "name": "Ada"}
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_id) == ("sent", "aliyun", "900619746936498440^0")


def test_an_sms_template_without_aliyun_code_fails_without_calling_aliyun(aliyun_settings, fake_http):
    message = MessageFactory()  # a Twilio-style template: body only
    assert deliver_messages([message.pk]).failed == [message.pk]
    message.refresh_from_db()
    assert message.error_code == "no_template_code" and fake_http.requests == []


TRANSIENT = ["isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "isp.SYSTEM_ERROR"]


@pytest.mark.parametrize("code", TRANSIENT)
def test_rate_limits_and_system_errors_are_retried_later(aliyun_settings, fake_http, code):
    message = aliyun_message()
    now = clock.now()
    fake_http.respond(200, aliyun_error_json(code, "触发分钟级流控Permits:1"))
    report = deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.error_code, message.attempts) == ("queued", code, 1)
    assert report.retry == {message.pk: 2.0} and message.not_before == now + timedelta(seconds=2)


PERMANENT = ["isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL",
             "isv.TEMPLATE_MISSING_PARAMETERS", "isv.BLACK_KEY_CONTROL_LIMIT", "isv.SOMETHING_NEW"]


@pytest.mark.parametrize("code", PERMANENT)
def test_refusals_fail_the_message_for_good(aliyun_settings, fake_http, code):
    message = aliyun_message()
    fake_http.respond(200, aliyun_error_json(code))
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk] and (message.status, message.error_code) == ("failed", code)
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("status, code, retried", [
    (400, "InvalidAccessKeyId.NotFound", False), (403, "SignatureDoesNotMatch", False),
    (400, "Throttling.User", True), (500, "InternalError", True), (503, "ServiceUnavailable", True)])
def test_http_errors_are_classified_by_code_then_status(aliyun_settings, fake_http, status, code, retried):
    message = aliyun_message()
    fake_http.respond(status, aliyun_error_json(code))
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.pk in report.retry) is retried and message.error_code == code
    assert message.status == ("queued" if retried else "failed")


def test_connection_refused_is_transient(aliyun_settings, closed_port_url):
    aliyun_settings.ALIYUN_SMS_ENDPOINT = closed_port_url
    message = aliyun_message()
    assert message.pk in deliver_messages([message.pk]).retry
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "connection_error")


@pytest.fixture
def china_midday():
    """Attempts at noon in China: Aliyun's send log is asked about one calendar day."""
    clock.set_time(datetime(2026, 11, 29, 4, 0, tzinfo=timezone.utc))
    yield
    clock.set_time(None)


def send_log(*out_ids: str) -> dict:
    details = [{"OutId": out_id, "PhoneNum": "13800138000", "SendStatus": 3, "ErrCode": "DELIVERED",
                "TemplateCode": "SMS_153055065", "Content": "【旅程测试】4321", "SendDate": "2026-11-29 10:00:00"}
               for out_id in out_ids]
    return {"Code": "OK", "Message": "OK", "RequestId": "R", "TotalCount": len(details),
            "SmsSendDetailDTOs": {"SmsSendDetailDTO": details}}


def test_a_timeout_is_resent_only_after_aliyuns_send_log_shows_it_was_not_accepted(aliyun_settings, fake_http,
                                                                                   china_midday):
    # given Aliyun answers too late the first time
    message = aliyun_message()
    now = clock.now()
    fake_http.respond(200, aliyun_ok_json(), delay=1.5)
    assert message.pk in deliver_messages([message.pk], now=now).retry
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "timeout")
    # when the retry comes and the send log has other messages only
    fake_http.respond(200, send_log("999999"))
    fake_http.respond(200, aliyun_ok_json("BIZ-2"))
    deliver_messages([message.pk], now=now + timedelta(seconds=5))
    # then it looked (QuerySendDetails for that number), then sent
    actions = [r.header("x-acs-action") for r in fake_http.requests[1:]]
    assert actions == ["QuerySendDetails", "SendSms"]
    assert fake_http.requests[1].query["PhoneNumber"] == ["13800138000"]
    assert fake_http.requests[1].query["SendDate"] == ["20261129"]
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "BIZ-2")


def test_a_timeout_that_aliyun_did_accept_is_not_sent_again(aliyun_settings, fake_http, china_midday):
    message = aliyun_message()
    now = clock.now()
    fake_http.respond(200, aliyun_ok_json(), delay=1.5)
    deliver_messages([message.pk], now=now)
    fake_http.respond(200, send_log(str(message.pk)))
    assert deliver_messages([message.pk], now=now + timedelta(seconds=5)).sent == [message.pk]
    assert [r.header("x-acs-action") for r in fake_http.requests].count("SendSms") == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_throttling_waits_as_long_as_aliyun_asks(aliyun_settings, fake_http):
    message = aliyun_message()
    fake_http.respond(429, aliyun_error_json("Throttling.User"), headers={"x-acs-retry-after": "30000"})
    assert deliver_messages([message.pk]).retry == {message.pk: 30.0}


def check_ids(settings) -> set[str]:
    from channels_app.checks import check_wechat_and_aliyun

    return {problem.id for problem in check_wechat_and_aliyun()}


def test_system_checks_name_a_wrong_or_half_configured_sms_provider(aliyun_settings):
    aliyun_settings.PUBLIC_BASE_URL = "https://journeys.example.com"
    assert check_ids(aliyun_settings) == set()
    aliyun_settings.ALIYUN_SMS_SIGN_NAME = ""
    assert check_ids(aliyun_settings) == {"channels.W011"}
    aliyun_settings.SMS_PROVIDER = "nexmo"
    assert "channels.E010" in check_ids(aliyun_settings)


def test_system_check_warns_when_wechat_pushes_cannot_be_verified(settings):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, settings.WECHAT_TOKEN = "wx1", "secret", ""
    assert "channels.W010" in check_ids(settings)
    settings.WECHAT_TOKEN = "token"
    assert "channels.W010" not in check_ids(settings)
