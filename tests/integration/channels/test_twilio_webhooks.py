"""Twilio status callbacks and inbound SMS: signed, idempotent, and STOP/START driving the blacklist."""
from urllib.parse import parse_qsl, urlencode

import pytest
from django.test import Client

from channels_app.models import DeliveryEvent, Message, Suppression
from tests.factories import MessageFactory
from tests.integration.channels.conftest import PUBLIC_BASE_URL, load_fixture, twilio_signature
from tests.integration.runtime.conftest import Runner, chain, live_journey

pytestmark = pytest.mark.django_db

SID = "SM0123456789abcdef0123456789abcdef"


def form(name: str) -> dict:
    return dict(parse_qsl(load_fixture("twilio", name), keep_blank_values=True))


def post_signed(path: str, params: dict, signature: str | None = "sign"):
    """POST as Twilio does: form-encoded, signed over the public URL."""
    headers = {}
    if signature == "sign":
        headers["HTTP_X_TWILIO_SIGNATURE"] = twilio_signature(f"{PUBLIC_BASE_URL}{path}", params)
    elif signature is not None:
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature
    return Client().post(path, data=urlencode(params), content_type="application/x-www-form-urlencoded", **headers)


@pytest.fixture
def sent_sms(twilio_settings):
    return MessageFactory(status="sent", provider="twilio", provider_id=SID, content={"body": "Hi Ada"})


def status_path(message) -> str:
    return f"/webhooks/twilio/status?message_id={message.pk}"


def test_a_signed_delivered_callback_moves_the_message_on(sent_sms):
    response = post_signed(status_path(sent_sms), form("status_delivered.form"))
    assert response.status_code == 200 and response.json() == {"result": "applied"}
    sent_sms.refresh_from_db()
    assert sent_sms.status == "delivered"
    event = sent_sms.events.get()
    assert (event.kind, event.provider_event_id) == ("delivered", f"twilio:{SID}:delivered")
    assert event.detail["To"] == "+15550001111"


@pytest.mark.parametrize("signature", [None, "", "bm90IHRoZSByaWdodCBzaWduYXR1cmU="], ids=["missing", "empty", "forged"])
def test_a_missing_or_forged_signature_is_refused_and_changes_nothing(sent_sms, signature):
    response = post_signed(status_path(sent_sms), form("status_delivered.form"), signature=signature)
    assert response.status_code == 403
    sent_sms.refresh_from_db()
    assert sent_sms.status == "sent" and not DeliveryEvent.objects.exists()


def test_a_signature_for_other_parameters_is_refused(sent_sms):
    params = form("status_delivered.form")
    signature = twilio_signature(f"{PUBLIC_BASE_URL}{status_path(sent_sms)}", params)
    tampered = {**params, "MessageStatus": "failed", "ErrorCode": "30007"}
    assert post_signed(status_path(sent_sms), tampered, signature=signature).status_code == 403
    sent_sms.refresh_from_db()
    assert sent_sms.status == "sent"


def test_a_signature_made_with_another_token_is_refused(sent_sms):
    params = form("status_delivered.form")
    signature = twilio_signature(f"{PUBLIC_BASE_URL}{status_path(sent_sms)}", params, token="someone-else")
    assert post_signed(status_path(sent_sms), params, signature=signature).status_code == 403


def test_a_replayed_callback_changes_nothing(sent_sms):
    for _ in range(3):
        response = post_signed(status_path(sent_sms), form("status_delivered.form"))
        assert response.status_code == 200
    assert response.json() == {"result": "duplicate"}
    assert DeliveryEvent.objects.filter(message=sent_sms).count() == 1


def test_callbacks_out_of_order_never_move_a_message_back(sent_sms):
    post_signed(status_path(sent_sms), form("status_delivered.form"))
    post_signed(status_path(sent_sms), form("status_sent.form"))
    sent_sms.refresh_from_db()
    assert sent_sms.status == "delivered"
    assert sorted(sent_sms.events.values_list("kind", flat=True)) == ["delivered", "sent"]


def test_a_callback_that_overtakes_our_bookkeeping_still_lands(twilio_settings):
    # given Twilio called back before messages.create returned (no sid stored yet)
    message = MessageFactory(status="sending", attempts=1)
    post_signed(status_path(message), form("status_delivered.form"))
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("delivered", SID)
    # when our own "sent" lands afterwards, it does not undo "delivered"
    from channels_app.services.delivery import record_result
    from channels_app.providers.base import SendResult
    from core import clock

    record_result(message, SendResult(provider_id=SID, status="sent"), "twilio", clock.now())
    message.refresh_from_db()
    assert (message.status, message.provider) == ("delivered", "twilio")


def test_undelivered_records_the_carrier_error(sent_sms):
    post_signed(status_path(sent_sms), form("status_undelivered_30003.form"))
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.error_code) == ("undelivered", "30003")


def test_a_21610_failure_callback_blacklists_the_number(sent_sms):
    post_signed(status_path(sent_sms), form("status_failed_21610.form"))
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.error_code) == ("failed", "21610")
    assert Suppression.objects.filter(channel="sms", address="+15550001111").exists()


def test_a_callback_without_our_id_is_matched_by_sid(sent_sms):
    assert post_signed("/webhooks/twilio/status", form("status_delivered.form")).json() == {"result": "applied"}
    sent_sms.refresh_from_db()
    assert sent_sms.status == "delivered"


def test_a_callback_for_another_message_sid_is_not_applied_to_ours(sent_sms):
    params = {**form("status_delivered.form"), "MessageSid": "SM" + "9" * 32, "SmsSid": "SM" + "9" * 32}
    assert post_signed(status_path(sent_sms), params).json() == {"result": "unknown"}
    sent_sms.refresh_from_db()
    assert sent_sms.status == "sent"


def test_callbacks_are_refused_when_no_auth_token_is_configured(sent_sms, settings):
    params = form("status_delivered.form")
    signature = twilio_signature(f"{PUBLIC_BASE_URL}{status_path(sent_sms)}", params)
    settings.TWILIO_AUTH_TOKEN = ""
    assert post_signed(status_path(sent_sms), params, signature=signature).status_code == 403


def test_only_post_is_accepted(twilio_settings):
    assert Client().get("/webhooks/twilio/status").status_code == 405


# --- inbound keywords -------------------------------------------------------------------------------

@pytest.fixture
def runner(django_capture_on_commit_callbacks, stub_broker):
    from core import clock as runtime_clock
    from tests.integration.runtime.conftest import T0, Clock

    yield Runner(django_capture_on_commit_callbacks, Clock(T0), stub_broker)
    runtime_clock.set_time(None)


@pytest.fixture
def sms_journey(db):
    from channels_app.models import MessageTemplate

    MessageTemplate.objects.create(slug="promo-sms", channel="sms", body="Hi {{ first_name }}, 20% off today")
    return live_journey(chain(
        ("t", "trigger", {"event": "browsed"}),
        ("promo", "send", {"channel": "sms", "template": "promo-sms", "on_capped": "skip"}),
        ("x", "exit", {}),
        settings={"reentry": "after_exit"},
    ))


def test_stop_blacklists_the_number_and_the_next_journey_send_is_suppressed(twilio_settings, runner, sms_journey):
    # given a contact who can be texted
    runner.identify("ada", phone="+15550001111", first_name="Ada")
    # when they text STOP
    response = post_signed("/webhooks/twilio/inbound", form("inbound_stop.form"))
    # then the number is blacklisted for SMS, and Twilio gets an empty TwiML answer (it confirms opt-outs itself)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert b"<Message>" not in response.content
    assert Suppression.objects.filter(channel="sms", address="+15550001111").exists()
    # and the next journey send to that number is logged "suppressed", never sent
    runner.track("ada", "browsed")
    message = Message.objects.get(journey=sms_journey)
    assert message.status == "suppressed" and "replied STOP" in message.reason


def test_start_lifts_the_blacklist_and_sends_go_out_again(twilio_settings, fake_http, runner, sms_journey):
    runner.identify("ada", phone="+15550001111", first_name="Ada")
    post_signed("/webhooks/twilio/inbound", form("inbound_stop.form"))
    runner.track("ada", "browsed")
    # when they text START (any case)
    post_signed("/webhooks/twilio/inbound", form("inbound_start.form"))
    assert not Suppression.objects.exists()
    # then the next send goes to Twilio
    from tests.integration.channels.conftest import twilio_message_json

    fake_http.respond(201, twilio_message_json())
    runner.clock.advance(minutes=1)
    runner.track("ada", "browsed")
    latest = Message.objects.filter(journey=sms_journey).order_by("-id").first()
    assert latest.status == "sent"
    assert fake_http.requests[-1].form["Body"] == "Hi Ada, 20% off today"


def test_stop_from_the_same_number_twice_keeps_one_entry(twilio_settings):
    post_signed("/webhooks/twilio/inbound", form("inbound_stop.form"))
    post_signed("/webhooks/twilio/inbound", form("inbound_stop.form"))
    assert Suppression.objects.count() == 1


def test_help_is_answered_with_the_configured_text(twilio_settings, settings):
    settings.SMS_HELP_REPLY = "Journeys Co: reply STOP to opt out. Help: help@example.com"
    response = post_signed("/webhooks/twilio/inbound", form("inbound_help.form"))
    assert b"<Message>Journeys Co: reply STOP to opt out. Help: help@example.com</Message>" in response.content
    assert not Suppression.objects.exists()


def test_an_ordinary_reply_is_kept_on_the_last_message_timeline(sent_sms):
    post_signed("/webhooks/twilio/inbound", form("inbound_reply.form"))
    post_signed("/webhooks/twilio/inbound", form("inbound_reply.form"))  # a retried webhook
    reply = DeliveryEvent.objects.get(message=sent_sms)
    assert (reply.kind, reply.detail["body"], reply.detail["action"]) == ("reply", "Thanks, see you Tuesday!", "message")


def test_inbound_with_a_bad_signature_changes_nothing(twilio_settings):
    assert post_signed("/webhooks/twilio/inbound", form("inbound_stop.form"), signature="Zm9v").status_code == 403
    assert not Suppression.objects.exists()
