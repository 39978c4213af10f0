"""Which provider serves a channel: the real one when its credentials are set, else the sandbox.

- sms: Aliyun when SMS_PROVIDER=aliyun and ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET and
  ALIYUN_SMS_SIGN_NAME are set; else Twilio when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER or
  TWILIO_MESSAGING_SERVICE_SID are set;
- email: SendGrid when SENDGRID_API_KEY and SENDGRID_FROM_EMAIL are set;
- webhook: real HTTP when the WEBHOOK_DELIVERY setting is on (off by default, so that
  a demo or a test never posts to the example URLs of its templates);
- wechat: the Official Account when WECHAT_APP_ID and WECHAT_APP_SECRET are set;
- inapp: always real: its "provider" is our own database and websocket.
"""
from __future__ import annotations

import threading

from django.conf import settings

from channels_app import conf
from channels_app.providers.base import Provider
from channels_app.providers.sandbox import SandboxProvider

# Tests swap providers in here (see tests/integration fixtures); keys are channel names.
_overrides: dict[str, Provider] = {}
# Built providers, keyed by their configuration: a settings change (override_settings) builds anew,
# an unchanged one reuses the SDK client and its connection pool.
_built: dict[tuple, Provider] = {}
_lock = threading.Lock()


def _timeout() -> float:
    return conf.provider_timeout_seconds()


def _configuration(channel: str) -> tuple | None:
    """The settings a real provider for `channel` is built from, or None when it has none (sandbox)."""
    if channel == "sms" and conf.sms_provider() == "aliyun":
        key, secret, sign = conf.aliyun_access_key_id(), conf.aliyun_access_key_secret(), conf.aliyun_sms_sign_name()
        if not (key and secret and sign):
            return None
        return ("aliyun", key, secret, sign, conf.aliyun_sms_endpoint(), _timeout())
    if channel == "wechat":
        app_id, secret = conf.wechat_app_id(), conf.wechat_app_secret()
        return ("wechat", app_id, secret, conf.wechat_api_base(), _timeout()) if app_id and secret else None
    if channel == "sms":
        sid, token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
        if sid and token and (settings.TWILIO_FROM_NUMBER or settings.TWILIO_MESSAGING_SERVICE_SID):
            return ("sms", sid, token, settings.TWILIO_FROM_NUMBER, settings.TWILIO_MESSAGING_SERVICE_SID,
                    settings.TWILIO_API_BASE, _timeout())
        return None
    if channel == "email":
        if settings.SENDGRID_API_KEY and settings.SENDGRID_FROM_EMAIL:
            return ("email", settings.SENDGRID_API_KEY, settings.SENDGRID_FROM_EMAIL, settings.SENDGRID_API_HOST,
                    _timeout())
        return None
    if channel == "webhook":
        return ("webhook", _timeout()) if conf.webhook_delivery() else None
    if channel == "inapp":
        return ("inapp",)
    return None


def _build(configuration: tuple) -> Provider:
    channel = configuration[0]
    if channel == "aliyun":
        from channels_app.providers.aliyun_sms import AliyunSmsProvider

        _, key, secret, sign, endpoint, timeout = configuration
        return AliyunSmsProvider(access_key_id=key, access_key_secret=secret, sign_name=sign, endpoint=endpoint,
                                 timeout=timeout)
    if channel == "wechat":
        from channels_app.providers.wechat import WeChatTemplateProvider

        _, app_id, secret, api_base, timeout = configuration
        return WeChatTemplateProvider(app_id=app_id, app_secret=secret, api_base=api_base, timeout=timeout)
    if channel == "sms":
        from channels_app.providers.twilio_sms import TwilioSmsProvider

        _, sid, token, from_number, service_sid, api_base, timeout = configuration
        return TwilioSmsProvider(account_sid=sid, auth_token=token, from_number=from_number,
                                 messaging_service_sid=service_sid, api_base=api_base, timeout=timeout)
    if channel == "email":
        from channels_app.providers.sendgrid_email import SendGridEmailProvider

        _, api_key, from_email, api_host, timeout = configuration
        return SendGridEmailProvider(api_key=api_key, from_email=from_email, api_host=api_host, timeout=timeout)
    if channel == "webhook":
        from channels_app.providers.webhook import WebhookProvider

        return WebhookProvider(timeout=configuration[1])
    from channels_app.providers.inapp import InAppProvider

    return InAppProvider()


def provider_for(channel: str) -> Provider:
    if channel in _overrides:
        return _overrides[channel]
    configuration = _configuration(channel)
    if configuration is None:
        return SandboxProvider(channel)
    provider = _built.get(configuration)
    if provider is None:
        with _lock:
            provider = _built.get(configuration)
            if provider is None:
                provider = _built[configuration] = _build(configuration)
    return provider


def override_provider(channel: str, provider: Provider | None) -> None:
    if provider is None:
        _overrides.pop(channel, None)
    else:
        _overrides[channel] = provider
