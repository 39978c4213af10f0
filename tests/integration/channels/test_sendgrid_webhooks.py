"""SendGrid's signed Event Webhook: ECDSA-verified, deduped on sg_event_id, statuses and automatic suppressions."""
import json

import pytest
from django.test import Client

from channels_app.models import DeliveryEvent, Suppression
from tests.factories import MessageFactory
from tests.integration.channels.conftest import SendGridSigner, load_fixture

pytestmark = pytest.mark.django_db
PATH = "/webhooks/sendgrid/events"


@pytest.fixture
def sent_email(db):
    return MessageFactory(channel="email", status="sent", provider="sendgrid", provider_id="sg-abc123",
                          address="Ada@Example.com")


def events_body(name: str, message) -> str:
    return load_fixture("sendgrid", name).replace("{message_id}", str(message.pk))


def post_events(body: str, signer: SendGridSigner | None, headers: dict | None = None):
    extra = headers if headers is not None else (signer.headers(body) if signer else {})
    return Client().post(PATH, data=body, content_type="application/json", **extra)


def test_signed_events_are_recorded_and_move_the_message(sent_email, sendgrid_signer):
    response = post_events(events_body("delivery_batch.json", sent_email), sendgrid_signer)
    assert response.status_code == 200
    assert response.json() == {"applied": 4, "duplicates": 0, "ignored": 0}
    sent_email.refresh_from_db()
    assert sent_email.status == "delivered"
    assert list(sent_email.events.values_list("kind", flat=True)) == ["processed", "delivered", "open", "click"]
    click = sent_email.events.get(kind="click")
    assert click.detail["url"] == "https://example.com/trial" and click.provider_event_id == "sendgrid:kCAi1KttyQdEKHhdC-nuEA=="
    assert click.occurred_at.timestamp() == 1780315290


@pytest.mark.parametrize("headers", [
    pytest.param({}, id="missing"),
    pytest.param({"HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE": "bm90LWEtc2lnbmF0dXJl",
                  "HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP": "1780315200"}, id="forged"),
    pytest.param({"HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE": "%%%not base64%%%",
                  "HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP": "1780315200"}, id="garbage"),
])
def test_unsigned_or_forged_posts_are_refused_and_change_nothing(sent_email, sendgrid_signer, headers):
    response = post_events(events_body("bounce.json", sent_email), None, headers=headers)
    assert response.status_code == 403
    sent_email.refresh_from_db()
    assert sent_email.status == "sent"
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()


def test_a_body_changed_after_signing_is_refused(sent_email, sendgrid_signer):
    body = events_body("delivery_batch.json", sent_email)
    headers = sendgrid_signer.headers(body)
    tampered = body.replace('"open"', '"spamreport"')
    assert post_events(tampered, None, headers=headers).status_code == 403
    assert not Suppression.objects.exists()


def test_a_signature_from_another_key_is_refused(sent_email, sendgrid_signer):
    impostor = SendGridSigner()
    assert post_events(events_body("bounce.json", sent_email), impostor).status_code == 403


def test_events_are_refused_when_no_public_key_is_configured(sent_email, settings):
    signer = SendGridSigner()
    settings.SENDGRID_WEBHOOK_PUBLIC_KEY = ""
    assert post_events(events_body("bounce.json", sent_email), signer).status_code == 403


def test_a_replayed_batch_changes_nothing(sent_email, sendgrid_signer):
    body = events_body("delivery_batch.json", sent_email)
    post_events(body, sendgrid_signer)
    # SendGrid retries with a fresh signature; the same sg_event_ids are stored once
    response = post_events(body, sendgrid_signer)
    assert response.json() == {"applied": 0, "duplicates": 4, "ignored": 0}
    assert DeliveryEvent.objects.count() == 4


def test_a_hard_bounce_marks_the_message_and_blacklists_the_address_as_sent(sent_email, sendgrid_signer):
    post_events(events_body("bounce.json", sent_email), sendgrid_signer)
    sent_email.refresh_from_db()
    assert (sent_email.status, sent_email.error_code) == ("bounced", "5.0.0")
    suppression = Suppression.objects.get()
    # the address in its matching form (design §8: emails lower-cased), as the send policy looks it up
    assert (suppression.channel, suppression.address) == ("email", "ada@example.com")
    assert "500 unknown recipient" in suppression.reason


def test_a_blocked_bounce_is_temporary_and_does_not_blacklist(sent_email, sendgrid_signer):
    post_events(events_body("blocked.json", sent_email), sendgrid_signer)
    sent_email.refresh_from_db()
    assert sent_email.status == "bounced" and not Suppression.objects.exists()


@pytest.mark.parametrize("fixture, reason", [
    ("spamreport.json", "sendgrid spam report"),
    ("unsubscribe.json", "sendgrid unsubscribe"),
    ("dropped.json", "sendgrid dropped: Bounced Address"),
])
def test_opt_outs_blacklist_the_address(sent_email, sendgrid_signer, fixture, reason):
    post_events(events_body(fixture, sent_email), sendgrid_signer)
    suppression = Suppression.objects.get()
    assert (suppression.channel, suppression.address, suppression.reason) == ("email", "ada@example.com", reason)


def test_dropped_fails_the_message(sent_email, sendgrid_signer):
    post_events(events_body("dropped.json", sent_email), sendgrid_signer)
    sent_email.refresh_from_db()
    assert (sent_email.status, sent_email.error_code) == ("failed", "dropped")


def test_deferred_is_recorded_but_keeps_the_status(sent_email, sendgrid_signer):
    post_events(events_body("deferred.json", sent_email), sendgrid_signer)
    sent_email.refresh_from_db()
    assert sent_email.status == "sent" and sent_email.events.get().kind == "deferred"


def test_a_late_delivered_does_not_undo_a_bounce(sent_email, sendgrid_signer):
    post_events(events_body("bounce.json", sent_email), sendgrid_signer)
    post_events(events_body("delivery_batch.json", sent_email), sendgrid_signer)
    sent_email.refresh_from_db()
    assert sent_email.status == "bounced"


def test_events_about_other_mail_are_ignored(sent_email, sendgrid_signer):
    response = post_events(load_fixture("sendgrid", "not_ours.json"), sendgrid_signer)
    assert response.json() == {"applied": 0, "duplicates": 0, "ignored": 1}


def test_a_signed_body_that_is_not_an_array_is_a_400(sendgrid_signer):
    body = json.dumps({"event": "delivered"})
    response = post_events(body, sendgrid_signer)
    assert response.status_code == 400 and "array" in response.json()["detail"]


def test_a_message_given_up_as_in_doubt_is_corrected_by_the_providers_event(db, sendgrid_signer):
    # a worker died mid-send; reconcile could not ask SendGrid and failed it rather than risk a duplicate
    message = MessageFactory(channel="email", status="failed", error_code="in_doubt", address="ada@example.com")
    post_events(events_body("delivery_batch.json", message), sendgrid_signer)
    message.refresh_from_db()
    assert (message.status, message.provider_id, message.error_code) == ("delivered", "sg-abc123", "")
    assert message.sent_at is not None
