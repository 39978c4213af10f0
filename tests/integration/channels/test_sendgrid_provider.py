"""Email through the real `sendgrid` client against a local fake SendGrid: the JSON sent, and every error class."""
import time
from datetime import timedelta

import pytest

from channels_app.services.delivery import deliver_messages, reconcile_in_doubt
from channels_app.models import Message
from channels_app.providers.registry import provider_for
from channels_app.providers.sendgrid_email import SendGridEmailProvider
from channels_app.services.unsubscribe import read_unsubscribe_token
from core import clock
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def email_message(**kwargs):
    return MessageFactory(channel="email", **kwargs)


def test_without_an_api_key_email_goes_to_the_sandbox(settings):
    settings.SENDGRID_API_KEY = ""
    assert provider_for("email").sandbox


def test_an_email_is_posted_to_sendgrid_with_our_id_and_one_click_unsubscribe(sendgrid_settings, fake_http):
    # given
    assert isinstance(provider_for("email"), SendGridEmailProvider)
    message = email_message()
    fake_http.respond(202, headers={"X-Message-Id": "sg-abc123"})
    # when
    report = deliver_messages([message.pk])
    # then
    assert report.sent == [message.pk]
    (request,) = fake_http.requests
    assert (request.method, request.path) == ("POST", "/v3/mail/send")
    assert request.header("Authorization") == "Bearer SG.test-key"
    assert request.header("Content-Type") == "application/json"
    body = request.json
    unsubscribe = body["headers"]["List-Unsubscribe"]
    assert body == {
        "from": {"email": "team@journeys.example.com", "name": "Journeys Team"},
        "subject": "Hello Ada",
        "personalizations": [{"to": [{"email": message.address}]}],
        "content": [{"type": "text/plain", "value": "Hi Ada"}, {"type": "text/html", "value": "<p>Hi Ada</p>"}],
        "custom_args": {"journeys_message_id": str(message.pk)},
        "headers": {"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }
    assert unsubscribe.startswith("<https://journeys.example.com/unsubscribe/") and unsubscribe.endswith(">")
    target = read_unsubscribe_token(unsubscribe[1:-1].rsplit("/", 1)[1])
    assert (target.message_id, target.channel, target.address) == (message.pk, "email", message.address)
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_id) == ("sent", "sendgrid", "sg-abc123")


def test_an_html_only_email_sends_only_the_html_part(sendgrid_settings, fake_http):
    message = email_message(content={"subject": "S", "text": "", "html": "<b>x</b>"})
    fake_http.respond(202)
    deliver_messages([message.pk])
    assert fake_http.requests[0].json["content"] == [{"type": "text/html", "value": "<b>x</b>"}]


def test_429_honours_x_ratelimit_reset(sendgrid_settings, fake_http):
    message = email_message()
    reset = int(time.time()) + 42
    fake_http.respond(429, {"errors": [{"message": "too many requests"}]}, headers={"X-RateLimit-Reset": str(reset)})
    now = clock.now()
    report = deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.error_code, message.attempts) == ("queued", "429", 1)
    assert 40 <= report.retry[message.pk] <= 42
    assert message.not_before == now + timedelta(seconds=report.retry[message.pk])


def test_429_honours_retry_after(sendgrid_settings, fake_http):
    message = email_message()
    fake_http.respond(429, {"errors": []}, headers={"Retry-After": "17"})
    assert deliver_messages([message.pk]).retry == {message.pk: 17.0}


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_transient(sendgrid_settings, fake_http, status):
    message = email_message()
    fake_http.respond(status, {"errors": [{"message": "oops"}]})
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", str(status)) and report.retry == {message.pk: 2.0}


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_other_4xx_fail_the_message(sendgrid_settings, fake_http, status):
    message = email_message()
    fake_http.respond(status, {"errors": [{"message": "bad", "field": "from"}]})
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk]
    assert (message.status, message.error_code) == ("failed", str(status))
    assert '"field": "from"' in message.reason


def test_a_timeout_is_transient(sendgrid_settings, fake_http):
    message = email_message()
    fake_http.respond(202, delay=1.5)
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "timeout") and message.pk in report.retry


def test_connection_refused_is_transient(sendgrid_settings, closed_port_url):
    sendgrid_settings.SENDGRID_API_HOST = closed_port_url
    message = email_message()
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "connection_error") and message.pk in report.retry


def test_a_dropped_connection_is_transient(sendgrid_settings, fake_http):
    message = email_message()
    fake_http.respond(drop=True)
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "connection_reset")


def test_a_worker_killed_mid_send_is_failed_not_resent(sendgrid_settings, fake_http):
    # SendGrid cannot be asked whether it accepted a request: a duplicate is worse than a gap.
    now = clock.now()
    message = email_message(status="sending", attempts=1)
    Message.objects.filter(pk=message.pk).update(updated_at=now - timedelta(minutes=5))
    assert reconcile_in_doubt(now - timedelta(minutes=2), now) == []
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "in_doubt") and fake_http.requests == []
