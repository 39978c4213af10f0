"""In-app, end to end in Debian Chromium: the demo page is open, a journey sends, the message appears live.

The page is served by `manage.py journeys_run` (ASGI: the websocket needs it) on the
test database, with the e2e suite's fixtures. Who runs the journey depends on the
mode, as in a real deployment:
- embedded (no CHANNEL_LAYER_URL): the server process is the whole system, so the
  event goes to its ingest API and its own worker threads send the message over its
  in-memory channel layer;
- production (Redis channel layer): this test process plays the worker, running the
  journey with the runtime's in-line broker; the push crosses processes through Redis.
"""
from __future__ import annotations

import json
import os
import threading
import urllib.request
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _require
from tests.e2e.conftest import asgi_server, context, log_in, marketer, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

JOURNEY = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
    {"id": "hello", "type": "send", "config": {"channel": "inapp", "template": "welcome-inapp", "on_capped": "skip"},
     "position": {"x": 0, "y": 150}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 300}},
], "edges": [{"source": "t", "target": "hello", "port": "next"}, {"source": "hello", "target": "x", "port": "next"}],
    "settings": {"reentry": "never"}}


@pytest.fixture(scope="module")
def browser():
    """Like the e2e suite's, minus its need for the editor bundle: this page does not use the editor."""
    from pathlib import Path

    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread; the ORM too
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Overrides the package's MD5 shortcut: the server process checks passwords with the default hashers."""


def _in_a_worker_thread(work) -> None:
    # Playwright's sync API keeps an event loop in this thread; the delivery path calls
    # async_to_sync (channel layer), which refuses to run under a live loop.
    errors = []

    def run():
        try:
            work()
        except Exception as exc:  # surfaced in the test below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not errors, errors


def signed_up_event(base_url: str, api_key: str, user_id: str) -> None:
    """Through the server's Segment-compatible ingest, as a product backend would."""
    request = urllib.request.Request(
        f"{base_url}/api/v1/track", method="POST",
        data=json.dumps({"userId": user_id, "event": "signed_up"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {api_key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def run_journey_here(user_id: str, stub_broker) -> None:
    from tests.integration.runtime.conftest import Runner

    class _Capture:
        def __call__(self, execute=True):
            from contextlib import nullcontext

            return nullcontext()  # no test transaction here: on_commit callbacks run at commit

    runner = Runner(_Capture(), SimpleNamespace(now=timezone.now()), stub_broker)
    runner.track(user_id, "signed_up")


def test_an_inapp_message_sent_by_a_journey_appears_without_reload(asgi_server, page, marketer, stub_broker):
    from rest_framework.authtoken.models import Token

    from channels_app.models import Message, MessageTemplate
    from journeys.models import Contact
    from journeys.services import journeys as journey_services

    # given a live journey that sends an in-app message on sign-up, and a known contact
    MessageTemplate.objects.create(slug="welcome-inapp", channel="inapp", title="Welcome, {{ first_name }}!",
                                   body="Your first lesson is free.", link="https://example.com/lesson")
    journey = journey_services.journey_create(name="In-app welcome", graph=journey_services.parse_graph(JOURNEY))
    journey_services.journey_publish(journey)
    Contact.objects.create(user_id="ada", traits={"first_name": "Ada"})
    # and the contact's inbox open in the demo page (a staff tool)
    marketer.is_staff = True
    marketer.save(update_fields=["is_staff"])
    log_in(page, asgi_server, marketer, "/inapp/demo/")
    page.goto(f"{asgi_server}/inapp/demo/?userId=ada")
    expect(page.locator("#inapp-status")).to_have_attribute("data-state", "open", timeout=15_000)
    expect(page.locator(".inapp-message")).to_have_count(0)
    page.evaluate("window.__notReloaded = true")

    # when the contact signs up and the journey runs
    if settings.CHANNEL_LAYER_URL:
        _in_a_worker_thread(lambda: run_journey_here("ada", stub_broker))
    else:
        signed_up_event(asgi_server, Token.objects.create(user=marketer).key, "ada")

    # then the message shows up on the open page, without a reload
    item = page.locator(".inapp-message")
    expect(item).to_have_count(1, timeout=20_000)
    expect(item.locator("h3")).to_have_text("Welcome, Ada!")
    expect(item).to_contain_text("Your first lesson is free.")
    assert page.evaluate("window.__notReloaded") is True
    message = Message.objects.get(journey=journey)
    expect(item).to_have_attribute("data-message-id", str(message.pk))

    # when it is marked read, the server records it and the page greys it out
    item.get_by_role("button", name="Mark as read").click()
    expect(item).to_have_class("inapp-message read")
    message.refresh_from_db()
    assert message.read_at is not None and message.status == "delivered"
