"""Replayed provider webhooks change nothing: inbound SMS by MessageSid, SendGrid events by their signed age."""
from datetime import timedelta

import pytest

from channels_app.models import DeliveryEvent, InboundSms, Suppression
from tests.factories import MessageFactory
from tests.integration.channels.conftest import load_fixture
from tests.integration.channels.test_sendgrid_webhooks import events_body, post_events
from tests.integration.channels.test_twilio_webhooks import form, post_signed

pytestmark = pytest.mark.django_db
INBOUND = "/webhooks/twilio/inbound"
NUMBER = "+15550001111"  # the sender in the inbound fixtures


def test_a_replayed_stop_after_start_leaves_the_number_subscribed(twilio_settings):
    # Given a contact who texted STOP, then START
    post_signed(INBOUND, form("inbound_stop.form"))
    post_signed(INBOUND, form("inbound_start.form"))
    assert not Suppression.objects.filter(address=NUMBER).exists()

    # When someone replays the signed STOP request
    response = post_signed(INBOUND, form("inbound_stop.form"))

    # Then it is answered (Twilio must not retry) with nothing to say, and the number stays subscribed
    assert response.status_code == 200 and b"<Message>" not in response.content
    assert not Suppression.objects.filter(address=NUMBER).exists()
    assert InboundSms.objects.count() == 2


def test_a_replayed_start_after_a_new_stop_leaves_the_number_blacklisted(twilio_settings):
    post_signed(INBOUND, form("inbound_stop.form"))
    post_signed(INBOUND, form("inbound_start.form"))
    renewed = {**form("inbound_stop.form"), "MessageSid": "SM9stop2" + "0" * 26, "SmsSid": "SM9stop2" + "0" * 26,
               "SmsMessageSid": "SM9stop2" + "0" * 26}
    post_signed(INBOUND, renewed)

    assert post_signed(INBOUND, form("inbound_start.form")).status_code == 200

    assert Suppression.objects.filter(channel="sms", address=NUMBER).exists()


def test_a_replayed_help_is_not_answered_twice(twilio_settings, settings):
    settings.SMS_HELP_REPLY = "Reply STOP to opt out."
    assert b"<Message>Reply STOP to opt out.</Message>" in post_signed(INBOUND, form("inbound_help.form")).content
    assert b"<Message>" not in post_signed(INBOUND, form("inbound_help.form")).content


@pytest.fixture
def sent_email(db):
    return MessageFactory(channel="email", status="sent", provider="sendgrid", provider_id="sg-abc123",
                          address="ada@example.com")


@pytest.mark.parametrize("signed_ago", [timedelta(days=400), timedelta(minutes=11), -timedelta(minutes=11)],
                         ids=["400 days ago", "11 minutes ago", "11 minutes ahead"])
def test_an_event_signed_outside_ten_minutes_of_now_is_refused_and_applies_nothing(clock, sent_email,
                                                                                   sendgrid_signer, signed_ago):
    # Given a validly signed bounce, signed at another time than now
    body = events_body("bounce.json", sent_email)
    headers = sendgrid_signer.headers(body, timestamp=str(int((clock.now - signed_ago).timestamp())))

    # When it is posted
    response = post_events(body, None, headers=headers)

    # Then it is refused, and the message and the blacklist are as they were
    assert response.status_code == 403
    sent_email.refresh_from_db()
    assert sent_email.status == "sent"
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()


def test_an_event_signed_within_ten_minutes_is_applied(clock, sent_email, sendgrid_signer):
    body = events_body("bounce.json", sent_email)
    headers = sendgrid_signer.headers(body, timestamp=str(int((clock.now - timedelta(minutes=9)).timestamp())))
    assert post_events(body, None, headers=headers).status_code == 200
    assert Suppression.objects.filter(address="ada@example.com").exists()


def test_a_timestamp_that_is_no_number_is_refused(sent_email, sendgrid_signer):
    body = load_fixture("sendgrid", "bounce.json").replace("{message_id}", str(sent_email.pk))
    assert post_events(body, None, headers=sendgrid_signer.headers(body, timestamp="yesterday")).status_code == 403
