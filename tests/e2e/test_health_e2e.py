"""/health/ in real Chromium: with a few weeks of demo-like activity, revenue and sends, every chart is drawn
(the bundle runs under the CSP) and the retention heatmap shows the cohorts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _demo_like_world():
    from channels_app.models import Message
    from core import clock
    from health.rollups.refresh import refresh
    from journeys.models import Contact, Event

    now = clock.now()
    contacts = Contact.objects.bulk_create([Contact(user_id=f"h-{i}", email=f"h{i}@example.com") for i in range(60)])
    events, messages = [], []
    for i, contact in enumerate(contacts):
        first = now - timedelta(days=40 - (i % 40))
        for day in range(0, 40 - (i % 40), 1 + i % 5):
            events.append(Event(contact=contact, name="app_opened", timestamp=first + timedelta(days=day)))
        if i % 3 == 0:
            events.append(Event(contact=contact, name="order_completed", properties={"revenue": 20 + i},
                                timestamp=first + timedelta(days=1)))
        messages.append(Message(contact=contact, channel="sms" if i % 2 else "email", template="t", status="delivered",
                                created_at=now - timedelta(days=i % 20)))
    Event.objects.bulk_create(events)
    Message.objects.bulk_create(messages)
    refresh()


def test_the_health_page_draws_every_chart_for_demo_like_data(live_server, page, marketer, screenshot):
    _demo_like_world()
    log_in(page, live_server.url, marketer, next_path="/health/")
    expect(page.locator("body[data-health-charts=drawn]")).to_have_count(1)
    for chart in ("chart-activity", "chart-stickiness", "chart-ltv", "chart-channels"):
        expect(page.get_by_test_id(chart)).to_be_visible()
    rows = page.locator('[data-testid="retention-heatmap"] tbody tr')
    expect(rows.first).to_be_visible()
    assert rows.count() >= 5
    assert int(page.get_by_test_id("mau").inner_text()) > 0
    screenshot(page, "health-dashboard")


def test_an_empty_workspace_says_what_fills_the_page(live_server, page, marketer):
    log_in(page, live_server.url, marketer, next_path="/health/")
    expect(page.get_by_test_id("activity-empty")).to_be_visible()
    expect(page.locator('[data-testid="retention-heatmap"]')).to_contain_text("No cohort yet")
