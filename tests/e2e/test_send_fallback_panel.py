"""The send panel edits an ordered channel fallback: add channels, pick their templates, reorder them by keyboard,
buttons and drag and drop, and read the rule; the draft keeps exactly that order."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from channels_app.models import MessageTemplate
from journeys.services import journeys as journey_services
from tests.e2e.conftest import log_in, wait_for_editor
from tests.integration.runtime.conftest import chain

pytestmark = pytest.mark.e2e


def channel_order(page) -> list:
    graph = page.evaluate("window.journeyEditor.graph()")
    return next(n for n in graph["nodes"] if n["id"] == "s")["config"]


def test_the_send_panel_builds_and_reorders_a_channel_fallback(live_server, page, marketer):
    # given a journey whose send goes by SMS only, and a template per channel
    MessageTemplate.objects.create(slug="hi-sms", channel="sms", body="Hi")
    MessageTemplate.objects.create(slug="hi-email", channel="email", subject="Hi", body="Hi", html="<p>Hi</p>")
    MessageTemplate.objects.create(slug="hi-wechat", channel="wechat", template_id="TPL", url="https://example.com")
    journey = journey_services.journey_create(name="Fallback", graph=journey_services.parse_graph(chain(
        ("t", "trigger", {"event": "go"}),
        ("s", "send", {"channel": "sms", "template": "hi-sms", "on_capped": "skip"}),
        ("x", "exit", {}))))
    log_in(page, live_server.url, marketer, f"/journeys/{journey.pk}/")
    wait_for_editor(page)
    page.locator('.react-flow__node[data-id="s"] .jn-head').click()
    panel = page.locator('[data-testid="node-panel"]')

    # when the marketer switches to several channels and adds WeChat and email
    panel.locator('select[name="send-mode"]').select_option("ordered")
    panel.locator('select[name="add-channel"]').select_option("wechat")
    panel.locator('select[name="add-channel"]').select_option("email")
    panel.locator('select[name="template-wechat"]').select_option("hi-wechat")
    panel.locator('select[name="template-email"]').select_option("hi-email")
    rows = panel.locator(".jn-channel-list li")
    expect(rows).to_have_count(3)

    # and moves WeChat to the top from the keyboard, then email above SMS with its button
    rows.nth(1).focus()
    page.keyboard.press("Alt+ArrowUp")
    panel.get_by_role("button", name="Move Email up").click()
    config = channel_order(page)
    assert config["channels"] == ["wechat", "email", "sms"]
    assert config["templates"] == {"wechat": "hi-wechat", "email": "hi-email", "sms": "hi-sms"}

    # and drags SMS onto the second place
    rows.nth(2).locator(".jn-drag-handle").drag_to(rows.nth(1).locator(".jn-drag-handle"))
    assert channel_order(page)["channels"] == ["wechat", "sms", "email"]

    # then the panel states the rule, the card shows the order, and no template finding is left
    expect(panel.locator('[data-testid="send-rule"]')).to_contain_text("Tries WeChat, then SMS, then Email.")
    expect(page.locator('.react-flow__node[data-id="s"]')).to_contain_text("WeChat → SMS → Email")
    expect(page.locator('[data-testid="issues-summary"]')).to_have_text("no problems")
