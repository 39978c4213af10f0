"""Editing a draft broadcast from its page in real Chromium: the form comes filled in (the send time in the
browser's zone), and saving PATCHes /api/v1/broadcasts/{id} and shows the changed broadcast."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_marketer_edits_a_draft_broadcast_from_its_page(live_server, page, marketer, screenshot):
    from audiences.services.segments import segment_create
    from audiences.services.static_members import members_add
    from broadcasts.services.broadcasts import broadcast_create
    from tests.factories import ContactFactory, template_for_channel

    # given a draft SMS broadcast to a saved segment, sent at noon ten days ahead
    ContactFactory(user_id="ada", phone="+15550000001")
    members_add(segment_create(key="vips", name="VIPs", kind="static"), ["ada"])
    template_for_channel("promo-sms", "sms")
    template_for_channel("promo-email", "email")
    send_at = (datetime.now(timezone.utc) + timedelta(days=10)).replace(hour=12, minute=0, second=0, microsecond=0)
    broadcast = broadcast_create(user=marketer, name="Spring sale", segment="vips", channel="sms",
                                 template="promo-sms", send_at=send_at)

    # when the marketer opens its page and the edit form: it holds what was saved (the browser's zone is UTC)
    log_in(page, live_server.url, marketer, next_path=f"/broadcasts/{broadcast.pk}/")
    page.click('[data-testid="broadcast-edit"] summary')
    expect(page.locator("#b-name")).to_have_value("Spring sale")
    expect(page.locator("#b-template")).to_have_value("promo-sms")
    expect(page.locator("#b-send-at")).to_have_value(send_at.strftime("%Y-%m-%dT%H:%M"))
    expect(page.locator('[data-testid="audience-size"]')).to_contain_text("1")

    # and renames it, moves it to email and sends it when published
    page.fill("#b-name", "Spring sale by email")
    page.select_option("#b-channel", "email")
    page.select_option("#b-template", "promo-email")
    page.check('input[name="when"][value="now"]')
    screenshot(page, "broadcast-edit")
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.url.endswith(f"/broadcasts/{broadcast.pk}")):
        page.click('[data-testid="save-broadcast"]')

    # then the page shows the changed draft
    expect(page.locator("h1")).to_have_text("Spring sale by email")
    broadcast.refresh_from_db()
    assert (broadcast.name, broadcast.channel, broadcast.template, broadcast.send_at) == (
        "Spring sale by email", "email", "promo-email", None)
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "draft")
