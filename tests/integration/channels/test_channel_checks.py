"""System checks that catch channel settings which would fail quietly at run time."""
from channels_app.checks import check_channel_callbacks
from tests.integration.channels.conftest import SendGridSigner


def ids(settings):
    return [problem.id for problem in check_channel_callbacks()]


def test_twilio_with_a_local_public_url_is_flagged(settings):
    settings.TWILIO_ACCOUNT_SID, settings.PUBLIC_BASE_URL = "AC1", "http://127.0.0.1:8000"
    settings.SENDGRID_API_KEY = settings.SENDGRID_WEBHOOK_PUBLIC_KEY = ""
    assert ids(settings) == ["channels.W001"]
    settings.PUBLIC_BASE_URL = "https://journeys.example.com"
    assert ids(settings) == []


def test_sendgrid_without_a_webhook_key_or_with_a_bad_one_is_flagged(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    settings.SENDGRID_API_KEY, settings.SENDGRID_WEBHOOK_PUBLIC_KEY = "SG.x", ""
    assert ids(settings) == ["channels.W002"]
    settings.SENDGRID_WEBHOOK_PUBLIC_KEY = "not-a-key"
    assert ids(settings) == ["channels.E001"]
    settings.SENDGRID_WEBHOOK_PUBLIC_KEY = SendGridSigner().public_key
    assert ids(settings) == []
