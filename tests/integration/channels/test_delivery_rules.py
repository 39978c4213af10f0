"""Delivery service rules that hold for every provider: retries, give-ups, never twice, template errors, registry."""
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client

from channels_app.services.delivery import deliver_messages, record_result, retry_delay_seconds
from channels_app.models import SandboxDelivery
from channels_app.providers.base import OutboundMessage, Provider, SendResult
from channels_app.providers.registry import override_provider, provider_for
from core import clock
from tests.factories import MessageFactory, MessageTemplateFactory
from tests.integration.channels.conftest import PUBLIC_BASE_URL, twilio_message_json, twilio_signature

pytestmark = pytest.mark.django_db


class ScriptedProvider(Provider):
    name = "scripted"

    def __init__(self, *results):
        self.results = list(results)
        self.sent: list[OutboundMessage] = []

    def send(self, message):
        self.sent.append(message)
        return self.results.pop(0)


@pytest.fixture
def scripted():
    providers = []

    def install(channel, *results):
        provider = ScriptedProvider(*results)
        override_provider(channel, provider)
        providers.append(channel)
        return provider

    yield install
    for channel in providers:
        override_provider(channel, None)


def test_backoff_doubles_up_to_ten_minutes_and_honours_the_provider():
    assert [retry_delay_seconds(n) for n in (1, 2, 3, 9, 10, 20)] == [2, 4, 8, 512, 600, 600]
    assert retry_delay_seconds(3, retry_after=0) == 1.0
    assert retry_delay_seconds(3, retry_after=90) == 90.0
    assert retry_delay_seconds(3, retry_after=10**6) == 3600.0


def test_the_sandbox_records_the_request_and_is_marked_in_the_log(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    message = MessageFactory()
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.provider) == ("sent", "sandbox")
    record = SandboxDelivery.objects.get(message=message)
    assert record.request == {"to": "+15550001111", "content": {"body": "Hi Ada"}, "idempotency_key": f"msg-{message.pk}"}


def test_a_message_is_only_claimed_while_queued(scripted):
    provider = scripted("sms", SendResult(provider_id="p1"))
    message = MessageFactory()
    deliver_messages([message.pk])
    deliver_messages([message.pk])  # a redelivered actor message
    assert len(provider.sent) == 1


def test_a_template_that_does_not_compile_fails_for_good(scripted):
    provider = scripted("sms")
    MessageTemplateFactory(slug="broken", channel="sms", body="{% if %}")
    message = MessageFactory(template="broken")
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk] and (message.status, message.error_code) == ("failed", "template_error")
    assert provider.sent == []


def test_a_deleted_template_fails_the_message(scripted):
    scripted("sms")
    message = MessageFactory(template="gone-template")
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "template_error")


def test_a_provider_bug_is_retried_not_lost(scripted):
    class Broken(Provider):
        name = "broken"

        def send(self, message):
            raise RuntimeError("boom")

    override_provider("sms", Broken())
    try:
        message = MessageFactory()
        report = deliver_messages([message.pk])
    finally:
        override_provider("sms", None)
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "provider_error") and message.pk in report.retry


def test_the_provider_gets_content_rendered_with_journey_and_message_context(scripted, public_base_url):
    from tests.factories import JourneyFactory

    provider = scripted("sms", SendResult(provider_id="p1"))
    MessageTemplateFactory(slug="ctx", channel="sms",
                           body="{{ journey.name }}/{{ message.node }}/{{ user_id }}/{{ first_name }}")
    journey = JourneyFactory(name="Welcome")
    message = MessageFactory(template="ctx", journey=journey, node="n2")
    deliver_messages([message.pk])
    assert provider.sent[0].content == {"body": f"Welcome/n2/{message.contact.user_id}/Ada"}
    assert provider.sent[0].idempotency_key == f"msg-{message.pk}"
    assert provider.sent[0].status_callback_url == f"{PUBLIC_BASE_URL}/webhooks/twilio/status?message_id={message.pk}"


def test_a_status_callback_for_a_timed_out_send_cancels_the_retry(twilio_settings, fake_http):
    # given a send that timed out (Twilio did take it) and waits for its retry
    message = MessageFactory()
    now = clock.now()
    fake_http.respond(201, twilio_message_json(sid="SM" + "5" * 32), delay=1.5)
    deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert message.status == "queued"
    # when Twilio's "delivered" callback arrives
    path = f"/webhooks/twilio/status?message_id={message.pk}"
    params = {"MessageSid": "SM" + "5" * 32, "MessageStatus": "delivered", "To": message.address}
    Client().post(path, urlencode(params), content_type="application/x-www-form-urlencoded",
                  HTTP_X_TWILIO_SIGNATURE=twilio_signature(f"{PUBLIC_BASE_URL}{path}", params))
    # then the retry finds nothing to send
    report = deliver_messages([message.pk], now=now + timedelta(minutes=1))
    message.refresh_from_db()
    assert report.sent == report.failed == [] and report.retry == {}
    assert (message.status, message.provider_id) == ("delivered", "SM" + "5" * 32)
    assert len(fake_http.requests) == 1


def test_recording_a_result_twice_changes_nothing(scripted):
    message = MessageFactory(status="sending", attempts=1)
    now = clock.now()
    record_result(message, SendResult(provider_id="p1"), "scripted", now)
    record_result(message, SendResult(status="failed", error_code="x"), "scripted", now)
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "p1")


def test_every_attempt_is_on_the_message_timeline(scripted):
    scripted("sms", SendResult(status="failed", retryable=True, error_code="503", detail="HTTP 503"),
             SendResult(provider_id="p1", detail="ok"))
    message = MessageFactory()
    now = clock.now()
    deliver_messages([message.pk], now=now)
    deliver_messages([message.pk], now=now + timedelta(seconds=2))
    assert [(e.kind, e.detail["attempt"]) for e in message.events.order_by("id")] == [("retry", 1), ("sent", 2)]


def test_registry_builds_real_providers_from_settings_and_reuses_them(twilio_settings, sendgrid_settings):
    sms, email = provider_for("sms"), provider_for("email")
    assert (sms.name, email.name, provider_for("inapp").name) == ("twilio", "sendgrid", "inapp")
    assert provider_for("sms") is sms
    twilio_settings.TWILIO_FROM_NUMBER = "+15005550009"
    assert provider_for("sms") is not sms and provider_for("sms").from_number == "+15005550009"
    twilio_settings.TWILIO_AUTH_TOKEN = ""
    assert provider_for("sms").sandbox


def test_an_override_wins_over_settings(twilio_settings, scripted):
    provider = scripted("sms")
    assert provider_for("sms") is provider
    override_provider("sms", None)
    assert provider_for("sms").name == "twilio"
