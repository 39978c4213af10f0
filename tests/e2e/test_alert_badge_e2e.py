"""The header's open-alert badge moves live: an alert raised by the back end's evaluation (the scheduler of
`manage.py journeys_run`, on the test database) reaches an open page over /ws/alerts/ without a reload."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def quick_evaluation():
    """Set before the module's server starts (autouse comes first): evaluate every second, not every minute."""
    before = os.environ.get("JOURNEYS_ALERT_INTERVAL_SECONDS")
    os.environ["JOURNEYS_ALERT_INTERVAL_SECONDS"] = "1"
    yield
    if before is None:
        os.environ.pop("JOURNEYS_ALERT_INTERVAL_SECONDS")
    else:
        os.environ["JOURNEYS_ALERT_INTERVAL_SECONDS"] = before


def test_an_alert_raised_in_the_back_end_appears_live_in_the_header_badge(asgi_server, page, marketer, screenshot):
    from core import clock
    from health.models import Alert
    from tests.integration.health.alert_helpers import complain, rule, sent_messages, without_seed_rules

    without_seed_rules()
    log_in(page, asgi_server, marketer, "/journeys/")
    badge = page.locator('[data-testid="alert-badge"]')
    expect(badge.locator('[data-testid="alert-count"]')).to_have_text("0")
    page.wait_for_selector('[data-testid="alert-badge"][data-live]')  # its socket is open

    now = clock.now()
    rule(name="Complaint spike", notify=["inapp"])
    complain(sent_messages(50, now - timedelta(minutes=5))[:5], now)  # 10 %: red

    expect(badge.locator('[data-testid="alert-count"]')).to_have_text("1", timeout=20_000)
    expect(badge).to_have_class("alert-badge has-open")
    expect(badge).to_have_attribute("title", f"RED alert #{Alert.objects.get().pk} raised: Complaint spike — "
                                             "complaint_rate 0.1 (above 0.05, workspace)")
    screenshot(page, "alert-badge")
