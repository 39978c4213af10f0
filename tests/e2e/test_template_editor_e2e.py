"""The template editor in the browser: a marketer creates an SMS template, adds a zh-hans variant, saves with
Ctrl+S and sees the server's preview of each language, with its segment count."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_template_with_a_chinese_variant_previews_each_language(asgi_server, page, marketer, screenshot):
    from tests.factories import ContactFactory

    ContactFactory(user_id="li", traits={"first_name": "李", "locale": "zh-CN"})
    # given the new-template page
    log_in(page, asgi_server, marketer, "/templates/new/")
    page.fill('[data-testid="slug"]', "welcome-sms")
    page.select_option('[data-testid="channel"]', "sms")
    page.fill('section[data-channel="sms"] [data-testid="field-body"]', "Hi {{ first_name }}")
    # when a zh-hans variant is added and the template saved with Ctrl+S
    page.click('[data-testid="add-locale-zh-hans"]')
    page.fill('section[data-channel="sms"] [data-testid="field-locales.zh-hans.body"]',
              "{{ first_name }}您好，" + "优" * 66 + "{{ coupon }}")
    page.keyboard.press("Control+s")
    page.wait_for_url("**/templates/welcome-sms/?saved=1")
    expect(page.locator('[data-testid="save-status"]')).to_contain_text("Saved.")
    # then the preview for the contact renders her language, with the missing variable and the segment count
    page.fill('[data-testid="preview-user"]', "li")
    page.select_option('[data-testid="preview-locale"]', "contact")
    rendered = page.locator('[data-testid="preview-rendered"] [data-rendered="body"]')
    expect(rendered).to_have_text("李您好，" + "优" * 66)
    expect(page.locator('[data-testid="preview-missing"]')).to_contain_text("coupon")
    expect(page.locator('[data-testid="sms-segments"]')).to_contain_text("1 segment(s), 70 UCS-2 units")
    # and the default content's tab previews the default
    page.click('[role="tab"][data-tab=""]')
    expect(rendered).to_have_text("Hi 李")
    expect(page.locator('[data-testid="sms-segments"]')).to_contain_text("1 segment(s), 4 UCS-2 units")
    # and the history records the creation with the variant
    expect(page.locator('[data-testid="revision"] [data-field="locales.zh-hans.body"]')).to_be_visible()
    screenshot(page, "template-editor-variants")
    # and the list shows the template with its variant
    page.goto(f"{asgi_server}/templates/")
    row = page.locator('[data-testid="template-list"] tr[data-slug="welcome-sms"]')
    expect(row.locator('[data-testid="variant"]')).to_have_text("zh-hans")
    screenshot(page, "template-list")


def test_a_test_send_from_the_editor_reaches_a_test_address_in_the_contacts_language(asgi_server, page, marketer):
    from channels_app.models import Message
    from channels_app.services.templates import template_create
    from tests.factories import ContactFactory

    ContactFactory(user_id="wang", phone="+15550001111", traits={"first_name": "王", "locale": "zh-Hans"})
    template_create(slug="promo-sms", channel="sms", body="Sale for {{ first_name }}",
                    locales={"zh-hans": {"body": "{{ first_name }}，限时特惠"}})
    # given the editor of an SMS template with a Chinese variant
    log_in(page, asgi_server, marketer, "/templates/promo-sms/")
    # when a test is sent for the contact to a test number
    page.fill('[data-testid="test-user"]', "wang")
    page.fill('[data-testid="test-to"]', "+15550009999")
    page.click('[data-testid="test-run"]')
    # then the page says where it went, and the message is a test in her language, not to her own phone
    expect(page.locator('[data-testid="test-status"]')).to_contain_text("+15550009999")
    message = Message.objects.get(template="promo-sms")
    assert message.is_test and message.address == "+15550009999"
    assert message.content == {"body": "王，限时特惠"}
    # and an unknown contact is refused, naming the field
    page.fill('[data-testid="test-user"]', "nobody")
    page.click('[data-testid="test-run"]')
    expect(page.locator('[data-testid="test-status"]')).to_contain_text("userId")
