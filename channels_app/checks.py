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
