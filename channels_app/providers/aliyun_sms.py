"""SMS through Aliyun (`alibabacloud-dysmsapi20170525`). The only module that touches that SDK.

Aliyun sends only templates registered with it: an SMS template names its `aliyun_template_code`, and
its `data` fields (rendered) are the TemplateParam. Mainland numbers go as the 11-digit national number,
others as country code and number without "+" (Aliyun's format). OutId carries our message id, which
the delivery report (SmsReport) echoes with the BizId Aliyun answered (channels_app/services/aliyun_reports.py).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import phonenumbers
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_dysmsapi20170525.models import QuerySendDetailsRequest, SendSmsRequest
from alibabacloud_tea_openapi.models import Config
from Tea.exceptions import TeaException

from channels_app.providers import errors
from channels_app.providers.base import OutboundMessage, Provider, SendResult

ALIYUN_SMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"

# https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
TRANSIENT = {
    "isv.BUSINESS_LIMIT_CONTROL": "per-number send rate limit",
    "isv.DAY_LIMIT_CONTROL": "daily send limit reached",
    "isv.AMOUNT_NOT_ENOUGH": "account balance too low",
    "isv.OUT_OF_SERVICE": "account out of service (arrears)",
    "isp.SYSTEM_ERROR": "Aliyun system error",
    "isp.GATEWAY_ERROR": "carrier gateway error",
    "Throttling": "throttled", "Throttling.User": "throttled", "Throttling.Api": "throttled",
    "SignatureNonceUsed": "request nonce reused",
}
PERMANENT = {
    "isv.MOBILE_NUMBER_ILLEGAL": "invalid phone number",
    "isv.MOBILE_COUNT_OVER_LIMIT": "too many phone numbers",
    "isv.TEMPLATE_MISSING_PARAMETERS": "template parameters missing",
    "isv.INVALID_PARAMETERS": "invalid parameters",
    "isv.INVALID_JSON_PARAM": "TemplateParam is not valid JSON",
    "isv.PARAM_LENGTH_LIMIT": "a template parameter is too long",
    "isv.PARAM_NOT_SUPPORT_URL": "template parameters may not be URLs",
    "isv.SMS_TEMPLATE_ILLEGAL": "template code unknown or not approved",
    "isv.SMS_SIGNATURE_ILLEGAL": "sign name unknown or not approved",
    "isv.BLACK_KEY_CONTROL_LIMIT": "content hits a blocked keyword",
    "isv.SMS_CONTENT_ILLEGAL": "content refused",
    "isp.RAM_PERMISSION_DENY": "the access key may not send SMS",
    "InvalidAccessKeyId.NotFound": "unknown access key", "SignatureDoesNotMatch": "wrong access key secret",
}
MAINLAND = 86
CHINA = ZoneInfo("Asia/Shanghai")  # Aliyun's send log is kept by China's calendar day
RECONCILE_SLACK = timedelta(minutes=10)


def aliyun_number(e164: str) -> str:
    """+8613800138000 -> 13800138000; +85212345678 -> 85212345678 (Aliyun's forms)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164.lstrip("+")
    if number.country_code == MAINLAND:
        return phonenumbers.national_significant_number(number)
    return f"{number.country_code}{phonenumbers.national_significant_number(number)}"


class AliyunSmsProvider(Provider):
    name = "aliyun"

    def __init__(self, *, access_key_id: str, access_key_secret: str, sign_name: str,
                 endpoint: str = ALIYUN_SMS_ENDPOINT, timeout: float = 10.0):
        parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        millis = int(timeout * 1000)
        self.sign_name = sign_name
        self.client = Client(Config(access_key_id=access_key_id, access_key_secret=access_key_secret,
                                    endpoint=parts.netloc, protocol=parts.scheme or "https",
                                    read_timeout=millis, connect_timeout=millis))

    def send(self, message: OutboundMessage) -> SendResult:
        content = message.content or {}
        code = str(content.get("aliyun_template_code") or "")
        if not code:
            return SendResult(status="failed", error_code="no_template_code",
                              detail="the SMS template has no aliyun_template_code: Aliyun sends registered "
                                     "templates only")
        params = content.get("template_param") or {}
        request = SendSmsRequest(phone_numbers=aliyun_number(message.to), sign_name=self.sign_name,
                                 template_code=code, out_id=str(message.message_id),
                                 template_param=json.dumps(params, ensure_ascii=False) if params else None)
        try:
            response = self.client.send_sms(request)
        except TeaException as exc:
            return aliyun_exception(exc)
        body = response.body
        if body is None or body.code != "OK":
            return aliyun_failure(getattr(body, "code", "") or "", getattr(body, "message", "") or "",
                                  response.status_code)
        return SendResult(provider_id=body.biz_id or "", status="sent", response_code=response.status_code,
                          detail=f"accepted by Aliyun (request {body.request_id})")

    def reconcile(self, message: OutboundMessage) -> SendResult | None:
        """Did Aliyun accept this message before we lost its answer? Its send log (QuerySendDetails) lists the
        number's messages of a day with the OutId we gave: ours is our message id. None: cannot ask now."""
        since = message.previous_attempt_at
        if since is None:
            return None
        # Its day, and the next one when the attempt was just before midnight there.
        days = {(since + slack).astimezone(CHINA).strftime("%Y%m%d") for slack in (timedelta(0), RECONCILE_SLACK)}
        try:
            for day in sorted(days):
                answer = self.client.query_send_details(QuerySendDetailsRequest(
                    phone_number=aliyun_number(message.to), send_date=day, page_size=50, current_page=1)).body
                if answer is None or answer.code != "OK":
                    return None
                found = answer.sms_send_detail_dtos.sms_send_detail_dto if answer.sms_send_detail_dtos else []
                if any(str(detail.out_id or "") == str(message.message_id) for detail in found):
                    return SendResult(status="sent", detail="found in Aliyun's send log after an interrupted attempt")
        except TeaException:
            return None
        return SendResult(status="failed", retryable=True, error_code="not_found",
                          detail="not in Aliyun's send log: safe to send again")


def aliyun_failure(code: str, message: str, status: int | None = None, retry_after: float | None = None) -> SendResult:
    """An Aliyun error code: known transient ones retry later, every other refusal is final."""
    if code in TRANSIENT:
        return SendResult(status="failed", retryable=True, error_code=code[:50], response_code=status,
                          retry_after=retry_after, detail=f"Aliyun {code}: {TRANSIENT[code]}. {message}"[:500])
    if code in PERMANENT or (status is not None and status < 500 and code):
        return SendResult(status="failed", error_code=code[:50], response_code=status,
                          detail=f"Aliyun {code}: {PERMANENT.get(code, 'refused')}. {message}"[:500])
    return errors.http_failure(status or 502, detail=f"Aliyun {code or status}: {message}", error_code=code[:50])


def aliyun_exception(exc: TeaException) -> SendResult:
    """An HTTP error answer (the SDK raises with the code) or transport trouble (no status at all)."""
    status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
    if status:
        wait_ms = getattr(exc, "retry_after", None)  # x-acs-retry-after, in milliseconds
        return aliyun_failure(str(exc.code or ""), str(exc.message or ""), int(status),
                              wait_ms / 1000 if wait_ms else None)
    text = str(exc)
    if any(s in text for s in ("NewConnectionError", "Connection refused", "Failed to establish", "NameResolution",
                               "ConnectTimeout", "connect timeout")):
        return errors.transport_failure(errors.CONNECTION_ERROR, text)
    if "timed out" in text:
        return errors.transport_failure(errors.TIMEOUT, text)
    return errors.transport_failure(errors.CONNECTION_RESET, text)


# --- delivery reports ------------------------------------------------------------------------------
# Aliyun signs no HTTP batch push (its SmsReport documentation lists no signature or credentials), so the
# report URL configured in its console carries a secret derived from the access key secret, and each
# report must also name a BizId Aliyun gave us (services/aliyun_reports.py).

REPORT_TOKEN_CONTEXT = b"journeys aliyun sms-report v1"


def report_token(access_key_secret: str) -> str:
    return hmac.new(access_key_secret.encode(), REPORT_TOKEN_CONTEXT, hashlib.sha256).hexdigest()[:40]


def report_token_is_valid(access_key_secret: str, token: str) -> bool:
    return bool(access_key_secret and token) and hmac.compare_digest(report_token(access_key_secret), token)


def report_url(public_base_url: str, access_key_secret: str) -> str:
    """What to enter as the SmsReport HTTP push URL in Aliyun's console."""
    return f"{public_base_url.rstrip('/')}/webhooks/aliyun/sms-report?token={report_token(access_key_secret)}"
