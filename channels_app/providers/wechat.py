"""WeChat Official Account template messages through the `wechatpy` library. The only module that sends with it.

The address is the contact's `wechat_openid`; the content is a template id, its fields and a link.
The access token is shared by all workers (wechat_token.py): wechatpy's own refresh-and-retry is off,
because it retries without end and each worker would fetch (and so revoke) tokens on its own. A token
WeChat refuses is replaced once and the message sent again once; anything else is classified below.
"""
from __future__ import annotations

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from channels_app.providers import errors
from channels_app.providers.base import OutboundMessage, Provider, SendResult
from channels_app.providers.wechat_token import SharedAccessToken, TokenBusy

WECHAT_API_BASE = "https://api.weixin.qq.com"

# https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
TOKEN_REFUSED = {40001: "invalid credential", 40014: "invalid access_token", 42001: "access_token expired"}
TRANSIENT = {-1: "system busy", 45009: "API call frequency limit reached",
             45047: "out of the recipient's message limit"}
# The recipient cannot get messages from the account: never send to this openid again (until re-added).
SUPPRESSING = {40003: "invalid openid", 43004: "the recipient does not follow the account",
               43019: "the recipient is on the account's blacklist"}
PERMANENT = {40037: "invalid template_id", 47003: "template data invalid", 41028: "invalid form_id or no url",
             48001: "API unauthorized for this account"}
BUSY_RETRY_SECONDS = 2.0


class TokenFetchError(WeChatClientException):
    """WeChat refused to give us an access token (wrong AppSecret, IP not whitelisted, rate limit)."""


class _TimeoutSession(requests.Session):
    """wechatpy fetches tokens without a timeout: every request of this client gets one."""

    def __init__(self, timeout: float):
        super().__init__()
        self.default_timeout = timeout

    def request(self, method, url, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, **kwargs)


class SharedTokenClient(WeChatClient):
    """A WeChatClient that talks to `api_base` (token fetch included) and reads the shared token."""

    def __init__(self, app_id: str, secret: str, api_base: str, timeout: float):
        super().__init__(app_id, secret, timeout=timeout, auto_retry=False)
        self.API_BASE_URL = f"{api_base.rstrip('/')}/cgi-bin/"
        self._http = _TimeoutSession(timeout)
        self.shared = SharedAccessToken(app_id, self._fetch_new)

    def fetch_access_token(self):
        # wechatpy hard-codes https://api.weixin.qq.com/cgi-bin/token here.
        return self._fetch_access_token(url=self.API_BASE_URL + "token", params={
            "grant_type": "client_credential", "appid": self.appid, "secret": self.secret})

    def _fetch_new(self) -> tuple[str, int]:
        try:
            result = self.fetch_access_token()
        except WeChatClientException as exc:  # not a refused token: the account's credentials or WeChat itself
            raise TokenFetchError(exc.errcode, exc.errmsg, response=exc.response) from exc
        return result["access_token"], int(result.get("expires_in") or 7200)

    @property
    def access_token(self):
        return self.shared.get()


class WeChatTemplateProvider(Provider):
    name = "wechat"

    def __init__(self, *, app_id: str, app_secret: str, api_base: str = WECHAT_API_BASE, timeout: float = 10.0):
        self.client = SharedTokenClient(app_id, app_secret, api_base, timeout)

    def send(self, message: OutboundMessage) -> SendResult:
        content = message.content or {}
        template_id = str(content.get("template_id") or "")
        if not template_id:
            return SendResult(status="failed", error_code="no_template_id",
                              detail="the WeChat template has no template_id")
        data = {name: {"value": str(value)} for name, value in (content.get("data") or {}).items()}
        try:
            try:
                answer = self._send(message.to, template_id, data, content.get("url") or None)
            except WeChatClientException as exc:
                if isinstance(exc, TokenFetchError) or exc.errcode not in TOKEN_REFUSED:
                    raise
                self.client.shared.replace(self.client.shared.last_used)  # once: a second refusal is classified
                answer = self._send(message.to, template_id, data, content.get("url") or None)
        except TokenBusy as exc:
            return SendResult(status="failed", retryable=True, error_code="token_refreshing", detail=str(exc),
                              retry_after=BUSY_RETRY_SECONDS)
        except WeChatClientException as exc:
            return wechat_failure(exc)
        except requests.RequestException as exc:
            return errors.requests_failure(exc)
        msgid = answer.get("msgid") if isinstance(answer, dict) else None
        return SendResult(provider_id=str(msgid or ""), status="sent", response_code=200,
                          detail=f"accepted by WeChat (msgid {msgid})")

    def _send(self, openid: str, template_id: str, data: dict, url: str | None):
        return self.client.message.send_template(openid, template_id, data, url=url)


def wechat_failure(exc: WeChatClientException) -> SendResult:
    """A WeChat API error (its errcode decides) or a non-2xx answer (errcode None: the HTTP status decides)."""
    code = exc.errcode
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if code is None:
        return errors.http_failure(status or 502, getattr(response, "headers", None),
                                   detail=f"WeChat answered HTTP {status}")
    if isinstance(exc, TokenFetchError):
        return SendResult(status="failed", retryable=code in TRANSIENT, error_code=f"token_{code}",
                          response_code=status, detail=f"WeChat refused an access token ({code}): {exc.errmsg}"[:500])
    if code in SUPPRESSING:
        return SendResult(status="failed", error_code=str(code), response_code=status,
                          detail=_detail(code, SUPPRESSING[code], exc.errmsg),
                          suppress_reason=f"wechat {code}: {SUPPRESSING[code]}")
    if code in TRANSIENT or code in TOKEN_REFUSED:  # a token refused twice: WeChat is mid-rotation, try later
        return SendResult(status="failed", retryable=True, error_code=str(code), response_code=status,
                          detail=_detail(code, TRANSIENT.get(code) or TOKEN_REFUSED[code], exc.errmsg))
    return SendResult(status="failed", error_code=str(code), response_code=status,
                      detail=_detail(code, PERMANENT.get(code, "refused"), exc.errmsg))


def _detail(code: int, what: str, errmsg) -> str:
    return f"WeChat {code}: {what}. {errmsg}"[:500]
