"""Shared by the channel fallback tests: fake providers, fallback journeys and templates."""
from __future__ import annotations

import threading

from channels_app.models import MessageTemplate
from channels_app.providers.base import OutboundMessage, Provider, SendResult
from channels_app.providers.registry import override_provider
from tests.integration.runtime.conftest import chain, live_journey

TEMPLATES = {
    "hi-wechat": ("wechat", {"template_id": "TPL-1", "data": {"first": "Hi {{ first_name }}"},
                             "url": "https://example.com/w"}),
    "hi-sms": ("sms", {"body": "Hi {{ first_name }}"}),
    "hi-email": ("email", {"subject": "Hi", "body": "Hello", "html": "<p>Hello</p>"}),
}


def make_templates() -> None:
    for slug, (channel, fields) in TEMPLATES.items():
        MessageTemplate.objects.create(slug=slug, channel=channel, **fields)


def fallback_journey(channels=("wechat", "sms", "email"), *, after=None, on_capped="skip", name="Fallback",
                     templates=None, settings=None):
    config = {"channels": list(channels) if channels != "auto" else "auto",
              "templates": templates or {c: f"hi-{c}" for c in (channels if channels != "auto" else TEMPLATES_ORDER)},
              "on_capped": on_capped}
    if after:
        config["fallback_after_seconds"] = after
    return live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("s", "send", config),
        ("x", "exit", {}),
        settings=settings or {"reentry": "after_exit"},
    ), name=name)


TEMPLATES_ORDER = ("wechat", "sms", "email")


class FakeProvider(Provider):
    """A provider answering by rule, counting every call: `answer(outbound) -> SendResult`."""

    sandbox = False

    def __init__(self, name: str, answer=None):
        self.name = name
        self.answer = answer or (lambda outbound: SendResult(provider_id=f"{name}-{outbound.message_id}"))
        self.calls: list[OutboundMessage] = []
        self._lock = threading.Lock()

    def send(self, message: OutboundMessage) -> SendResult:
        with self._lock:
            self.calls.append(message)
        return self.answer(message)

    def reconcile(self, message: OutboundMessage):
        return None


def delivered(name: str):
    """Acceptance is delivery (as in-app or a webhook 2xx): the message is `delivered` at once."""
    return lambda outbound: SendResult(provider_id=f"{name}-{outbound.message_id}", final_status="delivered")


def failing(code="40003", retryable=False):
    return lambda outbound: SendResult(status="failed", error_code=code, retryable=retryable,
                                       detail=f"error {code}")


class Providers:
    """Install fake providers for the test, and take them out after."""

    def __init__(self):
        self.installed: list[str] = []

    def use(self, channel: str, answer=None) -> FakeProvider:
        provider = FakeProvider(f"fake-{channel}", answer)
        override_provider(channel, provider)
        self.installed.append(channel)
        return provider

    def clear(self) -> None:
        for channel in self.installed:
            override_provider(channel, None)
