"""Webhook channel: signed JSON POSTs with an idempotency key, against a local receiver."""
import json
from datetime import timedelta

import pytest

from channels_app.services.delivery import deliver_messages, reconcile_in_doubt
from channels_app.models import Message
from channels_app.providers.registry import provider_for
from channels_app.providers.webhook import WebhookProvider, verify_signature
from core import clock
from tests.factories import MessageFactory, MessageTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook_template(fake_http):
    return MessageTemplateFactory(slug="crm-hook", channel="webhook", url=f"{fake_http.url}/hooks/{{{{ user_id }}}}",
                                  body='{"userId": {{ user_id|tojson }}, "plan": {{ plan|tojson }}, "source": "journeys"}')


def hook_message(template, **kwargs):
    message = MessageFactory(channel="webhook", template=template.slug, address=template.url, **kwargs)
    message.contact.traits = {"plan": "pro"}
    message.contact.save()
    return message


def test_webhooks_stay_in_the_sandbox_unless_enabled(settings):
    settings.WEBHOOK_DELIVERY = False
    assert provider_for("webhook").sandbox


def test_a_webhook_posts_signed_json_with_an_idempotency_key(webhook_settings, fake_http, hook_template):
    # given
    assert isinstance(provider_for("webhook"), WebhookProvider)
    message = hook_message(hook_template)
    fake_http.respond(200, {"ok": True})
    # when
    report = deliver_messages([message.pk])
    # then
    assert report.sent == [message.pk]
    (request,) = fake_http.requests
    assert (request.method, request.path) == ("POST", f"/hooks/{message.contact.user_id}")
    assert request.json == {"userId": message.contact.user_id, "plan": "pro", "source": "journeys"}
    assert request.header("Content-Type") == "application/json"
    assert request.header("Idempotency-Key") == f"msg-{message.pk}"
    assert verify_signature(hook_template.webhook_secret, request.header("X-Journeys-Signature"), request.body)
    assert not verify_signature("whsec_another", request.header("X-Journeys-Signature"), request.body)
    # a 2xx is delivery; the response code is logged
    message.refresh_from_db()
    assert (message.status, message.reason) == ("delivered", "HTTP 200")
    assert [e.kind for e in message.events.all()] == ["sent", "delivered"]
    assert message.events.get(kind="sent").detail["response_code"] == 200


@pytest.mark.parametrize("status, headers, delay", [
    (500, {}, 2.0), (503, {}, 2.0), (429, {"Retry-After": "9"}, 9.0), (408, {}, 2.0),
])
def test_transient_answers_are_retried_with_the_same_key(webhook_settings, fake_http, hook_template, status, headers,
                                                          delay):
    message = hook_message(hook_template)
    now = clock.now()
    fake_http.respond(status, {"error": "later"}, headers=headers)
    fake_http.respond(204)
    assert deliver_messages([message.pk], now=now).retry == {message.pk: delay}
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", str(status))
    deliver_messages([message.pk], now=now + timedelta(seconds=delay))
    message.refresh_from_db()
    assert message.status == "delivered"
    keys = [r.header("Idempotency-Key") for r in fake_http.requests]
    assert keys == [f"msg-{message.pk}"] * 2


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422, 301])
def test_other_answers_fail_the_message(webhook_settings, fake_http, hook_template, status):
    message = hook_message(hook_template)
    fake_http.respond(status, {"error": "no"}, headers={"Location": "https://elsewhere.example.com/"})
    report = deliver_messages([message.pk])
    message.refresh_from_db()
    assert report.failed == [message.pk]
    assert (message.status, message.error_code) == ("failed", str(status))
    assert len(fake_http.requests) == 1  # a redirect is not followed


def test_a_timeout_is_retried(webhook_settings, fake_http, hook_template):
    message = hook_message(hook_template)
    fake_http.respond(200, delay=1.5)
    fake_http.respond(200)
    now = clock.now()
    deliver_messages([message.pk], now=now)
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", "timeout")
    # the webhook's reconcile says "resend": the receiver dedupes on the key
    deliver_messages([message.pk], now=now + timedelta(seconds=2))
    message.refresh_from_db()
    assert message.status == "delivered"
    assert {r.header("Idempotency-Key") for r in fake_http.requests} == {f"msg-{message.pk}"}


def test_a_body_that_is_not_json_fails_without_posting(webhook_settings, fake_http):
    template = MessageTemplateFactory(slug="broken-hook", channel="webhook", url=f"{fake_http.url}/in",
                                      body='{"name": "{{ first_name }}"')
    message = MessageFactory(channel="webhook", template=template.slug, address=template.url)
    deliver_messages([message.pk])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "invalid_json") and fake_http.requests == []


def test_a_worker_killed_mid_send_is_requeued(webhook_settings, fake_http, hook_template):
    now = clock.now()
    message = hook_message(hook_template, status="sending", attempts=1)
    Message.objects.filter(pk=message.pk).update(updated_at=now - timedelta(minutes=5))
    assert reconcile_in_doubt(now - timedelta(minutes=2), now) == [message.pk]
    message.refresh_from_db()
    assert message.status == "queued"


def test_the_secret_endpoint_shows_and_rotates_the_key(api, hook_template):
    shown = api.get("/api/v1/templates/crm-hook/webhook-secret").json()
    assert shown["secret"] == hook_template.webhook_secret and shown["header"] == "X-Journeys-Signature"
    rotated = api.post("/api/v1/templates/crm-hook/webhook-secret").json()
    assert rotated["secret"] != shown["secret"] and rotated["secret"].startswith("whsec_")
    MessageTemplateFactory(slug="an-sms", channel="sms")
    response = api.get("/api/v1/templates/an-sms/webhook-secret")
    assert response.status_code == 400 and response.json()["field"] == "channel"


def test_each_template_gets_its_own_secret(db):
    a = MessageTemplateFactory(slug="a", channel="webhook", url="https://a.example.com")
    b = MessageTemplateFactory(slug="b", channel="webhook", url="https://b.example.com")
    assert a.webhook_secret != b.webhook_secret and len(a.webhook_secret) > 40
    assert json.dumps(a.webhook_secret)


def test_webhook_delivery_can_be_switched_on_from_the_environment(monkeypatch, settings):
    if hasattr(settings, "WEBHOOK_DELIVERY"):
        del settings.WEBHOOK_DELIVERY
    monkeypatch.setenv("WEBHOOK_DELIVERY", "1")
    assert isinstance(provider_for("webhook"), WebhookProvider)
    monkeypatch.setenv("WEBHOOK_DELIVERY", "off")
    assert provider_for("webhook").sandbox
