"""SMS through the real `twilio` client against a local fake Twilio: requests sent, and every error class."""
from datetime import timedelta

import pytest

from channels_app.services.delivery import MAX_ATTEMPTS, deliver_messages, reconcile_in_doubt
from channels_app.models import DeliveryEvent, Message, Suppression
from channels_app.providers.registry import provider_for
from channels_app.providers.twilio_sms import TwilioSmsProvider
from core import clock
from tests.factories import MessageFactory
from tests.integration.channels.conftest import (PUBLIC_BASE_URL, TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN,
                                                 twilio_error_json, twilio_message_json)

pytestmark = pytest.mark.django_db

MESSAGES_PATH = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"


def test_without_credentials_sms_goes_to_the_sandbox(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    assert provider_for("sms").sandbox


def test_a_queued_sms_is_posted_to_twilio_with_callback_and_recorded_as_sent(twilio_settings, fake_http):
    # given
    assert isinstance(provider_for("sms"), TwilioSmsProvider)
    message = MessageFactory()
    fake_http.respond(201, twilio_message_json(sid="SM" + "b" * 32, body="Hi Ada"))
    # when
    report = deliver_messages([message.pk])
    # then: exactly one request, form-encoded, with our account's basic auth
    assert report.sent == [message.pk]
    (request,) = fake_http.requests
    assert (request.method, request.path) == ("POST", MESSAGES_PATH)
    assert request.basic_auth() == (TWILIO_SID, TWILIO_TOKEN)
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert request.form == {
        "To": "+15550001111", "From": TWILIO_FROM, "Body": "Hi Ada",
        "StatusCallback": f"{PUBLIC_BASE_URL}/webhooks/twilio/status?message_id={message.pk}",
    }
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_id, message.attempts) == (
        "sent", "twilio", "SM" + "b" * 32, 1)
    assert message.content == {"body": "Hi Ada"}
    assert list(message.events.values_list("kind", flat=True)) == ["sent"]


def test_a_messaging_service_replaces_the_from_number(twilio_settings, fake_http):
    twilio_settings.TWILIO_FROM_NUMBER = ""
    twilio_settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "2" * 32
    message = MessageFactory()
    fake_http.respond(201, twilio_message_json())
    deliver_messages([message.pk])
    form = fake_http.requests[0].form
    assert form["MessagingServiceSid"] == "MG" + "2" * 32 and "From" not in form


TRANSIENT = [
    pytest.param(429, twilio_error_json(20429, 429, "Too Many Requests"), {"Retry-After": "30"}, "20429", 30.0,
                 id="429 with Retry-After"),
    pytest.param(400, twilio_error_json(30003, 400, "Unreachable destination handset"), {}, "30003", 2.0,
                 id="30003 unreachable"),
    pytest.param(400, twilio_error_json(30008, 400, "Unknown error"), {}, "30008", 2.0, id="30008 unknown"),
    pytest.param(500, twilio_error_json(20500, 500, "Internal Server Error"), {}, "20500", 2.0, id="500"),
    pytest.param(503, b"<html>Service Unavailable</html>", {}, "503", 2.0, id="503 not JSON"),
]


@pytest.mark.parametrize("status, body, headers, code, delay", TRANSIENT)
def test_transient_errors_requeue_with_backoff(twilio_settings, fake_http, status, body, headers, code, delay):
    # given
    message = MessageFactory()
    if isinstance(body, dict):
        fake_http.respond(status, body, headers=headers)
    else:
        fake_http.respond(status, body=body, headers=headers)
    now = clock.now()
    # when
    report = deliver_messages([message.pk], now=now)
    # then: back to queued, not before the delay, the attempt counted, and the runtime told to retry
    message.refresh_from_db()
    assert (message.status, message.error_code, message.attempts) == ("queued", code, 1)
    assert message.not_before == now + timedelta(seconds=delay)
    assert report.retry == {message.pk: delay}
    retry = message.events.get(kind="retry")
    assert retry.detail["error_code"] == code and retry.detail["delay_seconds"] == delay


def test_a_retried_message_is_sent_once_the_provider_recovers_and_backoff_grows(twilio_settings, fake_http):
    message = MessageFactory()
    now = clock.now()
    fake_http.respond(500, twilio_error_json(20500, 500))
    fake_http.respond(500, twilio_error_json(20500, 500))
    fake_http.respond(201, twilio_message_json(sid="SM" + "c" * 32))
    assert deliver_messages([message.pk], now=now).retry == {message.pk: 2.0}
    # not before its time
    assert deliver_messages([message.pk], now=now + timedelta(seconds=1)).retry == {}
    assert deliver_messages([message.pk], now=now + timedelta(seconds=2)).retry == {message.pk: 4.0}
    assert deliver_messages([message.pk], now=now + timedelta(seconds=6)).sent == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.provider_id) == ("sent", 3, "SM" + "c" * 32)
    assert len(fake_http.requests) == 3


def test_transient_errors_give_up_after_the_last_attempt(twilio_settings, fake_http):
    message = MessageFactory(attempts=MAX_ATTEMPTS - 1)
    fake_http.respond(503, twilio_error_json(20503, 503))
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk] and message.status == "failed"
    assert message.reason.startswith(f"gave up after {MAX_ATTEMPTS} attempts")


PERMANENT = [
    pytest.param(400, 21211, id="21211 invalid number"),
    pytest.param(400, 30005, id="30005 unknown handset"),
    pytest.param(400, 30006, id="30006 landline"),
    pytest.param(400, 30007, id="30007 carrier filtering"),
    pytest.param(401, 20003, id="401 bad credentials"),
    pytest.param(404, 20404, id="404"),
]


@pytest.mark.parametrize("status, code", PERMANENT)
def test_permanent_errors_fail_the_message(twilio_settings, fake_http, status, code):
    message = MessageFactory()
    fake_http.respond(status, twilio_error_json(code, status, "nope"))
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk] and report.retry == {}
    assert (message.status, message.error_code) == ("failed", str(code))
    assert not Suppression.objects.exists()
    assert len(fake_http.requests) == 1


def test_21610_fails_and_blacklists_the_number(twilio_settings, fake_http):
    message = MessageFactory()
    fake_http.respond(400, twilio_error_json(21610, 400, "Attempt to send to unsubscribed recipient"))
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "21610")
    suppression = Suppression.objects.get()
    assert (suppression.channel, suppression.address, suppression.contact_id) == ("sms", "+15550001111", None)
    assert "21610" in suppression.reason


def test_connection_refused_is_transient(twilio_settings, closed_port_url):
    twilio_settings.TWILIO_API_BASE = closed_port_url
    message = MessageFactory()
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "connection_error")
    assert message.pk in report.retry


def test_a_timeout_is_retried_only_after_twilio_log_shows_it_was_not_accepted(twilio_settings, fake_http):
    # given Twilio answers too late the first time
    message = MessageFactory()
    now = clock.now()
    fake_http.respond(201, twilio_message_json(), delay=1.5)
    report = deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "timeout") and message.pk in report.retry
    # when the retry comes and Twilio's log has no such message
    fake_http.respond(200, {"messages": [], "next_page_uri": None, "page": 0, "page_size": 50})
    fake_http.respond(201, twilio_message_json(sid="SM" + "d" * 32))
    deliver_messages([message.pk], now=now + timedelta(seconds=5))
    # then it looked first, then sent
    assert [(r.method, r.path) for r in fake_http.requests[1:]] == [("GET", MESSAGES_PATH), ("POST", MESSAGES_PATH)]
    assert fake_http.requests[1].query["To"] == ["+15550001111"]
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "SM" + "d" * 32)


def test_a_timeout_that_twilio_did_accept_is_not_sent_again(twilio_settings, fake_http):
    message = MessageFactory()
    now = clock.now()
    fake_http.respond(201, twilio_message_json(), delay=1.5)
    deliver_messages([message.pk], now=now)
    # Twilio's log shows the message, created just after our attempt began
    created = (now + timedelta(seconds=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    found = twilio_message_json(sid="SM" + "e" * 32, body="Hi Ada", date_created=created, status="sent")
    fake_http.respond(200, {"messages": [found], "next_page_uri": None, "page": 0, "page_size": 50})
    report = deliver_messages([message.pk], now=now + timedelta(seconds=5))
    assert report.sent == [message.pk]
    assert [r.method for r in fake_http.requests] == ["POST", "GET"]  # no second POST
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "SM" + "e" * 32)


def test_a_worker_killed_mid_send_is_reconciled_from_twilio_log(twilio_settings, fake_http):
    # given a message left in "sending" by a dead worker, which Twilio did accept
    now = clock.now()
    message = MessageFactory(status="sending", attempts=1, content={"body": "Hi Ada"})
    Message.objects.filter(pk=message.pk).update(updated_at=now - timedelta(minutes=5))
    created = (now - timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    fake_http.respond(200, {"messages": [twilio_message_json(sid="SM" + "f" * 32, body="Hi Ada", date_created=created)],
                            "next_page_uri": None, "page": 0, "page_size": 50})
    # when the scheduler reconciles
    requeued = reconcile_in_doubt(now - timedelta(minutes=2), now)
    # then it is sent, not requeued
    message.refresh_from_db()
    assert requeued == [] and (message.status, message.provider_id) == ("sent", "SM" + "f" * 32)


def test_a_worker_killed_mid_send_is_requeued_when_twilio_never_saw_it(twilio_settings, fake_http):
    now = clock.now()
    message = MessageFactory(status="sending", attempts=1, content={"body": "Hi Ada"})
    Message.objects.filter(pk=message.pk).update(updated_at=now - timedelta(minutes=5))
    fake_http.respond(200, {"messages": [], "next_page_uri": None, "page": 0, "page_size": 50})
    assert reconcile_in_doubt(now - timedelta(minutes=2), now) == [message.pk]
    message.refresh_from_db()
    assert message.status == "queued"


def test_an_empty_body_fails_without_calling_twilio(twilio_settings, fake_http):
    message = MessageFactory(content={"body": "  "})
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "empty_body") and fake_http.requests == []
    assert DeliveryEvent.objects.filter(message=message, kind="failed").exists()
