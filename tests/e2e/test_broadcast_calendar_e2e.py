"""Broadcasts and the calendar in real Chromium: a marketer plans a broadcast through the form (the audience
shows before sending, templates follow the channel), submits it; an approver approves it from its page; the
calendar shows it on its send day, and its entry leads back to it."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT, log_in

pytestmark = pytest.mark.e2e


def test_plan_a_broadcast_submit_it_approve_it_and_find_it_on_the_calendar(live_server, browser, page, marketer,
                                                                            approver, screenshot):
    from audiences.services.segments import segment_create
    from audiences.services.static_members import members_add
    from broadcasts.models import Broadcast
    from tests.factories import ContactFactory, template_for_channel

    # given a saved segment of two contacts, and an SMS and an email template
    for n, user_id in enumerate(("ada", "bob")):
        ContactFactory(user_id=user_id, phone=f"+1555000{n:04d}")
    members_add(segment_create(key="vips", name="VIPs", kind="static"), ["ada", "bob"])
    template_for_channel("promo-sms", "sms")
    template_for_channel("promo-email", "email")
    send_day = (datetime.now(timezone.utc) + timedelta(days=10)).date()

    # when the marketer opens the form from the broadcast list and picks the segment: its size shows
    log_in(page, live_server.url, marketer, next_path="/broadcasts/")
    expect(page.locator('[data-testid="site-nav"] .nav-group.current')).to_have_attribute("data-section", "broadcasts")
    page.click('[data-testid="new-broadcast"]')
    page.wait_for_url("**/broadcasts/new/")
    page.fill("#b-name", "Spring sale")
    page.select_option("#b-segment", "vips")
    expect(page.locator('[data-testid="audience-size"]')).to_contain_text("2")
    # and the channel: only that channel's templates can be chosen
    page.select_option("#b-channel", "sms")
    expect(page.locator('#b-template option[value="promo-email"]')).to_be_disabled()
    page.select_option("#b-template", "promo-sms")
    # and a send time ten days ahead, at noon (the browser's zone is UTC here)
    page.check('input[name="when"][value="at"]')
    page.fill("#b-send-at", f"{send_day.isoformat()}T12:00")
    screenshot(page, "broadcast-form")
    page.click('[data-testid="create-broadcast"]')

    # then it is a draft on its own page, which offers to submit it
    page.wait_for_url(re.compile(r".*/broadcasts/\d+/$"))
    broadcast = Broadcast.objects.get(name="Spring sale")
    assert (broadcast.segment, broadcast.channel, broadcast.template) == ("vips", "sms", "promo-sms")
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "draft")
    page.click('[data-testid="action-submit"]')
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "pending_review")
    expect(page.locator('[data-testid="action-submit"]')).to_have_count(0)

    # when the approver opens it, they approve it
    approver_context = browser.new_context(viewport=VIEWPORT)
    try:
        arne = approver_context.new_page()
        log_in(arne, live_server.url, approver, next_path=f"/broadcasts/{broadcast.pk}/")
        arne.click('[data-testid="action-approve"]')
        expect(arne.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "approved")
        expect(arne.locator('[data-testid="action-publish"]')).to_be_visible()
    finally:
        approver_context.close()

    # then the calendar's month shows it on its send day, and its entry leads back to it
    page.goto(f"{live_server.url}/calendar/?date={send_day.isoformat()}")
    entry = page.locator(f'td[data-date="{send_day.isoformat()}"] [data-kind="broadcast"][data-id="{broadcast.pk}"]')
    expect(entry).to_contain_text("Spring sale")
    expect(entry).to_contain_text("2 contacts")
    screenshot(page, "calendar-month")
    # and the week view too; the arrow key pages to the next week
    page.click('[data-testid="view-week"]')
    expect(page.locator('[data-testid="calendar-grid"]')).to_have_attribute("data-view", "week")
    expect(page.locator(f'[data-kind="broadcast"][data-id="{broadcast.pk}"]')).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f'[data-kind="broadcast"][data-id="{broadcast.pk}"]')).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    page.locator(f'[data-kind="broadcast"][data-id="{broadcast.pk}"]').click()
    page.wait_for_url(f"**/broadcasts/{broadcast.pk}/")
    expect(page.locator("h1")).to_have_text("Spring sale")
