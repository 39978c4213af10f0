"""System checks for channel settings that would fail quietly at run time."""
from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@register(Tags.compatibility)
def check_channel_callbacks(app_configs=None, **kwargs):
    problems = []
    public_host = urlparse(settings.PUBLIC_BASE_URL).hostname or ""
    if settings.TWILIO_ACCOUNT_SID and public_host in LOCAL_HOSTS:
        problems.append(Warning(
            f"Twilio is configured but PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL}: Twilio cannot reach the status "
            "callback or verify its signature against that URL.",
            hint="Set PUBLIC_BASE_URL to the https address Twilio calls (a tunnel such as ngrok in development).",
            id="channels.W001"))
    if settings.SENDGRID_API_KEY and not settings.SENDGRID_WEBHOOK_PUBLIC_KEY:
        problems.append(Warning(
            "SendGrid is configured without SENDGRID_WEBHOOK_PUBLIC_KEY: every Event Webhook post will be refused "
            "(403), so no delivered / bounce / open events and no automatic suppressions.",
            hint="Enable the Signed Event Webhook in SendGrid and copy its verification key.", id="channels.W002"))
    if settings.SENDGRID_WEBHOOK_PUBLIC_KEY:
        from sendgrid.helpers.eventwebhook import EventWebhook

        try:
            EventWebhook(settings.SENDGRID_WEBHOOK_PUBLIC_KEY)
        except Exception:  # noqa: BLE001 — any parse failure means the same thing
            problems.append(Error("SENDGRID_WEBHOOK_PUBLIC_KEY is not a base64 DER public key as SendGrid shows it.",
                                  id="channels.E001"))
    return problems


@register(Tags.compatibility)
def check_wechat_and_aliyun(app_configs=None, **kwargs):
    from channels_app import conf

    problems = []
    if conf.wechat_app_id() and conf.wechat_app_secret() and not conf.wechat_token():
        problems.append(Warning(
            "WeChat is configured without WECHAT_TOKEN: every push to /webhooks/wechat will be refused (403), so no "
            "template delivery results and no unfollow suppressions.",
            hint="Set WECHAT_TOKEN to the Token of the Official Account's server configuration.", id="channels.W010"))
    provider = conf.sms_provider()
    if provider not in ("twilio", "aliyun"):
        problems.append(Error(f"SMS_PROVIDER is {provider!r}: it must be twilio or aliyun.", id="channels.E010"))
    aliyun_keys = conf.aliyun_access_key_id() and conf.aliyun_access_key_secret() and conf.aliyun_sms_sign_name()
    if provider == "aliyun" and not aliyun_keys:
        problems.append(Warning(
            "SMS_PROVIDER is aliyun but ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET or ALIYUN_SMS_SIGN_NAME is "
            "missing: SMS goes to the sandbox.", id="channels.W011"))
    if provider == "aliyun" and aliyun_keys and (urlparse(settings.PUBLIC_BASE_URL).hostname or "") in LOCAL_HOSTS:
        problems.append(Warning(
            f"Aliyun SMS is configured but PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL}: Aliyun cannot reach the "
            "delivery report URL.", hint="Run `manage.py aliyun_report_url` once PUBLIC_BASE_URL is public.",
            id="channels.W012"))
    return problems
